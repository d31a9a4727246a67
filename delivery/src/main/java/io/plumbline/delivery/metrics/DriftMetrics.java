package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Gauges of the latest closed window from {@code plumbline.drift-stats}. The prediction's record carries
 * {@code feature="prediction"} (as the topic does) and no extra label, so the series keep DESIGN's label set;
 * the model's record feeds the model-level gauges.
 */
final class DriftMetrics {

    static final String TOPIC = "plumbline.drift-stats";
    private static final List<String> STATISTICS = List.of("psi", "ks_statistic", "ks_pvalue", "robust_linf",
            "wasserstein_norm", "js_distance", "chi2_pvalue", "new_category_rate");

    private final SeriesTable table;

    DriftMetrics(SeriesTable table) {
        this.table = table;
    }

    void onRecord(JsonNode json) {
        JsonFields record = new JsonFields(TOPIC, json);
        String modelId = record.text("model_id");
        String modelVersion = record.text("model_version");
        long windowEnd = record.integer("window_end");
        List<String> owner = owner(modelId, modelVersion);
        Tags model = Tags.of("model_id", modelId, "model_version", modelVersion);
        String scope = record.text("scope", "feature");
        switch (scope) {
            case "model" -> onModel(record, model, owner, windowEnd);
            case "feature", "prediction" -> onFeature(record, model.and("feature", record.text("feature")), owner, windowEnd);
            default -> throw record.invalid("scope", "feature, prediction or model");
        }
    }

    static List<String> owner(String modelId, String modelVersion) {
        return List.of("model", modelId, modelVersion);
    }

    private void onFeature(JsonFields record, Tags labels, List<String> owner, long windowEnd) {
        for (String statistic : STATISTICS) {
            set("plumbline_feature_" + statistic, labels, owner, windowEnd, record.number(statistic));
        }
        // n_current counts the values only: the events are those, the missing ones and the mismatched ones,
        // as the missing-rate rule counts them
        long missing = record.integer("missing_current", 0);
        long events = record.integer("n_current", 0) + missing + record.integer("type_mismatch_current", 0);
        set("plumbline_feature_missing_rate", labels, owner, windowEnd,
                events > 0 ? OptionalDouble.of((double) missing / events) : OptionalDouble.empty());
    }

    private void onModel(JsonFields record, Tags labels, List<String> owner, long windowEnd) {
        set("plumbline_model_drift_share", labels, owner, windowEnd, record.number("drift_share"));
        set("plumbline_model_events", labels, owner, windowEnd, OptionalDouble.of(record.integer("n_current", 0)));
        set("plumbline_window_end_timestamp_seconds", labels, owner, windowEnd, OptionalDouble.of(windowEnd / 1000.0));
        long baselineEnd = record.integer("baseline_window_end", Long.MIN_VALUE);
        set("plumbline_baseline_age_seconds", labels, owner, windowEnd, baselineEnd == Long.MIN_VALUE
                ? OptionalDouble.empty() : OptionalDouble.of((windowEnd - baselineEnd) / 1000.0));
    }

    private void set(String name, Tags labels, List<String> owner, long windowEnd, OptionalDouble value) {
        table.show(new SeriesId(name, labels, owner), windowEnd, value);
    }
}
