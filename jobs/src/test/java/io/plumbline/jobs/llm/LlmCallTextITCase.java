package io.plumbline.jobs.llm;

import static io.plumbline.jobs.testing.JsonRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.jobs.testing.CapturedLogs;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.jobs.testing.LiveJobs;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.testing.kafka.CanaryScan;
import io.plumbline.testing.kafka.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLM calls that carry the prompt and the completion, in every field a producer might put them in (names of
 * SDKs, of OpenTelemetry's GenAI conventions old and new): the job reads none of them, and none of their
 * text may leave it. Accepted, malformed, late and oversized calls all carry a canary in their text, and the
 * canary must not show in the LLM job's outputs, its dead letters, its checkpoints or anything logged
 * meanwhile.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LlmCallTextITCase {

    private static final long WINDOW = 2_000;
    private static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final int MAX_RECORD_BYTES = 4_096;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    private final CanaryScan scan = CanaryScan.of("promptcanary");

    @Test
    void noTextOfACallReachesTheOutputsTheDeadLettersTheCheckpointsOrTheLogs() throws Exception {
        KafkaTestCluster kafka = KAFKA.cluster();
        PlumblineConfig config = LiveJobs.configure(kafka, "text", checkpoints, Duration.ofMillis(WINDOW),
                Map.of("limits.max-record-bytes", Integer.toString(MAX_RECORD_BYTES)));
        String calls = config.llm().callsTopic();
        kafka.createTopics(1, calls, config.llm().statsTopic());

        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        try (CapturedLogs logs = CapturedLogs.start()) {
            JobClient job = LiveJobs.startLlm(config);
            try {
                List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    first.add(record(calls, call("c" + i, T0 + i * 100, contentFields(i))));
                }
                first.add(record(calls, call("no-service", T0 + 500, contentFields(1)).replace(
                        "\"service.name\":\"support-bot\",", "")));
                first.add(record(calls, call("wrong-type", T0 + 600, contentFields(2)).replace(
                        "\"gen_ai.usage.input_tokens\":1200", "\"gen_ai.usage.input_tokens\":\"1200\"")));
                String cut = call("cut", T0 + 700, contentFields(3));
                first.add(record(calls, cut.substring(0, cut.indexOf(scan.canary()) + scan.canary().length() + 5)));
                first.add(record(calls, call("huge", T0 + 800, contentFields(4) + ",\"prompt_padding\":\""
                        + "x".repeat(MAX_RECORD_BYTES) + "\"")));
                // closes window 0 once the watermark passes
                first.add(record(calls, call("next", T0 + 2 * WINDOW + 500, contentFields(5))));
                kafka.produce(first);
                kafka.consumeCommittedUntil(config.llm().statsTopic(), stats -> JsonRecords.values(stats).stream()
                        .anyMatch(s -> s.path("window_start").asLong() == T0), Duration.ofSeconds(60));

                kafka.produce(List.of(record(calls, call("late", T0 + 900, contentFields(6))),
                        record(calls, call("last", T0 + 4 * WINDOW, contentFields(7)))));
                deadLetters = kafka.consumeCommittedUntil(config.topics().deadLetter(), read -> read.size() >= 5,
                        Duration.ofSeconds(60));
                kafka.consumeCommittedUntil(config.llm().statsTopic(), stats -> JsonRecords.values(stats).stream()
                        .anyMatch(s -> s.path("window_start").asLong() == T0 + 2 * WINDOW), Duration.ofSeconds(60));
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
            logs.lines().forEach(line -> scan.text("log", line));
            assertThat(logs.lines()).as("log events captured").isNotEmpty();
        }

        assertThat(deadLetters).extracting(d -> header(d, "plumbline.reason"))
                .containsExactlyInAnyOrder("missing_field", "wrong_type", "undecodable", "too_large", "late");
        scan.records("dead-letter", deadLetters);
        for (String topic : List.of(config.llm().statsTopic(), config.topics().alerts())) {
            scan.records(topic, kafka.consumeAllCommitted(topic, Duration.ofSeconds(30)));
        }
        scan.files(checkpoints);
        assertThat(scan.scanned()).as("checkpoint files scanned").anyMatch(where -> where.startsWith("file ")
                && where.contains("/llm/"));
        scan.assertNotSeen();
    }

    /** The text fields of call {@code i}, a few in each: the job must ignore them all, whichever come. */
    private String contentFields(int i) {
        String text = "Customer " + i + " wrote: my card " + scan.canary() + " was charged twice";
        List<String> fields = List.of(
                "\"prompt\":\"" + text + "\",\"completion\":\"" + text + "\"",
                "\"input\":\"" + text + "\",\"output\":\"" + text + "\"",
                "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"},{\"role\":\"assistant\",\"content\":\""
                        + text + "\"}]",
                "\"gen_ai.prompt\":\"" + text + "\",\"gen_ai.completion\":\"" + text + "\"",
                "\"gen_ai.input.messages\":[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + text
                        + "\"}]}],\"gen_ai.output.messages\":[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                        + "\"content\":\"" + text + "\"}],\"finish_reason\":\"stop\"}]",
                "\"gen_ai.system_instructions\":[{\"type\":\"text\",\"content\":\"" + text + "\"}]");
        return fields.get(i % fields.size()) + "," + fields.get((i + 3) % fields.size());
    }

    private static String call(String id, long endMillis, String extra) {
        long end = endMillis * 1_000_000L;
        return "{\"event_id\":\"" + id + "\",\"start_time_unix_nano\":" + (end - 300_000_000L)
                + ",\"end_time_unix_nano\":" + end + ",\"service.name\":\"support-bot\","
                + "\"gen_ai.operation.name\":\"chat\",\"gen_ai.provider.name\":\"openai\","
                + "\"gen_ai.request.model\":\"gpt-4o\",\"gen_ai.prompt.name\":\"refunds\","
                + "\"gen_ai.usage.input_tokens\":1200,\"gen_ai.usage.output_tokens\":80,\"cost.usd\":0.001,"
                + extra + "}";
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, bytes("support-bot"), bytes(value));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
