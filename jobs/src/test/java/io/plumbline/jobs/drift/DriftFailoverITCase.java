package io.plumbline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * The drift job restarted by Flink after a task fails mid-window, after a checkpoint, with the restart
 * strategy production uses: what a {@code read_committed} reader sees of its drift stats, alerts and dead
 * letters is record for record what a run without the failure published — nothing lost, nothing twice.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DriftFailoverITCase {

    private static final long T0 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int EVENTS_PER_WINDOW = 2_000;
    private static final int WINDOWS = 7;
    private static final Set<Integer> SHIFTED_WINDOWS = Set.of(3, 4);
    private static final long SEED = 20250301L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void aTaskFailureMidWindowAfterACheckpointChangesNothingThatReadCommittedReadersSee() throws Exception {
        CommittedOutputs reference = run("it.failover.reference", false, Map.of());
        CommittedOutputs failedOnce = run("it.failover.failed", true, Map.of());

        assertThat(FailOnceSource.hasFailed("it.failover.failed")).as("the injected failure happened").isTrue();
        assertThat(reference.alerts()).as("the traffic fires and resolves alerts").isNotEmpty();
        assertThat(reference.deadLetters()).as("the traffic has malformed records").isNotEmpty();
        failedOnce.assertSameAs(reference);
        System.out.printf("DriftFailoverITCase: the drift job restarted from a checkpoint after a task failed mid-window: %d output records compared, 0 missing, 0 twice%n", reference.size());
    }

    /**
     * The same on RocksDB with incremental checkpoints, against the heap backend without a failure: the drift
     * stage puts back what it changes in place, so what RocksDB restores is what the heap held.
     */
    @Test
    void onRocksDbTheRestoredRunPublishesWhatTheHeapRunDid() throws Exception {
        CommittedOutputs reference = run("it.failover.heap", false, Map.of());
        CommittedOutputs failedOnce = run("it.failover.rocksdb", true,
                Map.of("checkpoint.state-backend", "rocksdb", "checkpoint.incremental", "true"));

        assertThat(FailOnceSource.hasFailed("it.failover.rocksdb")).as("the injected failure happened").isTrue();
        assertThat(reference.alerts()).as("the traffic fires and resolves alerts").isNotEmpty();
        failedOnce.assertSameAs(reference);
        System.out.printf("DriftFailoverITCase: on RocksDB, restored from an incremental checkpoint after a task failed mid-window: %d output records compared, 0 missing, 0 twice%n", reference.size());
    }

    /**
     * Sends the same traffic as every run, in two parts: windows 0-2 and half of window 3, then, once a
     * checkpoint has committed results, the rest of window 3, windows 4-6 and malformed records. A run with
     * {@code fail} arms its source to fail after its next checkpoint, so it fails with window 3 half read.
     */
    private CommittedOutputs run(String prefix, boolean fail, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.put("job.parallelism", "2");
        all.put("checkpoint.interval", "500ms");
        PlumblineConfig config = BoundedDriftRun.configure(KAFKA.cluster(), prefix, DriftTraffic.PARTITIONS,
                checkpoints.resolve(prefix), all);
        DriftTraffic traffic = new DriftTraffic(config.topics().predictions(), T0, WINDOW, EVENTS_PER_WINDOW, SEED);
        List<ProducerRecord<byte[], byte[]>> firstPart = traffic.windows(0, 3, SHIFTED_WINDOWS);
        List<ProducerRecord<byte[], byte[]>> window3 = traffic.windows(3, 4, SHIFTED_WINDOWS);
        firstPart.addAll(window3.subList(0, window3.size() / 2));
        List<ProducerRecord<byte[], byte[]>> secondPart = new ArrayList<>(window3.subList(window3.size() / 2,
                window3.size()));
        secondPart.addAll(traffic.malformed(T0 + 35_000));
        secondPart.addAll(traffic.windows(4, WINDOWS, SHIFTED_WINDOWS));
        long[] end = traffic.endOffsets();

        KAFKA.cluster().produce(firstPart);
        JobClient job = start(config, end, prefix);
        KAFKA.cluster().consumeCommittedUntil(config.topics().driftStats(), read -> !read.isEmpty(),
                Duration.ofSeconds(90));
        if (fail) {
            FailOnceSource.arm(prefix);
        }
        KAFKA.cluster().produce(secondPart);
        job.getJobExecutionResult().get(150, TimeUnit.SECONDS);
        return CommittedOutputs.read(KAFKA.cluster(), config.topics().driftStats(), config.topics().alerts(),
                config.topics().deadLetter());
    }

    private static JobClient start(PlumblineConfig config, long[] endOffsets, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                IntegrationClusters.withFixedDelayRestarts(DriftJob.flinkConfiguration(config)));
        DriftJob.define(env, config, new DriftJobIo(
                new FailOnceSource<>(KafkaIo.predictionsSource(config)
                        .setBounded(OffsetsInitializer.offsets(BoundedDriftRun.stoppingOffsets(config, endOffsets)))
                        .build(), name),
                KafkaIo.deadLetterSink(config), KafkaIo.driftStatsSink(config), KafkaIo.alertsSink(config)));
        return env.executeAsync(config.job().name());
    }
}
