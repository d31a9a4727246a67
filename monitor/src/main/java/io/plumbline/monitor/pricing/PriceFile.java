package io.plumbline.monitor.pricing;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.plumbline.alerts.text.Spelling;
import io.plumbline.monitor.config.ConfigException;

/**
 * Reads our YAML price format: a list of entries, prices in USD per million tokens (as price
 * pages state them, so that a reviewer can compare a line with the page).
 *
 * <pre>
 * - match: gpt-4o-mini(-\d{4}-\d{2}-\d{2})?   # a Java regex over the whole model name
 *   provider: openai                          # optional: only calls from this provider
 *   effective_from: 2024-07-18                # UTC date from which the price applies
 *   input: 0.15
 *   output: 0.60
 *   cache_read: 0.075                         # optional: the input price when left out
 *   reasoning: 0.60                           # optional: the output price when left out
 *   tiers:                                    # optional: long-context prices
 *     - above_input_tokens: 200000
 *       input: 0.30
 *       output: 1.20
 * </pre>
 *
 * Every problem of the file is reported at once, each naming the entry, the key and the fix.
 */
final class PriceFile {

    static final String FORMAT = "YAML";

    private static final double PER_MILLION = 1_000_000;
    private static final Map<String, String> PRICE_KEYS = Map.of(
            "input", "input tokens",
            "output", "output tokens",
            "cache_read", "input tokens read from the prompt cache",
            "reasoning", "reasoning output tokens");
    private static final List<String> ENTRY_KEYS = List.of(
            "match", "provider", "effective_from", "input", "output", "cache_read", "reasoning", "tiers");
    private static final List<String> TIER_KEYS = List.of("above_input_tokens", "input", "output", "cache_read", "reasoning");

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private PriceFile() {
    }

