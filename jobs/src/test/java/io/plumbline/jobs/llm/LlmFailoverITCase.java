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

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.testing.kafka.CommittedOutputs;
import io.plumbline.jobs.testing.FailOnceSource;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.monitor.config.PlumblineConfig;

/**
 * The LLM job restarted by Flink after a task fails mid-window, after a checkpoint: its route profiles,
 * baselines, rule state, alert book and budget spend come back from the checkpoint, and what a
 * {@code read_committed} reader sees of its LLM stats, alerts and dead letters is record for record what a run
 * without the failure published.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LlmFailoverITCase {

    private static final long T0 = Instant.parse("2025-07-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int WINDOWS = 7;
    private static final int PARTITIONS = 2;
    private static final long SEED = 20250701L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void aTaskFailureMidWindowAfterACheckpointChangesNothingThatReadCommittedReadersSee() throws Exception {
        CommittedOutputs reference = run("it.llm-failover.reference", false);
        CommittedOutputs failedOnce = run("it.llm-failover.failed", true);

        assertThat(FailOnceSource.hasFailed("it.llm-failover.failed")).as("the injected failure happened").isTrue();
        assertThat(reference.alerts()).as("the traffic fires and resolves alerts").isNotEmpty();
        assertThat(reference.stats()).as("budget spend is among the stats")
                .anyMatch(line -> line.contains("\"scope\":\"service\""));
        failedOnce.assertSameAs(reference);
        System.out.printf("LlmFailoverITCase: the LLM job restarted from a checkpoint after a task failed mid-window: %d output records compared, 0 missing, 0 twice%n", reference.size());
    }

    /**
     * Sends the same calls in every run, in two parts split in the middle of window 3, the second once a
     * checkpoint has committed results; a run with {@code fail} arms its source to fail after its next
     * checkpoint, so it fails with window 3 half read.
     */
    private CommittedOutputs run(String prefix, boolean fail) throws Exception {
        PlumblineConfig config = BoundedLlmRun.configure(KAFKA.cluster(), prefix, PARTITIONS,
                checkpoints.resolve(prefix), Map.of("checkpoint.interval", "500ms",
                        "llm.budgets[0].service", "billing", "llm.budgets[0].window-usd", "0.5"));
        List<ProducerRecord<byte[], byte[]>> records = BoundedLlmRun.inEndTimeOrder(config,
                new LlmIncidents(T0, WINDOW, SEED).windows(WINDOWS), PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            records.add(new ProducerRecord<>(config.llm().callsTopic(), p, null,
                    "{\"event_id\": \"cut off".getBytes(StandardCharsets.UTF_8)));
        }
        int middleOfWindow3 = (int) records.stream().takeWhile(r -> !isPastMiddleOfWindow3(r)).count();
        List<ProducerRecord<byte[], byte[]>> firstPart = new ArrayList<>(records.subList(0, middleOfWindow3));
        List<ProducerRecord<byte[], byte[]>> secondPart = records.subList(middleOfWindow3, records.size());

        KAFKA.cluster().produce(firstPart);
        JobClient job = start(config, prefix, records);
        KAFKA.cluster().consumeCommittedUntil(config.llm().statsTopic(), read -> !read.isEmpty(),
                Duration.ofSeconds(90));
        if (fail) {
            FailOnceSource.arm(prefix);
        }
        KAFKA.cluster().produce(secondPart);
        job.getJobExecutionResult().get(150, TimeUnit.SECONDS);
        return CommittedOutputs.read(KAFKA.cluster(), config.llm().statsTopic(), config.topics().alerts(),
                config.topics().deadLetter());
    }

    /** Bounded at the offsets where {@code records} end, in the partitions they name. */
    private static JobClient start(PlumblineConfig config, String name, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            ends.merge(new TopicPartition(record.topic(), record.partition()), 1L, Long::sum);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                IntegrationClusters.withFixedDelayRestarts(LlmJob.flinkConfiguration(config)));
        LlmJob.define(env, config, new LlmJobIo(
                new FailOnceSource<>(KafkaIo.llmCallsSource(config).setBounded(OffsetsInitializer.offsets(ends))
                        .build(), name),
                KafkaIo.llmDeadLetterSink(config), KafkaIo.llmStatsSink(config), KafkaIo.llmAlertsSink(config)));
        return env.executeAsync(config.llm().jobName());
    }

    private static boolean isPastMiddleOfWindow3(ProducerRecord<byte[], byte[]> record) {
        String json = new String(record.value(), StandardCharsets.UTF_8);
        int at = json.indexOf("\"end_time_unix_nano\"");
        if (at < 0) {
            return true; // the malformed records come last
        }
        String digits = json.substring(json.indexOf(':', at) + 1).replaceAll("^\\s*\"?(\\d+).*$", "$1");
        return Long.parseLong(digits) / 1_000_000 >= T0 + 3 * WINDOW + WINDOW / 2;
    }
}
