package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.detectors.testing.ExactStatistics;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.LlmCallEncoder;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole LLM job against a real broker: calls of two routes over three 10-second windows, in JSON
 * and Avro on two partitions, of several variants — two prompt versions of one model, a dated response
 * model, a provider whose long prompts pay a higher tier, a model no table prices, and a provider whose
 * calls always carry their own cost — with errors of two types, refusals, content filters, streamed and
 * unstreamed calls, calls without token counts and eval scores on some. Every LlmStats field is checked
 * against an exact computation over the calls sent: sums, counts, costs from the providers' published
 * prices, and each quantile as the order statistic of rank ⌈q·n⌉. Malformed calls are dead letters.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LlmJobITCase {

    /** The topics' prefix of the stats run, whose calls are produced as they are made. */
    private static final String STATS_RUN = "it.llm.stats-run";
    private static final String CALLS = STATS_RUN + ".llm-calls";
    private static final String STATS = STATS_RUN + ".llm-stats";
    private static final String DEAD_LETTER = STATS_RUN + ".dead-letter";
    private static final int PARTITIONS = 2;
    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int WINDOWS = 3;
    private static final int CALL_COUNT = 3_000;
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
    private static final String[] QUANTILE_NAMES = {"p50", "p90", "p95", "p99"};

    /** The routes' variants: provider, request model, response model (null: the request's), prompt version. */
    private static final List<Variant> SUPPORT_BOT = List.of(
            new Variant("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "v1"),
            new Variant("openai", "gpt-4o-mini", null, "v2"),
            new Variant("anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514", "v1"),
            new Variant("acme", "acme-large-1", null, "v1"));
    private static final List<Variant> SEARCH = List.of(
            new Variant("openai", "gpt-4.1-nano", null, null),
            new Variant("cohere", "embed-v4.0", null, null));

    /**
     * USD per million tokens on 2025-06-01, from the providers' price pages (docs/prices.md): input,
     * cached input, output; reasoning is billed as output.
     */
    private static final Map<String, double[]> PRICES = Map.of(
            "gpt-4o-mini", new double[] {0.15, 0.075, 0.60},
            "claude-sonnet-4", new double[] {3.00, 0.30, 15.00},
            "gpt-4.1-nano", new double[] {0.10, 0.025, 0.40});
    /** Claude Sonnet 4's prompts above 200 000 input tokens pay this for all their tokens. */
    private static final double[] SONNET_LONG_CONTEXT = {6.00, 0.60, 22.50};

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    private final Random random = new Random(20250601L);
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<LlmCallEvent> accepted = new ArrayList<>();
    private final Map<String, RejectReason> rejected = new HashMap<>();
    private final long[] offsets = new long[PARTITIONS];

    @Test
    void reportsEveryVariantOfEveryWindowAsComputedFromTheCallsAndDeadLettersTheMalformed() throws Exception {
        PlumblineConfig config = BoundedLlmRun.configure(KAFKA.cluster(), STATS_RUN, PARTITIONS, checkpoints,
                Map.of());
        for (int i = 0; i < CALL_COUNT; i++) {
            call(i);
        }
        Map<TopicPartition, Long> stoppingOffsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            stoppingOffsets.put(new TopicPartition(CALLS, p), offsets[p]);
        }
        KAFKA.cluster().produce(records);

        long started = System.nanoTime();
        BoundedLlmRun.awaitEnd(BoundedLlmRun.start(config, OffsetsInitializer.offsets(stoppingOffsets)));
        System.out.printf("LlmJobITCase: %d calls in %.1f s (MiniCluster, parallelism 2, start-up included)%n",
                CALL_COUNT, (System.nanoTime() - started) / 1e9);

        List<ConsumerRecord<byte[], byte[]>> stats = KAFKA.cluster().consumeAllCommitted(STATS, Duration.ofSeconds(30));
        assertStatsAreExactlyThoseOfTheCallsSent(stats);
        assertEveryMalformedCallIsADeadLetter(KAFKA.cluster().consumeAllCommitted(DEAD_LETTER, Duration.ofSeconds(30)));
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
                        .mapToDouble(LlmJobITCase::latencySeconds).toArray(), 0.99));
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

    private void assertStatsAreExactlyThoseOfTheCallsSent(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<LlmCallEvent>> expected = accepted.stream().collect(Collectors.groupingBy(
                LlmJobITCase::statsKey, TreeMap::new, Collectors.toList()));
        Map<String, JsonNode> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode s = JsonRecords.values(List.of(r)).get(0);
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(actual.put(key + "@" + s.get("window_start").asLong(), s)).as("twice: %s", key).isNull();
        }
        // six variants over three windows, every one of them seen in each
        assertThat(actual.keySet()).hasSize((SUPPORT_BOT.size() + SEARCH.size()) * WINDOWS)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, calls) -> assertMatches(key, actual.get(key), calls));

        // every kind of call the test means to cover was sent and reported
        List<JsonNode> all = List.copyOf(actual.values());
        assertThat(all.stream().mapToLong(s -> s.get("refusals").asLong()).sum()).isPositive();
        assertThat(all.stream().mapToLong(s -> s.get("content_filtered").asLong()).sum()).isPositive();
        assertThat(all).anySatisfy(s -> assertThat(s.get("errors").has("timeout")).isTrue());
        assertThat(all).anySatisfy(s -> assertThat(s.get("errors").has("rate_limited")).isTrue());
        assertThat(all).filteredOn(s -> s.get("model").asText().equals("acme-large-1"))
                .allSatisfy(s -> {
                    assertThat(s.get("unpriced_calls").asLong()).isEqualTo(s.get("requests").asLong()
                            - reported(accepted, s));
                    assertThat(s.get("unpriced_calls").asLong()).isPositive();
                });
        assertThat(all).filteredOn(s -> s.get("operation").asText().equals("embeddings"))
                .allSatisfy(s -> assertThat(s.has("ttft_seconds")).isFalse());
        assertThat(all).filteredOn(s -> s.get("model").asText().equals("claude-sonnet-4-20250514"))
                .allSatisfy(s -> assertThat(s.get("unpriced_calls").asLong()).isEqualTo(noTokens(s)));
        assertThat(accepted).as("a failed call without tokens on a priced model, which costs nothing")
                .anyMatch(c -> c.getErrorType() != null && c.getCostUsd() == null
                        && c.getGenAiUsageInputTokens() == null && PRICES.containsKey(c.getGenAiRequestModel()));
    }

    private void assertMatches(String key, JsonNode s, List<LlmCallEvent> calls) {
        LlmCallEvent first = calls.get(0);
        long windowStart = window(first);
        String description = key;
        assertThat(s.get("service").asText()).as(description).isEqualTo(first.getServiceName());
        assertThat(s.get("operation").asText()).as(description).isEqualTo(first.getGenAiOperationName());
        assertThat(s.get("prompt").asText()).as(description).isEqualTo(orEmpty(first.getGenAiPromptName()));
        assertThat(s.get("provider").asText()).as(description).isEqualTo(first.getGenAiProviderName());
        assertThat(s.get("model").asText()).as(description).isEqualTo(responseModel(first));
        assertThat(s.get("prompt_version").asText()).as(description).isEqualTo(orEmpty(first.getPromptVersion()));
        assertThat(s.get("window_start").asLong()).as(description).isEqualTo(windowStart);
        assertThat(s.get("window_end").asLong()).as(description).isEqualTo(windowStart + WINDOW);
        assertThat(s.get("requests").asLong()).as(description).isEqualTo(calls.size());

        Map<String, Long> errors = calls.stream().filter(c -> c.getErrorType() != null)
                .collect(Collectors.groupingBy(LlmCallEvent::getErrorType, TreeMap::new, Collectors.counting()));
        Map<String, Long> reportedErrors = new TreeMap<>();
        s.get("errors").properties().forEach(e -> reportedErrors.put(e.getKey(), e.getValue().asLong()));
        assertThat(reportedErrors).as(description).isEqualTo(errors);
        assertThat(s.get("refusals").asLong()).as(description).isEqualTo(calls.stream().filter(LlmCallEvent::getRefusal).count());
        assertThat(s.get("content_filtered").asLong()).as(description).isEqualTo(calls.stream()
                .filter(c -> c.getGenAiResponseFinishReasons() != null
                        && c.getGenAiResponseFinishReasons().contains("content_filter")).count());
        assertThat(s.get("input_tokens").asLong()).as(description).isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageInputTokens));
        assertThat(s.get("output_tokens").asLong()).as(description).isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageOutputTokens));
        assertThat(s.get("cache_read_tokens").asLong()).as(description)
                .isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageCacheReadInputTokens));
        assertThat(s.get("reasoning_tokens").asLong()).as(description)
                .isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageReasoningOutputTokens));

        double cost = 0;
        long unpriced = 0;
        for (LlmCallEvent c : calls) {
            Double usd = expectedCost(c);
            if (usd == null) {
                unpriced++;
            } else {
                cost += usd;
            }
        }
        assertThat(s.get("unpriced_calls").asLong()).as(description).isEqualTo(unpriced);
        assertThat(s.get("cost_usd").asDouble()).as(description).isCloseTo(cost, within(1e-9 * Math.max(1, cost)));

        List<LlmCallEvent> succeeded = calls.stream().filter(c -> c.getErrorType() == null).toList();
        assertQuantiles(description + " latency", s.get("latency_seconds"),
                succeeded.stream().mapToDouble(LlmJobITCase::latencySeconds).toArray());
        assertQuantiles(description + " ttft", s.get("ttft_seconds"), succeeded.stream()
                .filter(c -> c.getGenAiResponseTimeToFirstChunk() != null)
                .mapToDouble(LlmCallEvent::getGenAiResponseTimeToFirstChunk).toArray());
        double[] speeds = succeeded.stream().mapToDouble(LlmJobITCase::outputTokensPerSecond)
                .filter(v -> !Double.isNaN(v)).toArray();
        assertOptional(description + " output tokens per second", s.get("output_tokens_per_second_p50"),
                speeds.length == 0 ? null : quantile(speeds, 0.5));
        double[] scores = calls.stream().filter(c -> c.getEvalScore() != null)
                .mapToDouble(LlmCallEvent::getEvalScore).toArray();
        if (scores.length == 0) {
            assertThat(s.has("eval_score_mean")).as(description).isFalse();
            assertThat(s.has("eval_score_p10")).as(description).isFalse();
        } else {
            assertThat(s.get("eval_score_mean").asDouble()).as(description)
                    .isCloseTo(Arrays.stream(scores).sum() / scores.length, within(1e-12));
            assertThat(s.get("eval_score_p10").asDouble()).as(description).isEqualTo(quantile(scores, 0.1));
        }
    }

    private static void assertQuantiles(String description, JsonNode quantiles, double[] values) {
        if (values.length == 0) {
            assertThat(quantiles).as(description).isNull();
            return;
        }
        assertThat(quantiles).as(description).isNotNull();
        for (int q = 0; q < QUANTILES.length; q++) {
            assertThat(quantiles.get(QUANTILE_NAMES[q]).asDouble()).as(description + " " + QUANTILE_NAMES[q])
                    .isEqualTo(quantile(values, QUANTILES[q]));
        }
    }

    private static void assertOptional(String description, JsonNode value, Double expected) {
        if (expected == null) {
            assertThat(value).as(description).isNull();
        } else {
            assertThat(value).as(description).isNotNull();
            assertThat(value.asDouble()).as(description).isEqualTo(expected);
        }
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ExactStatistics.orderStatistic(sorted, q);
    }

    private void assertEveryMalformedCallIsADeadLetter(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
            assertThat(header(letter, "plumbline.source.topic")).isEqualTo(CALLS);
            assertThat(header(letter, "plumbline.detail")).isNotBlank();
            reasons.put(header(letter, "plumbline.source.partition") + "/" + header(letter, "plumbline.source.offset"),
                    header(letter, "plumbline.reason"));
        }
        assertThat(reasons).hasSize(deadLetters.size());
        Map<String, String> expected = new HashMap<>();
        rejected.forEach((coordinates, reason) -> expected.put(coordinates, reason.code()));
        assertThat(reasons).isEqualTo(expected);
        assertThat(rejected.values()).containsExactlyInAnyOrder(RejectReason.MISSING_FIELD, RejectReason.UNDECODABLE,
                RejectReason.OUT_OF_RANGE);
    }

    /**
     * The i-th call, ending in order over the three windows; two in three on support-bot's triage
     * prompt (chat), the rest on search's unnamed one (embeddings). Three malformed records among them.
     */
    private void call(int i) {
        long endMillis = T0 + i * (WINDOWS * WINDOW) / CALL_COUNT;
        long endNanos = endMillis * 1_000_000L + random.nextInt(1_000_000);
        boolean chat = random.nextInt(3) < 2;
        List<Variant> variants = chat ? SUPPORT_BOT : SEARCH;
        Variant v = variants.get(random.nextInt(variants.size()));
        double latency = 0.05 + Math.exp(random.nextGaussian() * 0.8);
        LlmCallEvent.Builder call = LlmCallEvent.newBuilder()
                .setEventId("call-" + i)
                .setStartTimeUnixNano(endNanos - (long) (latency * 1e9))
                .setEndTimeUnixNano(endNanos)
                .setServiceName(chat ? "support-bot" : "search")
                .setGenAiOperationName(chat ? "chat" : "embeddings")
                .setGenAiPromptName(chat ? "triage" : null)
                .setGenAiProviderName(v.provider())
                .setGenAiRequestModel(v.requestModel())
                .setGenAiResponseModel(v.responseModel())
                .setPromptVersion(v.promptVersion());
        tokens(call, chat, v);
        int outcome = random.nextInt(100);
        if (outcome < 5) {
            call.setErrorType("timeout");
        } else if (outcome < 9) {
            call.setErrorType("rate_limited");
        } else if (outcome < 12 && chat) {
            call.setRefusal(true);
        } else if (outcome < 15 && chat) {
            call.setGenAiResponseFinishReasons(List.of("content_filter"));
        } else if (chat) {
            call.setGenAiResponseFinishReasons(List.of("stop"));
        }
        if (chat && random.nextBoolean()) {
            call.setGenAiResponseTimeToFirstChunk(latency * random.nextDouble());
        }
        if (v.provider().equals("cohere") || random.nextInt(5) == 0) {
            call.setCostUsd(random.nextInt(10_000) / 1e6);
        }
        if (random.nextInt(10) < 4) {
            call.setEvalScore(random.nextInt(101) / 100.0);
        }
        LlmCallEvent event = call.build();
        int partition = i % PARTITIONS;
        byte[] value = (i / PARTITIONS) % 2 == 0 ? LlmCallEncoder.json(event) : LlmCallEncoder.avroSingleObject(event);
        if (i == 100) {
            String json = new String(LlmCallEncoder.json(event), StandardCharsets.UTF_8);
            send(partition, json.replaceFirst("\"service\\.name\":\"[^\"]*\",", "").getBytes(StandardCharsets.UTF_8),
                    RejectReason.MISSING_FIELD);
        } else if (i == 1_500) {
            send(partition, "{\"event_id\":".getBytes(StandardCharsets.UTF_8), RejectReason.UNDECODABLE);
        } else if (i == 2_500) {
            send(partition, LlmCallEncoder.avroSingleObject(LlmCallEvent.newBuilder(event).setEvalScore(1.5).build()),
                    RejectReason.OUT_OF_RANGE);
        } else {
            send(partition, value, null);
            accepted.add(event);
        }
    }

    /**
     * Chat calls report input and output tokens, some with cache reads and reasoning, one in twenty
     * none at all; a tenth of Claude's prompts are long enough for its higher tier. Embeddings report
     * input tokens only.
     */
    private void tokens(LlmCallEvent.Builder call, boolean chat, Variant v) {
        if (chat && random.nextInt(20) == 0) {
            return;
        }
        long input = v.requestModel().startsWith("claude") && random.nextInt(10) == 0
                ? 200_001 + random.nextInt(50_000) : 100 + random.nextInt(20_000);
        call.setGenAiUsageInputTokens(input);
        if (random.nextBoolean()) {
            call.setGenAiUsageCacheReadInputTokens((long) random.nextInt((int) input + 1));
        }
        if (chat) {
            long output = random.nextInt(2_000);
            call.setGenAiUsageOutputTokens(output);
            if (random.nextInt(3) == 0) {
                call.setGenAiUsageReasoningOutputTokens((long) random.nextInt((int) output + 1));
            }
        }
    }

    private void send(int partition, byte[] value, RejectReason reason) {
        records.add(new ProducerRecord<>(CALLS, partition, null, value));
        long offset = offsets[partition]++;
        if (reason != null) {
            rejected.put(partition + "/" + offset, reason);
        }
    }

    /**
     * The sender's cost, else the published price of the tokens (none for a failed call without
     * tokens), else null: unpriced, as is a successful call without tokens.
     */
    private static Double expectedCost(LlmCallEvent c) {
        if (c.getCostUsd() != null) {
            return c.getCostUsd();
        }
        double[] price = PRICES.get(c.getGenAiRequestModel());
        Long input = c.getGenAiUsageInputTokens();
        Long output = c.getGenAiUsageOutputTokens();
        if (price == null || input == null && output == null && c.getErrorType() == null) {
            return null;
        }
        if (c.getGenAiRequestModel().equals("claude-sonnet-4") && input != null && input > 200_000) {
            price = SONNET_LONG_CONTEXT;
        }
        long in = input == null ? 0 : input;
        long cached = orZero(c.getGenAiUsageCacheReadInputTokens());
        long out = output == null ? 0 : output;
        return ((in - cached) * price[0] + cached * price[1] + out * price[2]) / 1e6;
    }

    /** Output tokens over the generation time (latency less time to first chunk); NaN where not measured. */
    private static double outputTokensPerSecond(LlmCallEvent c) {
        long output = orZero(c.getGenAiUsageOutputTokens());
        double latency = latencySeconds(c);
        double generation = c.getGenAiResponseTimeToFirstChunk() == null ? latency
                : latency - c.getGenAiResponseTimeToFirstChunk();
        return output > 0 && generation >= 0.001 ? output / generation : Double.NaN;
    }

    private static double latencySeconds(LlmCallEvent c) {
        return (c.getEndTimeUnixNano() - c.getStartTimeUnixNano()) / 1e9;
    }

    private static long window(LlmCallEvent c) {
        long end = Math.floorDiv(c.getEndTimeUnixNano(), 1_000_000L);
        return end - Math.floorMod(end, WINDOW);
    }

    private static String statsKey(LlmCallEvent c) {
        return c.getServiceName() + "/" + orEmpty(c.getGenAiPromptName()) + "/" + c.getGenAiOperationName() + "/"
                + c.getGenAiProviderName() + "/" + responseModel(c) + "/" + orEmpty(c.getPromptVersion())
                + "@" + window(c);
    }

    private static String responseModel(LlmCallEvent c) {
        return c.getGenAiResponseModel() != null ? c.getGenAiResponseModel() : c.getGenAiRequestModel();
    }

    /** Calls of the record's variant and window that carry their own cost. */
    private static long reported(List<LlmCallEvent> calls, JsonNode s) {
        return calls.stream().filter(c -> inRecord(c, s) && c.getCostUsd() != null).count();
    }

    /** Successful calls of the record's variant and window without cost and token counts: nothing to price them by. */
    private long noTokens(JsonNode s) {
        return accepted.stream().filter(c -> inRecord(c, s) && c.getCostUsd() == null && c.getErrorType() == null
                && c.getGenAiUsageInputTokens() == null && c.getGenAiUsageOutputTokens() == null).count();
    }

    private static boolean inRecord(LlmCallEvent c, JsonNode s) {
        return responseModel(c).equals(s.get("model").asText())
                && orEmpty(c.getPromptVersion()).equals(s.get("prompt_version").asText())
                && window(c) == s.get("window_start").asLong();
    }

    private static long sum(List<LlmCallEvent> calls, Function<LlmCallEvent, Long> count) {
        return calls.stream().map(count).mapToLong(LlmJobITCase::orZero).sum();
    }

    private static long orZero(Long count) {
        return count == null ? 0 : count;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private record Variant(String provider, String requestModel, String responseModel, String promptVersion) {
    }
}
