package io.plumbline.jobs.testing;

import java.time.Duration;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.plumbline.testing.kafka.KafkaTestCluster;

/** The real clusters every ITCase runs on: a Flink MiniCluster and an in-JVM KRaft Kafka broker. */
public final class IntegrationClusters {

    private IntegrationClusters() {
    }

    /** One TaskManager with two slots that never restarts a job, so a failure fails the test at once. */
    public static MiniClusterExtension flink() {
        return flink(2);
    }

    /** One TaskManager with {@code slots} slots, for as many jobs of parallelism 1 at once; no restarts. */
    public static MiniClusterExtension flink(int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .setConfiguration(noRestarts())
                .build());
    }

    /** {@code flink} with restarts turned off, for a job's own configuration. */
    public static Configuration withNoRestarts(Configuration flink) {
        flink.addAll(noRestarts());
        return flink;
    }

    /**
     * {@code flink} with a fixed-delay restart strategy, as production runs it: a failed task restarts the job
     * from its last completed checkpoint, up to three times, after a fifth of a second.
     */
    public static Configuration withFixedDelayRestarts(Configuration flink) {
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return flink;
    }

    public static Configuration noRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    /** A broker started before a test class's first test and stopped after its last. */
    public static final class Kafka implements BeforeAllCallback, AfterAllCallback {

        private KafkaTestCluster cluster;

        public KafkaTestCluster cluster() {
            return cluster;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            cluster = KafkaTestCluster.start();
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
