package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Series of {@code plumbline.llm-stats}' LlmStats records: quantile and ratio gauges of the latest closed
 * window, counters that add each window's totals once (keyed by window end), so {@code rate()} works across
 * restarts and replays, and OpenTelemetry's GenAI client histograms, which add each window's bucket counts
 * once the same way.
 */
final class LlmMetrics {

    static final String TOPIC = "plumbline.llm-stats";
    private static final Map<String, String> QUANTILES = Map.of("p50", "0.5", "p90", "0.9", "p95", "0.95", "p99", "0.99");
    private static final Map<String, String> TOKENS = Map.of("input_tokens", "input", "output_tokens", "output",
            "cache_read_tokens", "cache_read", "reasoning_tokens", "reasoning");
    private static final List<OtelHistogram> HISTOGRAMS = List.of(
            new OtelHistogram("latency_seconds_histogram", "gen_ai_client_operation_duration_seconds", Tags.empty()),
            new OtelHistogram("ttft_seconds_histogram", "gen_ai_client_operation_time_to_first_chunk_seconds",
                    Tags.empty()),
            new OtelHistogram("input_tokens_histogram", "gen_ai_client_token_usage", Tags.of("gen_ai_token_type", "input")),
            new OtelHistogram("output_tokens_histogram", "gen_ai_client_token_usage",
                    Tags.of("gen_ai_token_type", "output")));

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
        // OpenTelemetry's names for the same variant: dashboards built for its instrumentation select by them
        Series otel = new Series(Tags.of("service", service, "prompt", prompt, "prompt_version", promptVersion,
                "gen_ai_operation_name", operation, "gen_ai_provider_name", provider, "gen_ai_response_model", model),
                owner, windowEnd);
        List<Buckets> histograms = histograms(record, otel);
        long requests = record.integer("requests");
        JsonNode errors = record.object("errors");
        long failed = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> error = it.next();
            if (!error.getValue().isIntegralNumber()) {
                throw record.invalid("errors", "an object of integer counts (\"" + error.getKey() + "\" is not)");
            }
            failed = Sums.saturatingAdd(failed, error.getValue().asLong());
        }

        quantiles(record, series, "latency_seconds", "plumbline_llm_latency_seconds");
        quantiles(record, series, "ttft_seconds", "plumbline_llm_ttft_seconds");
        series.show("plumbline_llm_output_tokens_per_second", Tags.of("quantile", "0.1"),
                record.number("output_tokens_per_second_p10"));
        series.show("plumbline_llm_output_tokens_per_second", Tags.of("quantile", "0.5"),
                record.number("output_tokens_per_second_p50"));
        series.show("plumbline_llm_eval_score", Tags.of("quantile", "0.1"), record.number("eval_score_p10"));
        series.show("plumbline_llm_eval_score", Tags.of("quantile", "0.5"), record.number("eval_score_p50"));
        series.show("plumbline_llm_refusal_ratio", Tags.empty(), ratio(record.integer("refusals", 0), requests));
        series.show("plumbline_llm_content_filter_ratio", Tags.empty(), ratio(record.integer("content_filtered", 0), requests));

        errors.fields().forEachRemaining(error -> series.add("plumbline_llm_errors_total",
                Tags.of("error_type", error.getKey()), error.getValue().asLong()));
        series.add("plumbline_llm_requests_total", Tags.of("outcome", "success"), Math.max(0, requests - failed));
        series.add("plumbline_llm_requests_total", Tags.of("outcome", "error"), failed);
        TOKENS.forEach((field, type) ->
                series.add("plumbline_llm_tokens_total", Tags.of("type", type), record.integer(field, 0)));
        series.add("plumbline_llm_cost_usd_total", Tags.empty(), record.number("cost_usd").orElse(0));
        histograms.forEach(h -> table.addBucketsOnce(h.id(), h.windowEnd(), h.bounds(), h.counts(), h.sum()));
    }

    static List<String> owner(String service, String operation, String prompt, String provider, String model,
            String promptVersion) {
        return List.of("llm", service, operation, prompt, provider, model, promptVersion);
    }

    /** Every histogram of the record, checked before anything is shown, so a bad one changes no series. */
    private List<Buckets> histograms(JsonFields record, Series otel) {
        List<Buckets> histograms = new ArrayList<>(HISTOGRAMS.size());
        for (OtelHistogram h : HISTOGRAMS) {
            String field = h.field();
            JsonNode histogram = record.object(field);
            if (histogram.isEmpty()) {
                continue;
            }
            double[] bounds = bounds(record, field, histogram.get("explicit_bounds"));
            long[] counts = counts(record, field, histogram.get("bucket_counts"), bounds.length + 1);
            OptionalDouble sum = record.number(histogram, "sum");
            if (sum.isEmpty() || !(sum.getAsDouble() >= 0)) {
                throw record.invalid(field, "a histogram with a sum ≥ 0");
            }
            SeriesId id = otel.id(h.name(), h.extra());
            table.checkBounds(id, bounds);
            histograms.add(new Buckets(id, otel.windowEnd, bounds, counts, sum.getAsDouble()));
        }
        return histograms;
    }

    private static double[] bounds(JsonFields record, String field, JsonNode bounds) {
        if (bounds == null || !bounds.isArray()) {
            throw record.invalid(field, "a histogram with an array explicit_bounds");
        }
        double[] values = new double[bounds.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode bound = bounds.get(i);
            values[i] = bound.asDouble();
            if (!bound.isNumber() || !Double.isFinite(values[i]) || i > 0 && !(values[i] > values[i - 1])) {
                throw record.invalid(field, "a histogram whose explicit_bounds are finite numbers, strictly ascending");
            }
        }
        return values;
    }

    private static long[] counts(JsonFields record, String field, JsonNode counts, int expected) {
        if (counts == null || !counts.isArray() || counts.size() != expected) {
            throw record.invalid(field, "a histogram with one more bucket_counts than explicit_bounds (" + expected + ")");
        }
        long[] values = new long[expected];
        for (int i = 0; i < expected; i++) {
            JsonNode count = counts.get(i);
            if (!count.isIntegralNumber() || !count.canConvertToLong() || count.asLong() < 0) {
                throw record.invalid(field, "a histogram whose bucket_counts are integers ≥ 0");
            }
            values[i] = count.asLong();
        }
        return values;
    }

    private void quantiles(JsonFields record, Series series, String field, String name) {
        JsonNode quantiles = record.object(field);
        QUANTILES.forEach((key, quantile) ->
                series.show(name, Tags.of("quantile", quantile), record.number(quantiles, key)));
    }

    private static OptionalDouble ratio(long part, long requests) {
        return requests > 0 ? OptionalDouble.of((double) part / requests) : OptionalDouble.empty();
    }

    /** An LlmStats histogram field, the OpenTelemetry histogram it feeds, and the labels it adds there. */
    private record OtelHistogram(String field, String name, Tags extra) {
    }

    /** One window's buckets of one histogram series, checked and ready to add. */
    private record Buckets(SeriesId id, long windowEnd, double[] bounds, long[] counts, double sum) {
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

        SeriesId id(String name, Tags extra) {
            return new SeriesId(name, variant.and(extra), owner);
        }
    }
}
