package io.plumbline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class DriftJobTest {

    private final PlumblineConfig config = load(Map.of(
            "kafka.bootstrap-servers", "localhost:9092",
            "checkpoint.interval", "2s",
            "checkpoint.directory", "target/checkpoints",
            "job.parallelism", "3"));

    @Test
    void theFlinkConfigurationIsWhatTheJobReliesOn() {
        Configuration flink = DriftJob.flinkConfiguration(config);

        assertThat(flink.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE)).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(flink.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(Path.of("target/checkpoints").toAbsolutePath().toUri().toString())
                .startsWith("file:/");
        assertThat(flink.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    }

    /** Building the graph creates every edge's serializer: a type that would need Kryo fails here. */
    @Test
    void theJobBuildsWithoutKryoAndEveryOperatorHasAUidAndAName() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftJob.flinkConfiguration(config));
        DriftJob.define(env, config);

        StreamGraph graph = env.getStreamGraph();

        assertThat(graph.getStreamNodes()).extracting(StreamNode::getTransformationUID).doesNotContainNull();
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getTransformationUID).contains(
                "predictions-source", "dead-letter-router", "drift-windows", "drift-stats-sink", "alerts-sink",
                "dead-letter-sink", "baselines-source", "baseline-router", "baseline-watermarks");
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getOperatorName).doesNotContainNull();
        assertThat(driftWindows(graph).getInEdges()).hasSize(2);
    }

    /** Inference logs are paired by a keyed stage of their own, without Kryo, before the same late check. */
    @Test
    void inferenceLogsArePairedBeforeTheDeadLetterRouter() {
        PlumblineConfig kserve = load(Map.of("kafka.bootstrap-servers", "localhost:9092",
                "topics.predictions-format", "kserve", "kserve.pair-within", "30s"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftJob.flinkConfiguration(kserve));
        DriftJob.define(env, kserve);

        StreamGraph graph = env.getStreamGraph();

        StreamNode pairing = graph.getStreamNodes().stream()
                .filter(n -> "inference-pairing".equals(n.getTransformationUID())).findFirst().orElseThrow();
        assertThat(pairing.getOutEdges()).singleElement().satisfies(edge ->
                assertThat(graph.getStreamNode(edge.getTargetId()).getTransformationUID()).isEqualTo("dead-letter-router"));
        assertThat(pairing.getInEdges()).singleElement().satisfies(edge ->
                assertThat(graph.getStreamNode(edge.getSourceId()).getTransformationUID()).isEqualTo("predictions-source"));
    }

    /** A caller without a baselines topic keeps the four-argument io, and the drift stage its two inputs. */
    @Test
    void withoutABaselinesSourceTheDriftStageStillHasItsSecondInput() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftJob.flinkConfiguration(config));
        DriftJobIo kafka = DriftJobIo.kafka(config);
        DriftJob.define(env, config, new DriftJobIo(kafka.predictions(), kafka.deadLetters(), kafka.driftStats(),
                kafka.alerts(), Optional.empty()));

        StreamGraph graph = env.getStreamGraph();

        assertThat(graph.getStreamNodes()).extracting(StreamNode::getTransformationUID)
                .contains("no-baselines", "drift-windows")
                .doesNotContain("baselines-source");
        assertThat(driftWindows(graph).getInEdges()).hasSize(2);
    }

    private static StreamNode driftWindows(StreamGraph graph) {
        return graph.getStreamNodes().stream()
                .filter(n -> "drift-windows".equals(n.getTransformationUID()))
                .findFirst().orElseThrow();
    }

    private static PlumblineConfig load(Map<String, String> overrides) {
        try {
            return ConfigLoader.load(null, overrides, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
