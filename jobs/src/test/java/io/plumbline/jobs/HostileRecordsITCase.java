package io.plumbline.jobs;

import static io.plumbline.jobs.testing.JsonRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.testing.kafka.KafkaTestCluster;
import io.plumbline.jobs.testing.LiveJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record of about 1 MB between ordinary traffic, to both jobs: the broker takes it, but its dead letter
 * with headers would pass the producer's max.request.size, which failed the dead-letter sink and, on
 * every replay, the job. It must be dead-lettered as too_large, cut to fit (the LLM call's without its
 * value), while both jobs go on and report the windows after it.
 */
class HostileRecordsITCase {

    private static final long WINDOW = 10_000;
    private static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    /** Under the broker's message.max.bytes (1 048 588 with the batch), over the producer's limit with headers. */
    private static final int NEARLY_A_MEGABYTE = 1_048_400;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void aRecordOfAMegabyteIsDeadLetteredCutToFitAndBothJobsGoOn() throws Exception {
        KafkaTestCluster kafka = KAFKA.cluster();
        PlumblineConfig config = LiveJobs.configure(kafka, "hostile", checkpoints, Duration.ofMillis(WINDOW), Map.of());
        for (String topic : List.of(config.topics().predictions(), config.topics().driftStats(),
                config.llm().callsTopic(), config.llm().statsTopic())) {
            kafka.createTopic(topic, 1);
        }
        List<JobClient> jobs = List.of(LiveJobs.startDrift(config, LiveJobs.withoutBaselines(config)),
                LiveJobs.startLlm(config));
        try {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            Random random = new Random(18);
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 50; i++) {
                    long time = T0 + w * WINDOW + i * 100;
                    records.add(new ProducerRecord<>(config.topics().predictions(), prediction(w + "-" + i, time,
                            Double.toString(random.nextGaussian()))));
                    records.add(new ProducerRecord<>(config.llm().callsTopic(), call(w + "-" + i, time, "")));
                }
                if (w == 0) {
                    records.add(new ProducerRecord<>(config.topics().predictions(), bytes("huge-key"),
                            padded(prediction("huge", T0 + 6_000, "\"%s\""))));
                    records.add(new ProducerRecord<>(config.llm().callsTopic(), bytes("huge-key"),
                            padded(call("huge", T0 + 6_000, ",\"tenant\":\"%s\""))));
                }
            }
            kafka.produce(records);

            List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.consumeCommittedUntil(config.topics().deadLetter(),
                    read -> read.size() >= 2, Duration.ofSeconds(60));
            assertThat(deadLetters).hasSize(2).allSatisfy(letter -> {
                assertThat(header(letter, "plumbline.reason")).isEqualTo("too_large");
                assertThat(letter.key()).isEqualTo(bytes("huge-key"));
            });
            ConsumerRecord<byte[], byte[]> prediction = from(deadLetters, config.topics().predictions());
            assertThat(header(prediction, "plumbline.original-size")).isEqualTo(Long.toString(NEARLY_A_MEGABYTE + 8));
            assertThat(prediction.value()).hasSize((int) PlumblineConfig.Limits.DEFAULTS.maxRecordBytes() - 8);
            // an LLM call's value may hold prompt and completion text: never forwarded, its size is in the detail
            ConsumerRecord<byte[], byte[]> call = from(deadLetters, config.llm().callsTopic());
            assertThat(call.value()).isNull();
            assertThat(header(call, "plumbline.detail")).contains("the record is " + (NEARLY_A_MEGABYTE + 8) + " bytes");
            // the windows after the huge record are reported: both jobs went on
            assertThat(windowStarts(kafka, config.topics().driftStats())).contains(T0 + WINDOW);
            assertThat(windowStarts(kafka, config.llm().statsTopic())).contains(T0 + WINDOW);
            for (JobClient job : jobs) {
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            }
        } finally {
            for (JobClient job : jobs) {
                job.cancel().get();
            }
        }
    }

    private static List<Long> windowStarts(KafkaTestCluster kafka, String topic) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> read = kafka.consumeCommittedUntil(topic,
                r -> JsonRecords.values(r).stream().anyMatch(s -> s.get("window_start").asLong() == T0 + WINDOW),
                Duration.ofSeconds(60));
        return JsonRecords.values(read).stream().map(s -> s.get("window_start").asLong()).toList();
    }

    /** The record filled to {@link #NEARLY_A_MEGABYTE} bytes through the one {@code %s} it has. */
    private static byte[] padded(byte[] record) {
        String text = new String(record, StandardCharsets.UTF_8);
        return bytes(text.formatted("x".repeat(NEARLY_A_MEGABYTE - text.length() + 2)));
    }

    private static byte[] prediction(String id, long time, String income) {
        return bytes("{\"event_id\":\"p-" + id + "\",\"timestamp\":" + time + ",\"model_id\":\"m\","
                + "\"model_version\":\"v1\",\"features\":{\"income\":" + income + "},\"prediction\":0.5}");
    }

    private static byte[] call(String id, long time, String extra) {
        long end = time * 1_000_000L;
        return bytes("{\"event_id\":\"c-" + id + "\",\"start_time_unix_nano\":" + (end - 300_000_000L)
                + ",\"end_time_unix_nano\":" + end + ",\"service.name\":\"bot\",\"gen_ai.operation.name\":\"chat\","
                + "\"gen_ai.provider.name\":\"openai\",\"gen_ai.request.model\":\"gpt-4o\",\"cost.usd\":0.001"
                + extra + "}");
    }

    private static ConsumerRecord<byte[], byte[]> from(List<ConsumerRecord<byte[], byte[]>> deadLetters, String topic) {
        return deadLetters.stream().filter(letter -> header(letter, "plumbline.source.topic").equals(topic))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter from " + topic));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
