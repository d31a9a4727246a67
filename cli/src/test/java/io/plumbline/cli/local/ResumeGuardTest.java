package io.plumbline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeGuardTest {

    private static final Instant NOW = Instant.parse("2026-11-23T14:05:01Z");
    private static final String KAFKA_A = "kafka-a:9092";
    private static final String KAFKA_B = "kafka-b:9092";

    @TempDir Path data;

    @Test
    void recordsTheKafkaClusterAndTopicsBesideEachJobsCheckpoints() throws Exception {
        ResumeGuard.prepare(config(KAFKA_A), "cluster-a", false, NOW);

        assertThat(CheckpointOrigin.read(checkpoints())).contains(new CheckpointOrigin("cluster-a", KAFKA_A,
                new TreeMap<>(Map.of("topics.predictions", "plumbline.predictions",
                        "topics.baselines", "plumbline.baselines", "topics.drift-stats", "plumbline.drift-stats",
                        "topics.alerts", "plumbline.alerts", "topics.dead-letter", "plumbline.dead-letter"))));
        assertThat(CheckpointOrigin.read(checkpoints().resolve("llm"))).hasValueSatisfying(origin -> {
            assertThat(origin.clusterId()).isEqualTo("cluster-a");
            assertThat(origin.topics()).containsEntry("topics.llm-calls", "plumbline.llm-calls")
                    .containsEntry("topics.llm-stats", "plumbline.llm-stats")
                    .doesNotContainKey("topics.predictions");
        });
    }

    @Test
    void resumesCheckpointsOfTheSameClusterReachedAnotherWay() throws Exception {
        ResumeGuard.prepare(config(KAFKA_A), "cluster-a", false, NOW);
        checkpoint(checkpoints(), "job-1", 3);

        assertThat(ResumeGuard.prepare(config("10.0.0.7:9092"), "cluster-a", false, NOW)).isEmpty();
        assertThat(CheckpointLocator.newest(checkpoints())).isPresent();
    }

    @Test
    void refusesCheckpointsOfAnotherClusterNamingBothAndTheWayOut() throws Exception {
        ResumeGuard.prepare(config(KAFKA_A), "cluster-a", false, NOW);
        checkpoint(checkpoints(), "job-1", 3);
        checkpoint(checkpoints().resolve("llm"), "job-2", 3);

        assertThatThrownBy(() -> ResumeGuard.prepare(config(KAFKA_B), "cluster-b", false, NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Refusing to resume from checkpoints of another Kafka cluster or other topics: the"
                        + " checkpoints of the drift job 'plumbline-drift' in " + checkpoints() + " (Kafka cluster"
                        + " cluster-a (kafka-a:9092) then, cluster-b (kafka-b:9092) now), and the checkpoints of the LLM job 'plumbline-llm' in "
                        + checkpoints().resolve("llm") + " (Kafka cluster cluster-a (kafka-a:9092) then, cluster-b"
                        + " (kafka-b:9092) now). Resumed, they would skip or re-read records and publish results where"
                        + " they do not belong. Run with --fresh to start afresh (the checkpoints are moved aside, not"
                        + " deleted), or against the Kafka cluster and topics they were taken from.");
        assertThat(CheckpointOrigin.read(checkpoints())).map(CheckpointOrigin::clusterId).contains("cluster-a");
    }

    @Test
    void refusesCheckpointsOfOtherTopics() throws Exception {
        ResumeGuard.prepare(config(KAFKA_A), "cluster-a", false, NOW);
        checkpoint(checkpoints(), "job-1", 3);

        assertThatThrownBy(() -> ResumeGuard.prepare(config(KAFKA_A, "topics.predictions", "scoring"), "cluster-a",
                false, NOW))
                .hasMessageContaining("drift job 'plumbline-drift' in " + checkpoints()
                        + " (topics.predictions 'plumbline.predictions' then, 'scoring' now)")
                .hasMessageNotContaining("LLM job");
    }

    @Test
    void resumesCheckpointsOfAnOlderReleaseWithoutARecordAndRecordsThisRun() throws Exception {
        checkpoint(checkpoints(), "job-1", 3);

        assertThat(ResumeGuard.prepare(config(KAFKA_B), "cluster-b", false, NOW)).isEmpty();
        assertThat(CheckpointOrigin.read(checkpoints())).map(CheckpointOrigin::clusterId).contains("cluster-b");
    }

    @Test
    void aRecordWithoutCompleteCheckpointsHoldsNothingBack() throws Exception {
        ResumeGuard.prepare(config(KAFKA_A), "cluster-a", false, NOW);
        Files.createDirectories(checkpoints().resolve("job-1/chk-1"));

        ResumeGuard.prepare(config(KAFKA_B), "cluster-b", false, NOW);

        assertThat(CheckpointOrigin.read(checkpoints())).map(CheckpointOrigin::clusterId).contains("cluster-b");
    }

    @Test
    void aFreshStartMovesTheCheckpointsAsideInTheSameLayout() throws Exception {
        ResumeGuard.prepare(config(KAFKA_A), "cluster-a", false, NOW);
        Path drift = checkpoint(checkpoints(), "job-1", 3);
        Path llm = checkpoint(checkpoints().resolve("llm"), "job-2", 4);

        Optional<Path> setAside = ResumeGuard.prepare(config(KAFKA_B), "cluster-b", true, NOW);

        Path moved = data.resolve("checkpoints-before-fresh-20261123T140501Z");
        assertThat(setAside).contains(moved);
        assertThat(CheckpointLocator.newest(moved)).contains(moved.resolve(checkpoints().relativize(drift)));
        assertThat(CheckpointLocator.newest(moved.resolve("llm")))
                .contains(moved.resolve(checkpoints().relativize(llm)));
        assertThat(CheckpointOrigin.read(moved)).map(CheckpointOrigin::clusterId).contains("cluster-a");
        assertThat(CheckpointLocator.newest(checkpoints())).isEmpty();
        assertThat(CheckpointLocator.newest(checkpoints().resolve("llm"))).isEmpty();
        assertThat(CheckpointOrigin.read(checkpoints())).map(CheckpointOrigin::clusterId).contains("cluster-b");
    }

    @Test
    void aFreshStartLeavesTheCheckpointsOfAJobItDoesNotRun() throws Exception {
        checkpoint(checkpoints(), "job-1", 3);
        Path llm = checkpoint(checkpoints().resolve("llm"), "job-2", 4);

        Optional<Path> setAside = ResumeGuard.prepare(config(KAFKA_A, "job.enabled", "drift"), "cluster-a", true, NOW);

        assertThat(setAside).hasValueSatisfying(moved -> assertThat(CheckpointLocator.newest(moved)).isPresent());
        assertThat(CheckpointLocator.newest(checkpoints().resolve("llm"))).contains(llm);
        assertThat(CheckpointLocator.newest(checkpoints())).isEmpty();
    }

    @Test
    void twoFreshStartsWithinASecondKeepBothSetsOfCheckpoints() throws Exception {
        checkpoint(checkpoints(), "job-1", 3);
        Path first = ResumeGuard.prepare(config(KAFKA_A), "cluster-a", true, NOW).orElseThrow();
        checkpoint(checkpoints(), "job-2", 1);

        Path second = ResumeGuard.prepare(config(KAFKA_A), "cluster-a", true, NOW).orElseThrow();

        assertThat(second).isNotEqualTo(first).hasFileName(first.getFileName() + "-2");
        assertThat(CheckpointLocator.newest(first)).isPresent();
        assertThat(CheckpointLocator.newest(second)).isPresent();
    }

    @Test
    void aFreshStartWithNothingToMoveCreatesNothing() throws Exception {
        assertThat(ResumeGuard.prepare(config(KAFKA_A), "cluster-a", true, NOW)).isEmpty();

        try (Stream<Path> entries = Files.list(data)) {
            assertThat(entries).containsExactly(checkpoints());
        }
    }

    @Test
    void aRecordWithoutItsClusterIdIsRefusedNamingTheFileAndKey() throws Exception {
        checkpoint(checkpoints(), "job-1", 3);
        Files.writeString(checkpoints().resolve(CheckpointOrigin.FILE), "topics.predictions=p\n");

        assertThatThrownBy(() -> ResumeGuard.prepare(config(KAFKA_A), "cluster-a", false, NOW))
                .hasMessageStartingWith(checkpoints().resolve(CheckpointOrigin.FILE) + ": kafka.cluster-id is missing")
                .hasMessageContaining("--fresh");
    }

    private Path checkpoints() {
        return data.resolve("checkpoints");
    }

    private PlumblineConfig config(String kafka, String... settings) throws Exception {
        Map<String, String> values = new HashMap<>(Map.of("kafka.bootstrap-servers", kafka,
                "checkpoint.directory", checkpoints().toUri().toString()));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return ConfigLoader.load(null, values);
    }

    private static Path checkpoint(Path root, String jobId, int number) throws IOException {
        Path dir = Files.createDirectories(root.resolve(jobId).resolve("chk-" + number));
        Files.writeString(dir.resolve("_metadata"), "metadata");
        return dir;
    }
}
