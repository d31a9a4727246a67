package io.plumbline.jobs.llm;

import static io.plumbline.jobs.llm.LlmStatsScenario.PARTITIONS;
import static io.plumbline.jobs.llm.LlmStatsScenario.T0;
import static io.plumbline.jobs.llm.LlmStatsScenario.WINDOW;
import static io.plumbline.jobs.llm.LlmStatsScenario.quantile;
import static io.plumbline.jobs.llm.LlmStatsScenario.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.schemas.LlmCallEvent;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole LLM job against a real broker: its statistics for calls in JSON and Avro ({@link LlmStatsScenario}),
 * and the alerts of ten keys' traffic with an incident for every rule.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LlmJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    private final Random random = new Random(20250601L);

    @Test
    void reportsEveryVariantOfEveryWindowAsComputedFromTheCallsAndDeadLettersTheMalformed() throws Exception {
        new LlmStatsScenario(KAFKA.cluster(), checkpoints, "it.llm.stats-run", Map.of(), LlmStatsScenario.JSON_AND_AVRO)
                .runAndAssert();
    }

    /**
     * Nine windows of ten keys. On support-bot's triage prompt, v1 stays as it is while v2's latency goes
     * from about a second to 12-16 s in windows 3 to 5, and v3 appears in window 5; billing's mean cost
     * per call triples in windows 3 and 4; labs' model has no price until its calls carry their cost from
     * window 4 on; search's embeddings never change. One key per remaining rule, each learning its
     * baseline in window 1 and back to it from window 5 on: checkout's calls fail at 1 in 8 in windows 3
     * and 4 (1 in 60 otherwise), moderation's are refused and compose's content-filtered at 1 in 4 (1 in
     * 50 otherwise), grader's eval scores fall from 0.7-1.0 to 0.2-0.5, writer's answers triple in length
     * at the same speed and latency, and analytics' slowest 4 calls in 100 take 34-56 s in windows 3 to 5.
     * Exactly these alerts come out, each where the traffic says, with the values of the calls sent, and
     * the others raise none.
     */
    @Test
    void raisesTheLlmAlertsOfTheTrafficAndNoneForTheStableKeysAndVersions() throws Exception {
        PlumblineConfig config = BoundedLlmRun.configure(KAFKA.cluster(), "it.llm.alerts", PARTITIONS, checkpoints,
                Map.of());
        List<LlmCallEvent> traffic = new ArrayList<>();
        for (int w = 0; w < 9; w++) {
            boolean incident = w == 3 || w == 4;
            for (int i = 0; i < 60; i++) {
                traffic.add(alertCall(w, i, 60, "support-bot", "triage", "openai", "gpt-4o-mini", "v1", 1, null)
                        .build());
                traffic.add(alertCall(w, i, 60, "support-bot", "triage", "openai", "gpt-4o-mini", "v2",
                        w >= 3 && w <= 5 ? 14 : 1, null).build());
                if (w >= 5) {
                    traffic.add(alertCall(w, i, 60, "support-bot", "triage", "openai", "gpt-4o-mini", "v3", 1,
                            null).build());
                }
            }
            for (int i = 0; i < 50; i++) {
                double usd = (incident ? 3 : 1) * (0.010 + 0.004 * random.nextDouble());
                traffic.add(alertCall(w, i, 50, "billing", "summarize", "anthropic", "claude-sonnet-4", "v1", 1,
                        usd).build());
            }
            for (int i = 0; i < 40; i++) {
                traffic.add(alertCall(w, i, 40, "search", null, "openai", "gpt-4.1-nano", null, 0.2, null).build());
            }
            for (int i = 0; i < 30; i++) {
                traffic.add(alertCall(w, i, 30, "labs", "draft", "acme", "acme-large-1", "v1", 1,
                        w >= 4 ? 0.002 + 0.001 * random.nextDouble() : null).build());
            }
            // the error rate needs 100 calls to be judged
            for (int i = 0; i < 120; i++) {
                LlmCallEvent.Builder call = alertCall(w, i, 120, "checkout", "answer", "openai", "gpt-4o-mini", "v1",
                        1, null);
                if (i % (incident ? 8 : 60) == 0) {
                    call.setErrorType("timeout").setGenAiUsageOutputTokens(null);
                }
                traffic.add(call.build());
            }
            for (int i = 0; i < 100; i++) {
                traffic.add(alertCall(w, i, 100, "moderation", "classify", "openai", "gpt-4o-mini", "v1", 1, null)
                        .setRefusal(i % (incident ? 4 : 50) == 0).build());
                traffic.add(alertCall(w, i, 100, "compose", "reply", "openai", "gpt-4o-mini", "v1", 1, null)
                        .setGenAiResponseFinishReasons(
                                List.of(i % (incident ? 4 : 50) == 0 ? "content_filter" : "stop"))
                        .build());
                // the 4 slowest of 100 move p99, not p95
                traffic.add(alertCall(w, i, 100, "analytics", "report", "openai", "gpt-4o-mini", "v1",
                        w >= 3 && w <= 5 && i % 25 == 0 ? 45 : 1, null).build());
            }
            for (int i = 0; i < 60; i++) {
                traffic.add(alertCall(w, i, 60, "grader", "answer", "openai", "gpt-4o-mini", "v1", 1, null)
                        .setEvalScore((incident ? 0.2 : 0.7) + 0.3 * random.nextDouble()).build());
                // 5.25-8.75 s calls: longer answers at the same speed wait less for their first token
                traffic.add(answer(alertCall(w, i, 60, "writer", "draft", "openai", "gpt-4o-mini", "v1", 7, null),
                        (incident ? 500 : 100) + random.nextInt(200), 150 + 50 * random.nextDouble()).build());
            }
        }
        KAFKA.cluster().produce(BoundedLlmRun.inEndTimeOrder(config, traffic, PARTITIONS));

        BoundedLlmRun.run(config);

        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.cluster().consumeAllCommitted(config.topics().alerts(),
                Duration.ofSeconds(30));
        List<JsonNode> alerts = JsonRecords.values(out);
        for (int i = 0; i < out.size(); i++) {
            assertThat(new String(out.get(i).key(), StandardCharsets.UTF_8))
                    .isEqualTo(alerts.get(i).get("fingerprint").asText());
        }
        List<String> raised = alerts.stream().map(a -> a.get("rule").asText() + " " + a.get("labels").get("service")
                .asText() + " " + a.get("labels").path("prompt_version").asText() + " " + a.get("status").asText()
                + " in window " + (a.get("window_start").asLong() - T0) / WINDOW).toList();
        assertThat(raised).containsExactlyInAnyOrder(
                "llm_latency_drift support-bot v2 firing in window 3",
                "llm_output_tokens_per_second_drift support-bot v2 firing in window 3",
                "llm_latency_p95 support-bot v2 firing in window 5",
                "llm_latency_p95 support-bot v2 resolved in window 6",
                "llm_latency_drift support-bot v2 resolved in window 6",
                "llm_output_tokens_per_second_drift support-bot v2 resolved in window 6",
                "llm_version_change support-bot v3 info in window 5",
                "llm_cost_spike billing v1 firing in window 3",
                "llm_cost_spike billing v1 resolved in window 5",
                "llm_unpriced_model labs v1 firing in window 0",
                "llm_unpriced_model labs v1 resolved in window 4",
                "llm_error_rate checkout v1 firing in window 3",
                "llm_error_rate checkout v1 resolved in window 5",
                "llm_refusal_rate_spike moderation v1 firing in window 3",
                "llm_refusal_rate_spike moderation v1 resolved in window 5",
                "llm_content_filter_rate_spike compose v1 firing in window 3",
                "llm_content_filter_rate_spike compose v1 resolved in window 5",
                "llm_eval_score_drift grader v1 firing in window 3",
                "llm_eval_score_drift grader v1 resolved in window 5",
                "llm_output_tokens_drift writer v1 firing in window 3",
                "llm_output_tokens_drift writer v1 resolved in window 5",
                "llm_latency_p99 analytics v1 firing in window 5",
                "llm_latency_p99 analytics v1 resolved in window 6");
        JsonNode p95 = alerts.stream().filter(a -> a.get("rule").asText().equals("llm_latency_p95")).findFirst()
                .orElseThrow();
        assertThat(p95.get("starts_at").asText()).as("the first of the three breaching windows")
                .isEqualTo(Instant.ofEpochMilli(T0 + 3 * WINDOW).toString());
        JsonNode notice = alerts.stream().filter(a -> a.get("rule").asText().equals("llm_version_change")).findFirst()
                .orElseThrow();
        assertThat(notice.get("annotations").get("evidence").asText()).startsWith("prompt version v1 -> v3");
        JsonNode spike = alerts.stream().filter(a -> a.get("rule").asText().equals("llm_cost_spike")).findFirst()
                .orElseThrow();
        assertThat(spike.get("value").asDouble()).isBetween(2.5, 3.5);

        List<LlmCallEvent> checkout = callsOf(traffic, "checkout", 3);
        assertThat(firing(alerts, "llm_error_rate").get("value").asDouble()).as("errors / calls")
                .isEqualTo((double) checkout.stream().filter(c -> c.getErrorType() != null).count() / checkout.size());
        assertThat(firing(alerts, "llm_refusal_rate_spike").get("value").asDouble()).as("refusal rate's rise")
                .isCloseTo(rate(traffic, "moderation", 3, LlmCallEvent::getRefusal)
                        - rate(traffic, "moderation", 1, LlmCallEvent::getRefusal), within(1e-12));
        Predicate<LlmCallEvent> filtered = c -> c.getGenAiResponseFinishReasons().contains("content_filter");
        assertThat(firing(alerts, "llm_content_filter_rate_spike").get("value").asDouble())
                .as("content-filter rate's rise")
                .isCloseTo(rate(traffic, "compose", 3, filtered) - rate(traffic, "compose", 1, filtered),
                        within(1e-12));
        assertThat(firing(alerts, "llm_eval_score_drift").get("value").asDouble()).as("KS D of disjoint scores")
                .isEqualTo(1.0);
        assertThat(firing(alerts, "llm_output_tokens_drift").get("value").asDouble()).as("KS D of disjoint lengths")
                .isEqualTo(1.0);
        JsonNode p99 = firing(alerts, "llm_latency_p99");
        assertThat(p99.get("value").asDouble()).as("p99 of analytics' window 5")
                .isEqualTo(quantile(callsOf(traffic, "analytics", 5).stream()
                        .mapToDouble(LlmStatsScenario::latencySeconds).toArray(), 0.99));
        assertThat(p99.get("starts_at").asText()).as("the first of the three breaching windows")
                .isEqualTo(Instant.ofEpochMilli(T0 + 3 * WINDOW).toString());
    }

    private static JsonNode firing(List<JsonNode> alerts, String rule) {
        return alerts.stream().filter(a -> a.get("rule").asText().equals(rule)
                && a.get("status").asText().equals("firing")).findFirst().orElseThrow();
    }

    private static List<LlmCallEvent> callsOf(List<LlmCallEvent> traffic, String service, int w) {
        return traffic.stream().filter(c -> c.getServiceName().equals(service) && window(c) == T0 + w * WINDOW)
                .toList();
    }

    private static double rate(List<LlmCallEvent> traffic, String service, int w, Predicate<LlmCallEvent> counted) {
        List<LlmCallEvent> calls = callsOf(traffic, service, w);
        return (double) calls.stream().filter(counted).count() / calls.size();
    }

    /** {@code tokens} generated at {@code tokensPerSecond}, the first one after the rest of the call's latency. */
    private static LlmCallEvent.Builder answer(LlmCallEvent.Builder call, long tokens, double tokensPerSecond) {
        double latency = (call.getEndTimeUnixNano() - call.getStartTimeUnixNano()) / 1e9;
        return call.setGenAiUsageOutputTokens(tokens)
                .setGenAiResponseTimeToFirstChunk(latency - tokens / tokensPerSecond);
    }

    /**
     * The i-th of {@code n} calls of window {@code w}, evenly spread; latencies of 0.75 to 1.25 times
     * {@code seconds}.
     */
    private LlmCallEvent.Builder alertCall(int w, int i, int n, String service, String prompt,
                                           String provider, String model, String version, double seconds,
                                           Double costUsd) {
        long endMillis = T0 + w * WINDOW + (i + 1) * (WINDOW / (n + 1));
        double latency = seconds * (0.75 + 0.5 * random.nextDouble());
        boolean embeddings = prompt == null;
        LlmCallEvent.Builder call = LlmCallEvent.newBuilder()
                .setEventId(service + "-" + version + "-" + w + "-" + i)
                .setStartTimeUnixNano(endMillis * 1_000_000L - (long) (latency * 1e9))
                .setEndTimeUnixNano(endMillis * 1_000_000L)
                .setServiceName(service)
                .setGenAiOperationName(embeddings ? "embeddings" : "chat")
                .setGenAiPromptName(prompt)
                .setGenAiProviderName(provider)
                .setGenAiRequestModel(model)
                .setPromptVersion(version)
                .setGenAiUsageInputTokens(1_000L + random.nextInt(1_000))
                .setCostUsd(costUsd);
        if (!embeddings) {
            call.setGenAiUsageOutputTokens(100L + random.nextInt(200));
        }
        return call;
    }
}
