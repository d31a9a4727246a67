package io.plumbline.monitor.pricing;

import java.io.InputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plumbline.monitor.config.ConfigException;

/**
 * LiteLLM's {@code model_prices_and_context_window.json}, read as it is published: a map from
 * model name (bare, such as {@code gpt-4o}, or {@code provider/model}, such as
 * {@code gemini/gemini-2.5-pro}) to prices per token. Only the token prices are read:
 * {@code input_cost_per_token}, {@code output_cost_per_token}, {@code cache_read_input_token_cost},
 * {@code output_cost_per_reasoning_token} and their {@code *_above_<N>k_tokens} tiers. Every other
 * field is LiteLLM's business and ignored, and so is an entry without both an input and an output
 * token price (images, audio, rerank): it cannot price a call by its tokens. The file has no
 * dates, so its prices apply to calls of any date.
 */
final class LiteLlmPrices implements Serializable {

    static final String FORMAT = "JSON";

    /** LiteLLM documents its fields in this entry; it prices nothing. */
    private static final String SAMPLE_SPEC = "sample_spec";
    private static final LocalDate UNDATED = LocalDate.EPOCH;
    private static final Pattern TIER_KEY = Pattern.compile(
            "(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|output_cost_per_reasoning_token)"
                    + "_above_(\\d{1,6})k_tokens");
    private static final long TOKENS_PER_K = 1000;

    /**
     * OpenTelemetry's {@code gen_ai.provider.name} values where LiteLLM's key prefix differs;
     * the others (openai, anthropic, cohere, deepseek, groq, perplexity) are spelt alike.
     */
    private static final Map<String, String> LITELLM_PREFIX = Map.of(
            "gcp.gemini", "gemini",
            "gcp.vertex_ai", "vertex_ai",
            "aws.bedrock", "bedrock",
            "azure.ai.openai", "azure",
            "azure.ai.inference", "azure_ai",
            "mistral_ai", "mistral",
            "x_ai", "xai",
            "ibm.watsonx.ai", "watsonx");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, ModelPrice> byName;

    private LiteLlmPrices(Map<String, ModelPrice> byName) {
        this.byName = byName;
    }

    static LiteLlmPrices read(String name, InputStream in) throws ConfigException {
        JsonNode root = SourceFiles.tree(JSON, FORMAT, name, in);
        if (!root.isObject()) {
            throw new ConfigException(List.of(name + ": expected LiteLLM's model_prices_and_context_window.json,"
                    + " a map from model name to its prices, got " + (root.isMissingNode() ? "an empty file"
                    : SourceFiles.kind(root))));
        }
        List<String> problems = new ArrayList<>();
        Map<String, ModelPrice> byName = new HashMap<>();
        for (Map.Entry<String, JsonNode> model : root.properties()) {
            if (!model.getKey().equals(SAMPLE_SPEC)) {
                ModelPrice price = entry(name, model.getKey(), model.getValue(), problems);
                if (price != null) {
                    byName.put(model.getKey(), price);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LiteLlmPrices(byName);
    }

    /** The price under {@code provider/model} when there is one, else under the bare model name. */
    ModelPrice find(String provider, String model) {
        if (provider != null) {
            String lower = provider.toLowerCase(Locale.ROOT);
            ModelPrice qualified = byName.get(LITELLM_PREFIX.getOrDefault(lower, lower) + "/" + model);
            if (qualified != null) {
                return qualified;
            }
        }
        return byName.get(model);
    }

    int size() {
        return byName.size();
    }

    /** Null for an entry that prices no tokens, or one with problems (added to {@code problems}). */
    private static ModelPrice entry(String file, String model, JsonNode node, List<String> problems) {
        String at = file + ": entry '" + model + "'";
        if (!node.isObject()) {
            problems.add(at + ": expected a map of prices such as input_cost_per_token, got " + SourceFiles.kind(node));
            return null;
        }
        int before = problems.size();
        DeclaredPrices base = prices(at, node, "", problems);
        Map<Long, DeclaredPrices> tiers = new TreeMap<>();
        for (String key : (Iterable<String>) node::fieldNames) {
            Matcher tier = TIER_KEY.matcher(key);
            if (tier.matches()) {
                long above = Long.parseLong(tier.group(2)) * TOKENS_PER_K;
                if (above > 0) {
                    tiers.computeIfAbsent(above, a -> prices(at, node, "_above_" + tier.group(2) + "k_tokens", problems));
                }
            }
        }
        if (problems.size() > before || base.input() == null || base.output() == null) {
            return null;
        }
        return base.modelPrice(file + " '" + model + "'", UNDATED, tiers);
    }

    private static DeclaredPrices prices(String at, JsonNode node, String suffix, List<String> problems) {
        return new DeclaredPrices(
                price(at, node, "input_cost_per_token" + suffix, problems),
                price(at, node, "output_cost_per_token" + suffix, problems),
                price(at, node, "cache_read_input_token_cost" + suffix, problems),
                price(at, node, "output_cost_per_reasoning_token" + suffix, problems));
    }

    private static Double price(String at, JsonNode node, String key, List<String> problems) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !(value.doubleValue() >= 0) || Double.isInfinite(value.doubleValue())) {
            problems.add(at + ": " + key + ": expected a price in USD per token, 0 or more, such as 2.5e-06, got "
                    + SourceFiles.kind(value) + "; correct the entry or remove it");
            return null;
        }
        return value.doubleValue();
    }
}