    /** The file's entries in file order. */
    static List<PriceRule> read(String name, InputStream in) throws ConfigException {
        JsonNode root = SourceFiles.tree(YAML, FORMAT, name, in);
        if (root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw new ConfigException(List.of(name + ": expected a list of price entries, each starting"
                    + " '- match: ...', got " + SourceFiles.kind(root)));
        }
        List<String> problems = new ArrayList<>();
        List<PriceRule> rules = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            PriceRule rule = entry(name, i + 1, root.get(i), problems);
            if (rule != null) {
                rules.add(rule);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return rules;
    }

    /** Null when the entry has problems, which are added to {@code problems}. */
    private static PriceRule entry(String file, int number, JsonNode node, List<String> problems) {
        String at = file + ": entry " + number;
        if (!node.isObject()) {
            problems.add(at + ": expected keys such as match, effective_from, input and output, got "
                    + SourceFiles.kind(node));
            return null;
        }
        JsonNode match = node.path("match");
        if (match.isTextual()) {
            at += " (match '" + match.asText() + "')";
        }
        int before = problems.size();
        unknownKeys(at, node, ENTRY_KEYS, problems);
        Pattern pattern = pattern(at, match, problems);
        String provider = provider(at, node.get("provider"), problems);
        LocalDate effectiveFrom = effectiveFrom(at, node.get("effective_from"), problems);
        DeclaredPrices prices = prices(at, node, true, problems);
        Map<Long, DeclaredPrices> tiers = tiers(at, node.get("tiers"), problems);
        if (problems.size() > before) {
            return null;
        }
        String source = file + " entry " + number + " (match '" + pattern.pattern() + "')";
        return new PriceRule(pattern, provider, prices.modelPrice(source, effectiveFrom, tiers));
    }

    private static Pattern pattern(String at, JsonNode match, List<String> problems) {
        if (match.isMissingNode() || match.isNull()) {
            problems.add(at + ": match: missing; give a Java regex for the whole model name,"
                    + " e.g. gpt-4o-mini(-\\d{4}-\\d{2}-\\d{2})?");
            return null;
        }
        if (!match.isTextual() || match.asText().isBlank()) {
            problems.add(at + ": match: expected a Java regex for the whole model name, got " + SourceFiles.kind(match));
            return null;
        }
        try {
            return Pattern.compile(match.asText());
        } catch (PatternSyntaxException e) {
            problems.add(at + ": match: not a valid Java regex (" + e.getDescription() + " near index "
                    + e.getIndex() + "); escape a literal '.', '(' or '[' with a backslash, or quote the"
                    + " name as \\Q...\\E");
            return null;
        }
    }

    private static String provider(String at, JsonNode provider, List<String> problems) {
        if (provider == null || provider.isNull()) {
            return null;
        }
        if (!provider.isTextual() || provider.asText().isBlank()) {
            problems.add(at + ": provider: expected a gen_ai.provider.name such as openai, got "
                    + SourceFiles.kind(provider) + "; leave it out to match every provider");
            return null;
        }
        return provider.asText().trim();
    }

    private static LocalDate effectiveFrom(String at, JsonNode date, List<String> problems) {
        if (date == null || date.isNull()) {
            problems.add(at + ": effective_from: missing; give the UTC date from which the price"
                    + " applies, e.g. 2024-08-06 (the date on the price page, or the model's release)");
            return null;
        }
        try {
            return LocalDate.parse(date.asText());
        } catch (DateTimeParseException e) {
            problems.add(at + ": effective_from: expected an ISO date such as 2024-08-06, got "
                    + SourceFiles.kind(date));
            return null;
        }
    }

    /** Prices per token; the entry's input and output are required, a tier's are not. */
    private static DeclaredPrices prices(String at, JsonNode node, boolean entry, List<String> problems) {
        return new DeclaredPrices(
                price(at, node, "input", entry, problems),
                price(at, node, "output", entry, problems),
                price(at, node, "cache_read", false, problems),
                price(at, node, "reasoning", false, problems));
    }

    private static Double price(String at, JsonNode node, String key, boolean required, List<String> problems) {
        JsonNode value = node.get(key);
        String what = PRICE_KEYS.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(at + ": " + key + ": missing; give the price in USD per million " + what + ", e.g. 2.50");
            }
            return null;
        }
        if (!value.isNumber()) {
            problems.add(at + ": " + key + ": expected a price in USD per million " + what
                    + " such as 2.50, got " + SourceFiles.kind(value));
            return null;
        }
        double perMillion = value.doubleValue();
        if (!(perMillion >= 0) || Double.isInfinite(perMillion)) {
            problems.add(at + ": " + key + ": " + value.asText() + " is not a price; give USD per million "
                    + what + ", 0 or more (0 for a free model)");
            return null;
        }
        return perMillion / PER_MILLION;
    }

    /** By the input-token count above which each tier applies; empty when there are none or on problems. */
    private static Map<Long, DeclaredPrices> tiers(String at, JsonNode tiers, List<String> problems) {
        Map<Long, DeclaredPrices> byThreshold = new LinkedHashMap<>();
        if (tiers == null || tiers.isNull()) {
            return byThreshold;
        }
        if (!tiers.isArray()) {
            problems.add(at + ": tiers: expected a list of '- above_input_tokens: N' entries with their prices, got "
                    + SourceFiles.kind(tiers));
            return byThreshold;
        }
        long previous = 0;
        for (int i = 0; i < tiers.size(); i++) {
            String tierAt = at + ": tier " + (i + 1);
            JsonNode tier = tiers.get(i);
            if (!tier.isObject()) {
                problems.add(tierAt + ": expected keys above_input_tokens and input, output, cache_read or"
                        + " reasoning, got " + SourceFiles.kind(tier));
                continue;
            }
            unknownKeys(tierAt, tier, TIER_KEYS, problems);
            DeclaredPrices prices = prices(tierAt, tier, false, problems);
            if (prices.isEmpty()) {
                problems.add(tierAt + ": states no price; give at least one of input, output, cache_read or reasoning");
            }
            JsonNode above = tier.get("above_input_tokens");
            if (above == null || above.isNull()) {
                problems.add(tierAt + ": above_input_tokens: missing; give the input-token count above which"
                        + " the tier's prices apply, e.g. 200000");
            } else if (!above.canConvertToExactIntegral() || !above.canConvertToLong() || above.longValue() <= 0) {
                problems.add(tierAt + ": above_input_tokens: expected a whole number of tokens above 0 such as"
                        + " 200000, got " + SourceFiles.kind(above));
            } else if (above.longValue() <= previous) {
                problems.add(tierAt + ": above_input_tokens: " + above.longValue() + " is not above tier " + i
                        + "'s " + previous + "; list tiers in increasing order of above_input_tokens");
            } else {
                previous = above.longValue();
                byThreshold.put(previous, prices);
            }
        }
        return byThreshold;
    }

    private static void unknownKeys(String at, JsonNode node, List<String> known, List<String> problems) {
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!known.contains(key)) {
                String guess = Spelling.closest(key, known);
                problems.add(at + ": unknown key '" + key + "'" + (guess != null
                        ? " (did you mean '" + guess + "'?)"
                        : "; expected " + String.join(", ", known)));
            }
        }
    }
}
