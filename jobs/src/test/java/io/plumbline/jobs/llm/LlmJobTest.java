package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJob;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class LlmJobTest {

    private final PlumblineConfig config = load(Map.of(
            "kafka.bootstrap-servers", "localhost:9092",
            "checkpoint.directory", "target/checkpoints",
            "job.parallelism", "3"));

    @Test
    void theFlinkConfigurationIsTheDriftJobsWithCheckpointsOfItsOwn() {
        Configuration flink = LlmJob.flinkConfiguration(config);
        Configuration drift = DriftJob.flinkConfiguration(config);

        assertThat(flink.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(LlmJob.checkpointDirectory(config).toString())
                .startsWith("file:/")
                .endsWith(Path.of("target/checkpoints/llm").toAbsolutePath() + "/");
        drift.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertThat(flink.toMap()).isEqualTo(drift.toMap());
    }

    /** Building the graph creates every edge's serializer: a type that would need Kryo fails here. */
    @Test
    void theJobBuildsWithoutKryoAndEveryOperatorHasAUidAndAName() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(LlmJob.flinkConfiguration(config));
        LlmJob.define(env, config);

        StreamGraph graph = env.getStreamGraph();

        assertThat(graph.getStreamNodes()).extracting(StreamNode::getTransformationUID).doesNotContainNull()
                .contains("llm-calls-source", "llm-dead-letter-router", "llm-dead-letter-sink", "llm-windows",
                        "llm-stats-sink", "llm-alerts-sink");
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getOperatorName).doesNotContainNull();
    }

    /** The tenant budgets dead-letter the calls of tenants past limits.llm.max-tenants; the services' never do. */
    @Test
    void theBudgetStagesWriteTheirStatsToTheLlmStatsSinkTheirAlertsToTheAlertsSinkAndTheTenantsDeadLetters() {
        PlumblineConfig budgeted = load(Map.of(
                "kafka.bootstrap-servers", "localhost:9092",
                "checkpoint.directory", "target/checkpoints",
                "llm.budgets[0].service", "support-bot", "llm.budgets[0].day-usd", "50",
                "llm.budgets[1].tenant", "acme", "llm.budgets[1].window-usd", "1"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(LlmJob.flinkConfiguration(budgeted));
        LlmJob.define(env, budgeted);

        StreamGraph graph = env.getStreamGraph();

        assertThat(inputsOf(graph, "llm-stats-sink"))
                .containsExactlyInAnyOrder("llm-windows", "llm-service-budgets", "llm-tenant-budgets");
        assertThat(inputsOf(graph, "llm-alerts-sink"))
                .containsExactlyInAnyOrder("llm-windows", "llm-service-budgets", "llm-tenant-budgets");
        assertThat(inputsOf(graph, "llm-dead-letter-sink"))
                .containsExactlyInAnyOrder("llm-dead-letter-router", "llm-windows", "llm-tenant-budgets");
    }

    private static List<String> inputsOf(StreamGraph graph, String uid) {
        StreamNode node = graph.getStreamNodes().stream().filter(n -> uid.equals(n.getTransformationUID()))
                .findFirst().orElseThrow();
        return node.getInEdges().stream().map(e -> graph.getStreamNode(e.getSourceId()).getTransformationUID()).toList();
    }

    private static PlumblineConfig load(Map<String, String> overrides) {
        try {
            return ConfigLoader.load(null, overrides, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
