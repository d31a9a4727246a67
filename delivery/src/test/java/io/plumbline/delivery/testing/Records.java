package io.plumbline.delivery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.BudgetStats;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.Histogram;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.Quantiles;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;

/** Output-topic records as the jobs write them: the schemas' Avro classes through JsonRecordWriter. */
public final class Records {

    public static final long WINDOW_MS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static JsonNode json(IndexedRecord record) {
        try {
            return JSON.readTree(JsonRecordWriter.toJson(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DriftStats.Builder drift(String modelId, String version, String feature, String scope, long windowEnd) {
        return DriftStats.newBuilder().setModelId(modelId).setModelVersion(version).setFeature(feature)
                .setScope(scope).setWindowStart(windowEnd - WINDOW_MS).setWindowEnd(windowEnd).setBaseline("reference");
    }

    public static LlmStats.Builder llm(String service, String model, long windowEnd) {
        return LlmStats.newBuilder().setService(service).setOperation("chat").setPrompt("support")
                .setProvider("openai").setModel(model).setPromptVersion("7")
                .setWindowStart(windowEnd - WINDOW_MS).setWindowEnd(windowEnd).setRequests(0);
    }

    public static Quantiles quantiles(double p50, double p90, double p95, double p99) {
        return Quantiles.newBuilder().setP50(p50).setP90(p90).setP95(p95).setP99(p99).build();
    }

    /** Counts per bucket of {@code bounds}, the last above them all, as LlmStats' histograms carry them. */
    public static Histogram histogram(List<Double> bounds, double sum, long... counts) {
        return Histogram.newBuilder().setExplicitBounds(bounds).setBucketCounts(Arrays.stream(counts).boxed().toList())
                .setSum(sum).build();
    }

    public static BudgetStats.Builder budget(String scope, String owner, long windowEnd) {
        return BudgetStats.newBuilder().setScope(scope).setOwner(owner).setWindowStart(windowEnd - WINDOW_MS)
                .setWindowEnd(windowEnd).setWindowSpendUsd(0).setDaySpendUsd(0).setDayProjectedSpendUsd(0);
    }

    /**
     * The resolution of a firing alert that a retirement caused, as the jobs write it: no value nor threshold,
     * ends_at when the data stopped, and annotation {@code retired_at}.
     */
    public static Alert retirement(String rule, Map<String, String> labels, long windowEnd, Instant retiredAt) {
        Map<String, String> annotations = new HashMap<>(Map.of("summary", "retired", "retired_at", retiredAt.toString()));
        return Alert.newBuilder(alert("resolved", rule, labels, windowEnd)).setAnnotations(annotations)
                .setEndsAt(Instant.ofEpochMilli(windowEnd - WINDOW_MS).toString()).setValue(Double.NaN)
                .setThreshold(Double.NaN).build();
    }

    public static Alert alert(String status, String rule, Map<String, String> labels, long windowEnd) {
        return Alert.newBuilder().setFingerprint("0123456789abcdef").setStatus(status).setRule(rule)
                .setSeverity(labels.getOrDefault("severity", "warning")).setLabels(Map.copyOf(labels))
                .setStartsAt("2026-01-01T00:00:00Z").setWindowStart(windowEnd - WINDOW_MS).setWindowEnd(windowEnd)
                .setValue(0.3).setThreshold(0.2).build();
    }

    private Records() {
    }
}
