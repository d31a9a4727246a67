package io.plumbline.cli.demo;

import io.plumbline.schemas.Alert;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LLM alerts as the LLM job writes them to the alerts topic (Alert records as JSON), with the labels and
 * evidence of docs/llm-alerts.md, for the printer's tests.
 */
final class LlmAlertRecords {

    /** 14:03:10–14:03:20 UTC. */
    static final long WINDOW_START = Instant.parse("2026-11-23T14:03:10Z").toEpochMilli();

    static final Map<String, String> ANSWER_V8 = variant("support-bot", "answer", "chat", "anthropic",
            "claude-sonnet-4-5-20250929", "v8");
    static final Map<String, String> RERANK = variant("search-api", "rerank", "chat", "gcp.gemini",
            "gemini-2.0-flash-001", "v2");
    /** Embeddings name no prompt and no version: the job leaves those labels out. */
    static final Map<String, String> EMBEDDINGS = variant("search-api", null, "embeddings", "openai",
            "text-embedding-3-small", null);

    static final String LATENCY_P95_FIRING = json(alert("firing", "llm_latency_p95", ANSWER_V8,
            "p95=23.4 s over 512 successful calls, above 10 s in 3 consecutive windows since 2026-11-23T14:02:50Z"));
    static final String COST_SPIKE_FIRING = json(alert("firing", "llm_cost_spike", RERANK,
            "mean cost per priced call $0.00139 over 594 calls against $0.000462 over 601: x3.01"));
    static final String COST_SPIKE_RESOLVED = json(alert("resolved", "llm_cost_spike", RERANK,
            "mean cost per priced call $0.000468 over 598 calls against $0.000462 over 601: x1.01"));
    static final String LATENCY_DRIFT_FIRING = json(alert("firing", "llm_latency_drift", ANSWER_V8,
            "median 12 s against 4.8 s, p90 20 s against 8.1 s; D=0.83 over 512 successful calls and the"
                    + " baseline's 520, p=1.2e-150 (adjusted 1.4e-149 in a family of 12)"));
    static final String ERROR_RATE_FIRING = json(alert("firing", "llm_error_rate", EMBEDDINGS,
            "31 of 451 calls failed (rate=0.0687): 429 20, 500 8, timeout 3"));
    static final String UNPRICED_FIRING = json(alert("firing", "llm_unpriced_model",
            variant("search-api", "autocomplete", "text_completion", "openai", "gpt-3.5-turbo-instruct", "v1"),
            "150 of 150 calls unpriced"));
    static final String BUDGET_FIRING = json(alert("firing", "llm_cost_budget_window",
            new LinkedHashMap<>(Map.of("alertname", "llm_cost_budget_window", "service", "support-bot",
                    "severity", "warning")),
            "window cost $12.40 over the budget of $10"));
    static final String VERSION_CHANGE = json(alert("info", "llm_version_change",
            variant("support-bot", "answer", "chat", "anthropic", "claude-sonnet-4-5-20250929", "v9"),
            "prompt version v8 -> v9, model unchanged, provider unchanged; 40 calls"));

    private LlmAlertRecords() {}

    private static Map<String, String> variant(String service, String prompt, String operation, String provider,
                                               String model, String promptVersion) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service", service);
        labels.put("provider", provider);
        labels.put("model", model);
        labels.put("operation", operation);
        if (prompt != null) {
            labels.put("prompt", prompt);
        }
        if (promptVersion != null) {
            labels.put("prompt_version", promptVersion);
        }
        return labels;
    }

    private static Alert alert(String status, String rule, Map<String, String> variantLabels, String evidence) {
        String severity = "info".equals(status) ? "info" : "llm_error_rate".equals(rule) ? "critical" : "warning";
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule);
        labels.putAll(variantLabels);
        labels.put("severity", severity);
        return Alert.newBuilder()
                .setFingerprint(String.format("%016x", (rule + labels).hashCode() & 0xffffffffL))
                .setStatus(status)
                .setRule(rule)
                .setSeverity(severity)
                .setLabels(labels)
                .setAnnotations(Map.of("evidence", evidence, "summary", rule + " for " + labels.get("service")))
                .setStartsAt("2026-11-23T14:02:50Z")
                .setEndsAt("resolved".equals(status) ? "2026-11-23T14:03:10Z" : null)
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_START + 10_000)
                .setValue(1)
                .setThreshold(0)
                .build();
    }

    private static String json(Alert alert) {
        return new String(JsonRecordWriter.toJson(alert), StandardCharsets.UTF_8);
    }
}
