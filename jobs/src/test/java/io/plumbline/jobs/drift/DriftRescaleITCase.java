package io.plumbline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.RescaledRun;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.testing.kafka.CommittedOutputs;

/**
 * The drift job stopped with a savepoint at parallelism 1, resumed from it at parallelism 2, stopped again and
 * resumed at parallelism 1, each time mid-window, on traffic where one model sends nine events in ten (a hot
 * key, all on one subtask at parallelism 2): a {@code read_committed} reader sees record for record what a
 * run at parallelism 1 without a stop published.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DriftRescaleITCase {

    private static final long T0 = Instant.parse("2025-04-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    /**
     * The hot model's 2 700 events a window stay under {@link io.plumbline.detectors.sketch.NumericSketch}'s exact
     * capacity: past it, a sketch depends on the order its values came in, which two partitions read in parallel
     * change from run to run, and the statistics would differ in their third digit.
     */
    private static final int EVENTS_PER_WINDOW = 300;
    private static final int HOT_FACTOR = 9;
    private static final int WINDOWS = 8;
    /** Fire in the run at parallelism 2, resolve in the last run. */
    private static final Set<Integer> SHIFTED_WINDOWS = Set.of(4, 5);
    private static final long SEED = 20250401L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink(2);

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path state;

    @Test
    void savepointsTakenAtOneAndTwoSubtasksResumeAtTheOtherWithoutChangingTheOutputs() throws Exception {
        CommittedOutputs expected = new Run("it.rescale.reference").runUninterrupted();
        CommittedOutputs rescaled = new Run("it.rescale.rescaled").runRescaled();

        assertThat(expected.alerts()).as("the traffic fires and resolves alerts").isNotEmpty();
        rescaled.assertSameAs(expected);
        System.out.printf("DriftRescaleITCase: the drift job stopped with savepoints and resumed at parallelism 1,"
                + " 2, 1 (one model 90 %% of the events): %d output records compared, 0 missing, 0 twice%n",
                expected.size());
    }

    private final class Run extends RescaledRun {

        private final PlumblineConfig config;
        private final List<List<ProducerRecord<byte[], byte[]>>> parts;

        /**
         * Windows 0-2 and half of window 3; malformed records, the rest of window 3, window 4 and half of window 5;
         * the rest of window 5 to the end.
         */
        Run(String prefix) throws Exception {
            super(KAFKA.cluster(), state.resolve("savepoints"));
            config = BoundedDriftRun.configure(KAFKA.cluster(), prefix, DriftTraffic.PARTITIONS, state.resolve(prefix),
                    Map.of("checkpoint.interval", "500ms", "window.min-events", Integer.toString(EVENTS_PER_WINDOW)));
            DriftTraffic traffic = new DriftTraffic(config.topics().predictions(), T0, WINDOW, EVENTS_PER_WINDOW, SEED)
                    .withHotStableModel(HOT_FACTOR);
            List<ProducerRecord<byte[], byte[]>> first = traffic.windows(0, 4, SHIFTED_WINDOWS);
            List<ProducerRecord<byte[], byte[]>> window3 = new ArrayList<>(first.subList(first.size() * 7 / 8,
                    first.size()));
            first.subList(first.size() * 7 / 8, first.size()).clear();
            List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>(traffic.malformed(T0 + 36_000));
            second.addAll(window3);
            List<ProducerRecord<byte[], byte[]>> rest = traffic.windows(4, WINDOWS, SHIFTED_WINDOWS);
            int cut = rest.size() * 3 / 8;
            second.addAll(rest.subList(0, cut));
            parts = List.of(first, second, rest.subList(cut, rest.size()));
        }

        @Override
        protected List<List<ProducerRecord<byte[], byte[]>>> parts() {
            return parts;
        }

        @Override
        protected String statsTopic() {
            return config.topics().driftStats();
        }

        @Override
        protected Configuration flinkConfiguration() {
            return DriftJob.flinkConfiguration(config);
        }

        @Override
        protected String define(StreamExecutionEnvironment env) {
            DriftJob.define(env, config, new DriftJobIo(KafkaIo.predictionsSource(config).build(),
                    KafkaIo.deadLetterSink(config), KafkaIo.driftStatsSink(config), KafkaIo.alertsSink(config)));
            return config.job().name();
        }

        @Override
        public CommittedOutputs outputs() throws Exception {
            return CommittedOutputs.read(KAFKA.cluster(), config.topics().driftStats(), config.topics().alerts(),
                    config.topics().deadLetter());
        }
    }
}
