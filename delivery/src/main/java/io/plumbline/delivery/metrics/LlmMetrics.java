package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tags;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Series of {@code plumbline.llm-stats}: quantile and ratio gauges of the latest closed window, and counters
 * that add each window's totals once (keyed by window end), so {@code rate()} works across restarts and replays.
 */
final class LlmMetrics {

    static final String TOPIC = "plumbline.llm-stats";
    private static final Map<String, String> QUANTILES = Map.of("p50", "0.5", "p90", "0.9", "p95", "0.95", "p99", "0.99");
    private static final Map<String, String> TOKENS = Map.of("input_tokens", "input", "output_tokens", "output",
            "cache_read_tokens", "cache_read", "reasoning_tokens", "reasoning");

    private final SeriesTable table;

    LlmMetrics(SeriesTable table) {
        this.table = table;
    }

    void onRecord(JsonNode json) {
        JsonFields record = new JsonFields(TOPIC, json);
        String service = record.text("service");
        String operation = record.text("operation");
        String prompt = record.text("prompt");
        String provider = record.text("provider");
        String model = record.text("model");
        String promptVersion = record.text("prompt_version");
        long windowEnd = record.integer("window_end");
        List<String> owner = owner(service, operation, prompt, provider, model, promptVersion);
        Tags labels = Tags.of("service", service, "prompt", prompt, "operation", operation,
                "provider", provider, "model", model, "prompt_version", promptVersion);
        Series series = new Series(labels, owner, windowEnd);

        quantiles(record, series, "latency_seconds", "plumbline_llm_latency_seconds");
        quantiles(record, series, "ttft_seconds", "plumbline_llm_ttft_seconds");
        long requests = record.integer("requests");
        series.show("plumbline_llm_refusal_ratio", Tags.empty(), ratio(record.integer("refusals", 0), requests));
        series.show("plumbline_llm_content_filter_ratio", Tags.empty(), ratio(record.integer("content_filtered", 0), requests));

        long failed = 0;
        JsonNode errors = record.object("errors");
        for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> error = it.next();
            if (!error.getValue().isIntegralNumber()) {
                throw record.invalid("errors", "an object of integer counts (\"" + error.getKey() + "\" is not)");
            }
            failed = saturatingAdd(failed, error.getValue().asLong());
            series.add("plumbline_llm_errors_total", Tags.of("error_type", error.getKey()), error.getValue().asLong());
        }
        series.add("plumbline_llm_requests_total", Tags.of("outcome", "success"), Math.max(0, requests - failed));
        series.add("plumbline_llm_requests_total", Tags.of("outcome", "error"), failed);
        TOKENS.forEach((field, type) ->
                series.add("plumbline_llm_tokens_total", Tags.of("type", type), record.integer(field, 0)));
        series.add("plumbline_llm_cost_usd_total", Tags.empty(), record.number("cost_usd").orElse(0));
    }

    static List<String> owner(String service, String operation, String prompt, String provider, String model,
            String promptVersion) {
        return List.of("llm", service, operation, prompt, provider, model, promptVersion);
    }

    private void quantiles(JsonFields record, Series series, String field, String name) {
        JsonNode quantiles = record.object(field);
        QUANTILES.forEach((key, quantile) ->
                series.show(name, Tags.of("quantile", quantile), record.number(quantiles, key)));
    }

    private static OptionalDouble ratio(long part, long requests) {
        return requests > 0 ? OptionalDouble.of((double) part / requests) : OptionalDouble.empty();
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The series of one variant and window. */
    private final class Series {
        private final Tags variant;
        private final List<String> owner;
        private final long windowEnd;

        Series(Tags variant, List<String> owner, long windowEnd) {
            this.variant = variant;
            this.owner = owner;
            this.windowEnd = windowEnd;
        }

        void show(String name, Tags extra, OptionalDouble value) {
            table.show(id(name, extra), windowEnd, value);
        }

        void add(String name, Tags extra, double amount) {
            table.addOnce(id(name, extra), windowEnd, amount);
        }

        private SeriesId id(String name, Tags extra) {
            return new SeriesId(name, variant.and(extra), owner);
        }
    }
}
