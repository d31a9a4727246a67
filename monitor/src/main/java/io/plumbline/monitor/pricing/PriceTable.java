package io.plumbline.monitor.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plumbline.monitor.config.ConfigException;

/**
 * Every price Plumbline knows, and the one for a given call. Sources, the first that has a price
 * for the model at the call's date winning:
 * <ol>
 *   <li>the YAML overlay ({@code llm.prices.file}): among its entries matching the model, the one
 *       with the newest {@code effective_from} on or before the call's date, then the first in
 *       the file;</li>
 *   <li>LiteLLM's JSON file ({@code llm.prices.litellm-file}): the {@code provider/model} entry,
 *       else the bare model name's;</li>
 *   <li>the built-in table ({@link #DEFAULT_TABLE}), its entries chosen among as the overlay's are.</li>
 * </ol>
 * The response model is looked up first, then the request model (a response may name a dated
 * snapshot no table knows yet while the request names its alias).
 *
 * <p>Serialisable, so that a Flink function can hold it; the cache is not shipped with it.
 * Thread safe.
 */
public final class PriceTable implements Serializable {

    /** The built-in table, a resource beside this class. */
    public static final String DEFAULT_TABLE = "default-prices.yaml";

    /** Distinct (provider, model) pairs whose candidate prices are kept; a call stream has few models. */
    static final int CACHE_SIZE = 1024;

    private static final Comparator<PriceRule> NEWEST_FIRST =
            Comparator.comparing((PriceRule r) -> r.price().effectiveFrom()).reversed();

    private final List<PriceRule> overlay;
    private final LiteLlmPrices liteLlm;
    private final List<PriceRule> defaults;
    private final transient Map<String, List<ModelPrice>> candidatesByModel = lruCache();

    private PriceTable(List<PriceRule> overlay, LiteLlmPrices liteLlm, List<PriceRule> defaults) {
        this.overlay = sortedNewestFirst(overlay);
        this.liteLlm = liteLlm;
        this.defaults = sortedNewestFirst(defaults);
    }

    /** The built-in table alone. */
    public static PriceTable defaults() {
        return new PriceTable(List.of(), null, defaultRules());
    }

    /**
     * The built-in table under the given files.
     *
     * @param overlayYaml our YAML price file ({@code llm.prices.file}), or null
     * @param liteLlmJson LiteLLM's {@code model_prices_and_context_window.json} ({@code llm.prices.litellm-file}), or null
     * @throws ConfigException listing every problem of the files
     */
    public static PriceTable load(Path overlayYaml, Path liteLlmJson) throws ConfigException {
        List<String> problems = new ArrayList<>();
        List<PriceRule> overlay = List.of();
        LiteLlmPrices liteLlm = null;
        try {
            if (overlayYaml != null) {
                overlay = SourceFiles.read(overlayYaml, "llm.prices.file", PriceFile::read);
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            if (liteLlmJson != null) {
                liteLlm = SourceFiles.read(liteLlmJson, "llm.prices.litellm-file", LiteLlmPrices::read);
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new PriceTable(overlay, liteLlm, defaultRules());
    }

    /**
     * The price of a call, or empty when it is unpriced.
     *
     * @param provider the call's {@code gen_ai.provider.name}, or null
     * @param responseModel {@code gen_ai.response.model}, or null
     * @param requestModel {@code gen_ai.request.model}, or null
     * @param callEpochMillis when the call started; a price applies from its effective date on (UTC)
     */
    public Optional<ModelPrice> lookup(String provider, String responseModel, String requestModel, long callEpochMillis) {
        Optional<ModelPrice> price = lookup(provider, responseModel, callEpochMillis);
        return price.isPresent() ? price : lookup(provider, requestModel, callEpochMillis);
    }

    private Optional<ModelPrice> lookup(String provider, String model, long callEpochMillis) {
        if (model == null || model.isEmpty()) {
            return Optional.empty();
        }
        for (ModelPrice price : candidates(provider, model)) {
            if (price.appliesAt(callEpochMillis)) {
                return Optional.of(price);
            }
        }
        return Optional.empty();
    }

    /** Every price for the model, in the order they win; matching regexes once per model, not per call. */
    private List<ModelPrice> candidates(String provider, String model) {
        String key = (provider == null ? "" : provider) + '\u0000' + model;
        synchronized (candidatesByModel) {
            List<ModelPrice> cached = candidatesByModel.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<ModelPrice> candidates = new ArrayList<>();
        addMatches(overlay, provider, model, candidates);
        ModelPrice fromLiteLlm = liteLlm == null ? null : liteLlm.find(provider, model);
        if (fromLiteLlm != null) {
            candidates.add(fromLiteLlm);
        }
        addMatches(defaults, provider, model, candidates);
        List<ModelPrice> result = List.copyOf(candidates);
        synchronized (candidatesByModel) {
            candidatesByModel.put(key, result);
        }
        return result;
    }

    /** How many models the cache holds now; at most {@link #CACHE_SIZE}. */
    int cachedModels() {
        synchronized (candidatesByModel) {
            return candidatesByModel.size();
        }
    }

    private static void addMatches(List<PriceRule> rules, String provider, String model, List<ModelPrice> into) {
        for (PriceRule rule : rules) {
            if (rule.matches(provider, model)) {
                into.add(rule.price());
            }
        }
    }

    private static List<PriceRule> sortedNewestFirst(List<PriceRule> rules) {
        List<PriceRule> sorted = new ArrayList<>(rules);
        sorted.sort(NEWEST_FIRST); // stable: among equal dates, file order stays
        return List.copyOf(sorted);
    }

    private static List<PriceRule> defaultRules() {
        try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULT_TABLE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_TABLE + " is missing from the jar");
            }
            return PriceFile.read(DEFAULT_TABLE + " (built in)", in);
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in price table is broken: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <K, V> Map<K, V> lruCache() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHE_SIZE;
            }
        };
    }

    /** A deserialised table starts with an empty cache (the field is transient). */
    private Object readResolve() {
        return new PriceTable(overlay, liteLlm, defaults);
    }
}
