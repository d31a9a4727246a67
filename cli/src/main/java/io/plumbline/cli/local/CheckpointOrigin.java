package io.plumbline.cli.local;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Kafka cluster and topics a job's checkpoints were taken against, kept beside them in
 * {@value #FILE} of the job's checkpoint directory. A checkpoint's offsets, pending transactions and
 * firing alerts belong to that cluster and those topics: resumed against others, a job skips or
 * re-reads records and publishes results where they do not belong.
 *
 * @param clusterId the id Kafka gives its cluster, which no other cluster shares
 * @param bootstrapServers how the cluster was reached, to name it to a person
 * @param topics the job's topics by config key ({@code topics.predictions}, ...)
 */
record CheckpointOrigin(String clusterId, String bootstrapServers, SortedMap<String, String> topics) {

    static final String FILE = "kafka-origin.properties";
    private static final String CLUSTER_ID = "kafka.cluster-id";
    private static final String BOOTSTRAP_SERVERS = "kafka.bootstrap-servers";
    private static final String TOPICS = "topics.";

    CheckpointOrigin {
        topics = new TreeMap<>(topics);
    }

    /** What the {@code kind} job of {@code config} reads and writes, on the cluster {@code clusterId}. */
    static CheckpointOrigin of(JobKind kind, PlumblineConfig config, String clusterId) {
        PlumblineConfig.Topics t = config.topics();
        Map<String, String> topics = kind == JobKind.DRIFT
                ? Map.of("topics.predictions", t.predictions(), "topics.baselines", t.baselines(),
                        "topics.drift-stats", t.driftStats(), "topics.alerts", t.alerts(),
                        "topics.dead-letter", t.deadLetter())
                : Map.of("topics.llm-calls", config.llm().callsTopic(), "topics.llm-stats", config.llm().statsTopic(),
                        "topics.alerts", t.alerts(), "topics.dead-letter", t.deadLetter());
        return new CheckpointOrigin(clusterId, config.kafka().bootstrapServers(), new TreeMap<>(topics));
    }

    /** The origin recorded in {@code directory}; empty when none is (checkpoints of an older release). */
    static Optional<CheckpointOrigin> read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        String clusterId = properties.getProperty(CLUSTER_ID, "").strip();
        if (clusterId.isEmpty()) {
            throw new IllegalStateException(file + ": " + CLUSTER_ID + " is missing; it records which Kafka cluster the"
                    + " checkpoints beside it belong to. Delete the file to resume from them unchecked, or run with"
                    + " --fresh to start afresh");
        }
        SortedMap<String, String> topics = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(TOPICS)) {
                topics.put(key, properties.getProperty(key));
            }
        }
        return Optional.of(new CheckpointOrigin(clusterId, properties.getProperty(BOOTSTRAP_SERVERS, "?"), topics));
    }

    void write(Path directory) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(CLUSTER_ID, clusterId);
        properties.setProperty(BOOTSTRAP_SERVERS, bootstrapServers);
        topics.forEach(properties::setProperty);
        Files.createDirectories(directory);
        try (Writer out = Files.newBufferedWriter(directory.resolve(FILE), StandardCharsets.UTF_8)) {
            properties.store(out, "The Kafka cluster and topics of the checkpoints in this directory; plumbline run"
                    + " refuses to resume them against others");
        }
    }

    /**
     * How {@code now} differs from this origin, each as "what, then and now"; empty when checkpoints of
     * this origin may be resumed. A topic only one of the two records is no difference.
     */
    List<String> differences(CheckpointOrigin now) {
        List<String> differences = new ArrayList<>();
        if (!clusterId.equals(now.clusterId)) {
            differences.add("Kafka cluster " + clusterId + " (" + bootstrapServers + ") then, " + now.clusterId + " ("
                    + now.bootstrapServers + ") now");
        }
        topics.forEach((key, then) -> {
            String current = now.topics.get(key);
            if (current != null && !current.equals(then)) {
                differences.add(key + " '" + then + "' then, '" + current + "' now");
            }
        });
        return differences;
    }
}
