package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.schemas.LlmCallEvent;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolled-back prompt version's alert against a real broker, over nine 10-second windows with
 * {@code llm.variant-idle-after} of three: support-bot's triage prompt serves v1 and v2, and v1's p95
 * latency breaches 10 s in windows 0 to 2, so its alert fires in window 2; then v1 is no longer called
 * while v2 is, through window 8. Three windows after the end of v1's last window with calls, at the end
 * of window 5, v1 is retired and its alert resolves, saying so. Checkout's p95 breaches in every window
 * to the last: its alert still fires when the input ends, which retires nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LlmRetirementITCase {

    private static final int PARTITIONS = 2;
    private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int WINDOWS = 9;
    private static final int IDLE_WINDOWS = 3;
    /** v1's last window with calls. */
    private static final int V1_LAST = 2;
    private static final int CALLS_PER_WINDOW = 30;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void aRolledBackVersionsAlertResolvesOnceItIsRetiredAndTheEndOfTheInputResolvesNothing() throws Exception {
        PlumblineConfig config = BoundedLlmRun.configure(KAFKA.cluster(), "it.llm.retirement", PARTITIONS,
                checkpoints, Map.of("llm.variant-idle-after", IDLE_WINDOWS * WINDOW / 1000 + "s"));
        List<LlmCallEvent> traffic = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            if (w <= V1_LAST) {
                calls(traffic, w, "support-bot", "triage", "v1", 14);
            }
            calls(traffic, w, "support-bot", "triage", "v2", 1);
            calls(traffic, w, "checkout", "answer", "v1", 14);
        }
        long lastWindowNanos = (T0 + (WINDOWS - 1) * WINDOW) * 1_000_000L;
        List<ProducerRecord<byte[], byte[]>> sent = BoundedLlmRun.inEndTimeOrder(config,
                traffic.stream().filter(c -> c.getEndTimeUnixNano() < lastWindowNanos).toList(), PARTITIONS);
        List<ProducerRecord<byte[], byte[]>> held = BoundedLlmRun.inEndTimeOrder(config,
                traffic.stream().filter(c -> c.getEndTimeUnixNano() >= lastWindowNanos).toList(), PARTITIONS);
        Map<TopicPartition, Long> stoppingOffsets = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> record : Stream.concat(sent.stream(), held.stream()).toList()) {
            stoppingOffsets.merge(new TopicPartition(record.topic(), record.partition()), 1L, Long::sum);
        }
        KAFKA.cluster().produce(sent);

        long started = System.nanoTime();
        JobClient job = BoundedLlmRun.start(config, OffsetsInitializer.offsets(stoppingOffsets));
        // Watermarks are emitted periodically: read in one go, the calls could end the input before any
        // watermark passed v1's retirement, and the end of the input retires nothing. The last window is
        // held back until the calls' own watermark has closed window 6, past the end of window 5.
        KAFKA.cluster().consumeCommittedUntil(config.llm().statsTopic(), read -> JsonRecords.values(read).stream()
                .anyMatch(s -> s.get("window_start").asLong() == T0 + 6 * WINDOW), Duration.ofSeconds(60));
        KAFKA.cluster().produce(held);
        BoundedLlmRun.awaitEnd(job);
        System.out.printf("LlmRetirementITCase: %d calls in %.1f s (MiniCluster, parallelism 2, start-up included)%n",
                traffic.size(), (System.nanoTime() - started) / 1e9);

        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.cluster().consumeAllCommitted(config.topics().alerts(),
                Duration.ofSeconds(30));
        List<JsonNode> alerts = JsonRecords.values(out);
        for (int i = 0; i < out.size(); i++) {
            assertThat(new String(out.get(i).key(), StandardCharsets.UTF_8))
                    .isEqualTo(alerts.get(i).get("fingerprint").asText());
        }
        List<String> raised = alerts.stream().map(a -> a.get("rule").asText() + " " + a.get("labels").get("service")
                .asText() + " " + a.get("labels").get("prompt_version").asText() + " " + a.get("status").asText()
                + " at the end of window " + ((a.get("window_end").asLong() - T0) / WINDOW - 1)).toList();
        // in the order they came out, v1 fires before it resolves
        assertThat(raised).containsSubsequence(
                "llm_latency_p95 support-bot v1 firing at the end of window " + V1_LAST,
                "llm_latency_p95 support-bot v1 resolved at the end of window " + (V1_LAST + IDLE_WINDOWS));
        assertThat(raised).as("nothing for v2, nothing resolved by the end of the input").containsExactlyInAnyOrder(
                "llm_latency_p95 support-bot v1 firing at the end of window " + V1_LAST,
                "llm_latency_p95 support-bot v1 resolved at the end of window " + (V1_LAST + IDLE_WINDOWS),
                "llm_latency_p95 checkout v1 firing at the end of window " + V1_LAST);

        JsonNode fired = alerts.get(
                raised.indexOf("llm_latency_p95 support-bot v1 firing at the end of window " + V1_LAST));
        JsonNode retired = alerts.get(raised.indexOf(
                "llm_latency_p95 support-bot v1 resolved at the end of window " + (V1_LAST + IDLE_WINDOWS)));
        String lastCalls = Instant.ofEpochMilli(T0 + (V1_LAST + 1) * WINDOW).toString();
        assertThat(retired.get("fingerprint").asText()).isEqualTo(fired.get("fingerprint").asText());
        assertThat(retired.get("starts_at").asText()).as("the first of the three breaching windows")
                .isEqualTo(fired.get("starts_at").asText()).isEqualTo(Instant.ofEpochMilli(T0).toString());
        assertThat(retired.get("ends_at").asText()).as("the end of v1's last window with calls").isEqualTo(lastCalls);
        assertThat(retired.get("window_start").asLong()).as("the span without calls begins then")
                .isEqualTo(T0 + (V1_LAST + 1) * WINDOW);
        assertThat(retired.has("value")).as("nothing measured").isFalse();
        assertThat(retired.get("annotations").get("description").asText()).startsWith(
                "Resolved without a verdict: prompt version v1 on openai gpt-4o-mini had no calls since " + lastCalls
                        + " (the end of its last window with calls) and was retired after 30s without calls"
                        + " (llm.variant-idle-after).");
    }

    /**
     * Window {@code w}'s calls of a variant, evenly spread, their latencies the same spread around
     * {@code seconds} in every window (0.75 to 1.25 times it): a variant's windows differ only where
     * its latency does, so that no drift test has anything to find.
     */
    private static void calls(List<LlmCallEvent> traffic, int w, String service, String prompt, String version,
                              double seconds) {
        for (int i = 0; i < CALLS_PER_WINDOW; i++) {
            long endMillis = T0 + w * WINDOW + (i + 1) * (WINDOW / (CALLS_PER_WINDOW + 1));
            double latency = seconds * (0.75 + 0.5 * i / (CALLS_PER_WINDOW - 1));
            traffic.add(LlmCallEvent.newBuilder()
                    .setEventId(service + "-" + version + "-" + w + "-" + i)
                    .setStartTimeUnixNano(endMillis * 1_000_000L - (long) (latency * 1e9))
                    .setEndTimeUnixNano(endMillis * 1_000_000L)
                    .setServiceName(service)
                    .setGenAiOperationName("chat")
                    .setGenAiPromptName(prompt)
                    .setGenAiProviderName("openai")
                    .setGenAiRequestModel("gpt-4o-mini")
                    .setPromptVersion(version)
                    .setGenAiUsageInputTokens(1_000L)
                    .setGenAiUsageOutputTokens(200L)
                    .setGenAiResponseFinishReasons(List.of("stop"))
                    .build());
        }
    }
}
