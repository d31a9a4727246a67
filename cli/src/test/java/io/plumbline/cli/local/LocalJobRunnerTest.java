package io.plumbline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.monitor.config.ConfigLoader;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * The local cluster's settings; what it listens on and when it gives up are {@link LocalJobRunnerITCase}'s,
 * how often a failing job restarts {@code RunFailureITCase}'s.
 */
class LocalJobRunnerTest {

    @Test
    void aTaskOutOfHeapEndsTheJvm() throws Exception {
        Configuration flink = LocalJobRunner.clusterConfiguration(
                ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "127.0.0.1:9092")), "127.0.0.1");

        assertThat(flink.get(TaskManagerOptions.KILL_ON_OUT_OF_MEMORY)).isTrue();
    }

    @Test
    void everyPortListensOnTheBindAddressAndTheWebUiIsNamedByIt() throws Exception {
        Configuration loopback = LocalJobRunner.clusterConfiguration(
                ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "127.0.0.1:9092")), "127.0.0.1");
        Configuration everywhere = LocalJobRunner.clusterConfiguration(
                ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "127.0.0.1:9092")), "0.0.0.0");

        assertThat(loopback.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(loopback.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(loopback.get(TaskManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(loopback.get(RestOptions.ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(everywhere.get(RestOptions.BIND_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(everywhere.get(RestOptions.ADDRESS)).isEqualTo("localhost");
    }
}
