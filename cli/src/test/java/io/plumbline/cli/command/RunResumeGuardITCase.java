package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.cli.local.CheckpointLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints hold Kafka offsets and results of one cluster: {@code run} against another cluster must
 * refuse to resume them, saying which clusters and how to go on, and {@code --fresh} must start afresh
 * while keeping the old checkpoints where the user can find them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RunResumeGuardITCase {

    private static final List<String> TOPICS = List.of("plumbline.predictions", "plumbline.llm-calls",
            "plumbline.drift-stats", "plumbline.llm-stats", "plumbline.alerts", "plumbline.dead-letter");

    @TempDir Path work;

    @Test
    void refusesToResumeAgainstAnotherClusterAndStartsAfreshWhenToldTo() throws Exception {
        Path checkpoints = work.resolve("checkpoints");
        try (EmbeddedBroker a = EmbeddedBroker.start(0, null); EmbeddedBroker b = EmbeddedBroker.start(0, null)) {
            a.createTopics(TOPICS);
            b.createTopics(TOPICS);
            String clusterA = clusterId(a);
            String clusterB = clusterId(b);

            try (RunProcess first = RunProcess.start(args(a, checkpoints), work.resolve("first"))) {
                first.awaitOutput("Ctrl-C stops the jobs", Duration.ofSeconds(90));
                awaitCheckpoints(first, checkpoints, checkpoints.resolve("llm"));
            }

            try (RunProcess other = RunProcess.start(args(b, checkpoints), work.resolve("other"))) {
                assertThat(other.awaitExit(Duration.ofSeconds(90))).as(other.transcript()).isEqualTo(1);
                assertThat(other.failure()).as(other.transcript())
                        .startsWith("plumbline run: ")
                        .contains(clusterA + " (" + a.bootstrapServers() + ")")
                        .contains(clusterB + " (" + b.bootstrapServers() + ")")
                        .contains(checkpoints.toString())
                        .contains("--fresh");
                assertThat(other.output()).doesNotContain("Running on a local Flink");
            }

            List<String> fresh = new ArrayList<>(args(b, checkpoints));
            fresh.add("--fresh");
            try (RunProcess afresh = RunProcess.start(fresh, work.resolve("fresh"))) {
                afresh.awaitOutput("Ctrl-C stops the jobs", Duration.ofSeconds(90));
                List<Path> setAside = siblingsOf(checkpoints);
                assertThat(setAside).as("the earlier checkpoints, moved aside").hasSize(1);
                Path moved = setAside.get(0);
                assertThat(moved.getFileName().toString()).startsWith("checkpoints-before-fresh-");
                assertThat(afresh.output()).contains(moved.toString())
                        .doesNotContain("Resumed from checkpoint")
                        .contains("No earlier checkpoint");
                assertThat(CheckpointLocator.newest(moved)).as("the drift job's checkpoint, kept").isPresent();
                assertThat(CheckpointLocator.newest(moved.resolve("llm"))).as("the LLM job's, kept").isPresent();
                assertThat(Files.readString(checkpoints.resolve("kafka-origin.properties"))).contains(clusterB);
                assertThat(Files.readString(checkpoints.resolve("llm").resolve("kafka-origin.properties")))
                        .contains(clusterB);
            }
        }
    }

    private static List<String> args(EmbeddedBroker broker, Path checkpoints) {
        return List.of("run", "--bootstrap-servers", broker.bootstrapServers(),
                "--set", "checkpoint.interval=1s",
                "--set", "checkpoint.directory=" + checkpoints.toUri(),
                "--set", "job.name=resume-itcase",
                "--set", "llm.job-name=resume-itcase-llm",
                "--set", "serve.metrics.port=0");
    }

    private static String clusterId(EmbeddedBroker broker) throws Exception {
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitCheckpoints(RunProcess run, Path... roots) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Stream.of(roots).allMatch(root -> CheckpointLocator.newest(root).isPresent())) {
            if (System.nanoTime() > deadline || !run.isAlive()) {
                fail("no complete checkpoint of both jobs:%n%s", run.transcript());
            }
            Thread.sleep(200);
        }
    }

    private static List<Path> siblingsOf(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory.getParent())) {
            return entries.filter(p -> !p.equals(directory) && p.getFileName().toString().startsWith("checkpoints"))
                    .toList();
        }
    }
}
