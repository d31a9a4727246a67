package io.plumbline.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.plumbline.cli.demo.GeneratedRecord;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.cli.demo.TrafficSource;
import io.plumbline.testing.kafka.CommittedOutputs;
import io.plumbline.testing.kafka.CommittedReader;

/**
 * Both jobs from {@code plumbline-jobs.jar} on a real Flink session cluster of separate JVMs (a JobManager, two
 * TaskManagers and ZooKeeper for high availability), reading a Kafka broker process, as users run them. The same
 * traffic is sent once without a failure and once under each failure, midway through a window:
 * <ul>
 *   <li>a TaskManager killed with SIGKILL;</li>
 *   <li>the JobManager killed with SIGKILL: the next one takes the jobs over;</li>
 *   <li>the broker stopped for {@value #OUTAGE_SECONDS} s and started again on the same data, while
 *   {@code plumbline serve} reads the alerts and stats.</li>
 * </ul>
 * The cluster restarts a process that ends, as systemd or Kubernetes would. What a {@code read_committed}
 * reader sees of drift stats, LLM stats, alerts and dead letters must be the same record for record: nothing
 * missing, nothing twice.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FlinkClusterITCase {

    private static final Path JOBS_JAR = Path.of("..", "jobs", "target", "plumbline-jobs.jar");
    private static final Path CLI_JAR = Path.of("target", "plumbline.jar");
    private static final long EVENT_START = Instant.parse("2025-09-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 2_000;
    private static final int WINDOWS = 14;
    /** The traffic is sent in two parts, split in the middle of this window. */
    private static final int SPLIT_WINDOW = 7;
    private static final int PARTITIONS = 2;
    private static final int OUTAGE_SECONDS = 90;
    /** Checks a second apart that find nothing more committed: five checkpoint intervals. */
    private static final int QUIET_CHECKS = 5;
    private static final Pattern WINDOW_END = Pattern.compile("\"window_end\":(\\d+)");

    /** Under target/, so that the processes' logs (and the broker's topics) outlive a failed run. */
    private final Path home = Path.of("target", "flink-cluster-itcase", Long.toString(System.currentTimeMillis()))
            .toAbsolutePath();

    private enum Failure {
        NONE("no failure"),
        TASK_MANAGER("a TaskManager killed with SIGKILL"),
        JOB_MANAGER("the JobManager killed with SIGKILL"),
        BROKER("the broker stopped for " + OUTAGE_SECONDS + " s");

        private final String description;

        Failure(String description) {
            this.description = description;
        }
    }

    @Test
    void killedProcessesAndABrokerOutageLoseNothingAndRepeatNothing() throws Exception {
        assertThat(JOBS_JAR).as("the jobs jar, built by the jobs module").exists();
        assertThat(CLI_JAR).as("the shaded cli jar, built in the package phase").exists();
        try (BrokerProcess broker = BrokerProcess.start(CLI_JAR, freePort(), home.resolve("broker-data"),
                     home.resolve("log"));
             FlinkSessionCluster cluster = FlinkSessionCluster.start(home.resolve("flink"), 2, 2, freePort(),
                     freePort(), freePort())) {
            Outputs reference = run(cluster, broker, Failure.NONE);
            assertThat(reference.drift().deadLetterReasons()).as("the run without a failure dropped late events: the"
                    + " traffic did not keep within watermark.out-of-orderness").doesNotContainKey("late");
            assertThat(reference.drift().alerts()).as("the traffic fires and resolves drift alerts").isNotEmpty();
            assertThat(reference.drift().deadLetters()).as("the traffic has malformed records").isNotEmpty();

            for (Failure failure : List.of(Failure.TASK_MANAGER, Failure.JOB_MANAGER, Failure.BROKER)) {
                int restartsBefore = cluster.taskManagerRestarts();
                Outputs outputs = run(cluster, broker, failure);
                outputs.drift().assertSameAs(reference.drift());
                outputs.llm().assertSameAs(reference.llm());
                System.out.printf("FlinkClusterITCase: %s: %d drift stats, %d LLM stats, %d alerts and %d dead letters"
                                + " compared, 0 missing, 0 twice; both jobs running with a new checkpoint %.1f s after"
                                + " it; TaskManagers started again: %d%n", failure.description,
                        outputs.drift().stats().size(), outputs.llm().stats().size(), outputs.drift().alerts().size(),
                        outputs.drift().deadLetters().size(), outputs.recoverySeconds(),
                        cluster.taskManagerRestarts() - restartsBefore);
            }
        }
    }

    private record Outputs(CommittedOutputs drift, CommittedOutputs llm, double recoverySeconds) {
    }

    /** Runs both jobs over the traffic on topics of their own, with {@code failure} midway. */
    private Outputs run(FlinkSessionCluster cluster, BrokerProcess broker, Failure failure) throws Exception {
        String prefix = failure.name().toLowerCase(Locale.ROOT);
        String bootstrap = broker.bootstrapServers();
        createTopics(bootstrap, prefix);
        int serveMetricsPort = freePort();
        Path config = home.resolve(prefix + ".yaml");
        Files.writeString(config, """
                kafka: { bootstrap-servers: "%1$s", group-id: %2$s-drift }
                topics:
                  predictions: %2$s.predictions
                  drift-stats: %2$s.drift-stats
                  alerts: %2$s.alerts
                  dead-letter: %2$s.dead-letter
                  baselines: %2$s.baselines
                  llm-calls: %2$s.llm-calls
                  llm-stats: %2$s.llm-stats
                window: { size: 2s, min-events: 100 }
                watermark: { out-of-orderness: 1s, idleness: 10m }
                llm: { window: { size: 2s }, job-name: %2$s-llm, group-id: %2$s-llm }
                checkpoint: { interval: 1s, directory: "%3$s" }
                job: { name: %2$s-drift, parallelism: 2 }
                serve: { group-id: %2$s-serve, metrics: { host: 127.0.0.1, port: %4$d, stale-after: 1h } }
                """.formatted(bootstrap, prefix, home.resolve(prefix + "-checkpoints").toUri(), serveMetricsPort));
        List<String> jobs = cluster.submit(JOBS_JAR, List.of("io.plumbline.jobs.drift.DriftJob",
                "io.plumbline.jobs.llm.LlmJob"), List.of("--config", config.toString()));
        String drift = jobs.get(0);
        String llm = jobs.get(1);
        try {
            awaitEveryPartitionRead(bootstrap, prefix);
        } catch (TimeoutException e) {
            cluster.dumpThreads();
            throw e;
        }
        try (JvmProcess serve = failure == Failure.BROKER ? JvmProcess.start("plumbline serve", List.of(),
                List.of("-jar", CLI_JAR.toString(), "serve", "--config", config.toString()),
                home.resolve("log/serve.out")) : null) {
            if (serve != null) {
                awaitServed(serve, serveMetricsPort, 0);
            }
            TrafficSchedule schedule = new TrafficSchedule(EVENT_START, EVENT_START, WINDOW, 2, 4, 9);
            TrafficSource predictions = new PredictionGenerator(11, schedule, 1_000);
            TrafficSource calls = new LlmCallGenerator(12, schedule, 500);
            double recovery;
            Map<TopicPartition, Long> beforeLastPart;
            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                long split = EVENT_START + SPLIT_WINDOW * WINDOW + WINDOW / 2;
                send(producer, prefix + ".predictions", predictions, split);
                send(producer, prefix + ".llm-calls", calls, split);
                awaitAny(bootstrap, prefix + ".drift-stats", prefix);
                awaitAny(bootstrap, prefix + ".llm-stats", prefix);
                long recovered = fail(failure, cluster, broker);
                awaitRecovered(cluster, failure, recovered, drift, llm);
                recovery = (System.currentTimeMillis() - recovered) / 1e3;
                long end = EVENT_START + WINDOWS * WINDOW;
                beforeLastPart = new CommittedReader(bootstrap).lastStableOffsets(outputTopics(prefix));
                send(producer, prefix + ".predictions", predictions, end);
                send(producer, prefix + ".llm-calls", calls, end);
            }
            List<CommittedOutputs> settled = awaitStable(bootstrap, prefix, beforeLastPart);
            CommittedOutputs driftOutputs = settled.get(0);
            CommittedOutputs llmOutputs = settled.get(1);
            if (serve != null) {
                assertServed(serve, serveMetricsPort, driftOutputs);
            }
            cluster.cancel(drift);
            cluster.cancel(llm);
            return new Outputs(driftOutputs, llmOutputs, recovery);
        }
    }

    /** Brings {@code failure} about; returns when it ended (the kill, or the broker's restart), epoch millis. */
    private static long fail(Failure failure, FlinkSessionCluster cluster, BrokerProcess broker) throws Exception {
        switch (failure) {
            case NONE -> {
                return System.currentTimeMillis();
            }
            case TASK_MANAGER -> {
                long killed = System.currentTimeMillis();
                cluster.killTaskManager();
                return killed;
            }
            case JOB_MANAGER -> {
                long killed = System.currentTimeMillis();
                cluster.killJobManager();
                return killed;
            }
            case BROKER -> {
                broker.stop();
                Thread.sleep(OUTAGE_SECONDS * 1_000L);
                long restarted = System.currentTimeMillis();
                broker.start();
                return restarted;
            }
            default -> throw new IllegalArgumentException(failure.name());
        }
    }

    /**
     * Waits until every job runs and has completed a checkpoint since {@code since}. After a killed process, at
     * least one job must have restored a checkpoint: every slot is taken, so each process runs a part of a job.
     */
    private static void awaitRecovered(FlinkSessionCluster cluster, Failure failure, long since, String... jobs)
            throws Exception {
        boolean restores = failure == Failure.TASK_MANAGER || failure == Failure.JOB_MANAGER;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            try {
                long restored = 0;
                boolean checkpointed = true;
                for (String job : jobs) {
                    checkpointed &= cluster.state(job).equals("RUNNING") && cluster.lastCheckpointMillis(job) > since;
                    restored += cluster.restored(job);
                }
                if (checkpointed && (!restores || restored > 0)) {
                    return;
                }
            } catch (IOException jobManagerNotUpYet) {
                // asked again below
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the jobs did not run again with a new checkpoint within 180 s after "
                        + failure.description);
            }
            Thread.sleep(200);
        }
    }

    /**
     * The alert delivery process read on across the outage: its metrics show the latest window the committed
     * drift stats hold.
     */
    private static void assertServed(JvmProcess serve, int metricsPort, CommittedOutputs drift) throws Exception {
        double lastWindowEnd = drift.stats().stream()
                .map(line -> WINDOW_END.matcher(line))
                .filter(Matcher::find)
                .mapToDouble(m -> Long.parseLong(m.group(1)) / 1e3)
                .max().orElseThrow();
        awaitServed(serve, metricsPort, lastWindowEnd);
    }

    /**
     * Waits until {@code plumbline serve}'s metrics show a window ending at {@code atLeast} (epoch seconds) or
     * later; for 0, until they answer.
     */
    private static void awaitServed(JvmProcess serve, int metricsPort, double atLeast) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double served = -1;
        while (true) {
            try {
                served = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                .build(), HttpResponse.BodyHandlers.ofString()).body().lines()
                        .filter(line -> line.startsWith("plumbline_window_end_timestamp_seconds"))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .max().orElse(0);
            } catch (IOException notListeningYet) {
                // asked again
            }
            if (served >= atLeast) {
                return;
            }
            if (!serve.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("plumbline serve showed windows up to " + served + " s, not "
                        + atLeast + " s:\n" + serve.output());
            }
            Thread.sleep(500);
        }
    }

    /**
     * Traffic starts once every source subtask reads its partition: one still waiting for its partition counts
     * as idle, and the others' watermark would make its records late. A malformed record in each input
     * partition tells: each comes back as a dead letter once its partition is read (and is sent in every run).
     */
    private static void awaitEveryPartitionRead(String bootstrap, String prefix) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (String input : List.of(".predictions", ".llm-calls")) {
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.send(new ProducerRecord<>(prefix + input, p, EVENT_START, null,
                            "{\"not\": \"an event".getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        new CommittedReader(bootstrap).readUntil(prefix + ".dead-letter", read -> read.size() == 2 * PARTITIONS,
                Duration.ofSeconds(120));
    }

    /** Sends the source's records up to event time {@code until}, dealt over the partitions in turn. */
    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, TrafficSource source, long until) {
        int i = 0;
        while (source.nextTimestamp() < until) {
            GeneratedRecord record = source.next();
            producer.send(new ProducerRecord<>(topic, i++ % PARTITIONS, record.timestamp(), record.key(),
                    record.payload()));
        }
        producer.flush();
    }

    /** Waits for a committed record: a checkpoint has completed. On a timeout, says what the dead letters say. */
    private static void awaitAny(String bootstrap, String topic, String prefix) throws Exception {
        try {
            CommittedOutputs.awaitAny(bootstrap, topic, Duration.ofSeconds(120));
        } catch (TimeoutException e) {
            CommittedOutputs outputs = read(bootstrap, topic, prefix);
            throw new IllegalStateException("nothing committed to " + topic + " in 120 s; the alerts and dead letters"
                    + " say: " + outputs.alerts().size() + " alerts, dead letters " + outputs.deadLetterReasons(), e);
        }
    }

    /**
     * Both jobs' outputs, drift then LLM, once both stats topics have grown since {@code beforeLastPart} (the last
     * part's windows close in both jobs) and nothing more has been committed for {@value #QUIET_CHECKS} checkpoint
     * intervals since: a pause before that growth is a job still catching up, not the end. The outputs' last stable
     * offsets are watched, a cheap request, and the topics read once they settle.
     */
    private static List<CommittedOutputs> awaitStable(String bootstrap, String prefix,
                                                      Map<TopicPartition, Long> beforeLastPart) throws Exception {
        CommittedReader reader = new CommittedReader(bootstrap);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<TopicPartition, Long> last = reader.lastStableOffsets(outputTopics(prefix));
        int unchanged = 0;
        while (!grew(last, beforeLastPart, prefix + ".drift-stats") || !grew(last, beforeLastPart, prefix + ".llm-stats")
                || unchanged < QUIET_CHECKS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the outputs of " + prefix + " did not settle within 120 s: last stable"
                        + " offsets " + last + ", before the last part " + beforeLastPart);
            }
            Thread.sleep(1_000);
            Map<TopicPartition, Long> now = reader.lastStableOffsets(outputTopics(prefix));
            unchanged = now.equals(last) ? unchanged + 1 : 0;
            last = now;
        }
        return readBoth(bootstrap, prefix);
    }

    private static boolean grew(Map<TopicPartition, Long> now, Map<TopicPartition, Long> before, String topic) {
        return now.entrySet().stream().anyMatch(e -> e.getKey().topic().equals(topic)
                && e.getValue() > before.getOrDefault(e.getKey(), 0L));
    }

    private static List<String> outputTopics(String prefix) {
        return Stream.of(".drift-stats", ".llm-stats", ".alerts", ".dead-letter").map(topic -> prefix + topic)
                .toList();
    }

    private static List<CommittedOutputs> readBoth(String bootstrap, String prefix) throws Exception {
        return List.of(read(bootstrap, prefix + ".drift-stats", prefix), read(bootstrap, prefix + ".llm-stats", prefix));
    }

    private static CommittedOutputs read(String bootstrap, String statsTopic, String prefix) throws Exception {
        return CommittedOutputs.read(bootstrap, statsTopic, prefix + ".alerts", prefix + ".dead-letter");
    }

    /**
     * The run's topics, kept for ever: the traffic's records carry their 2025 event times as Kafka timestamps,
     * and with the default retention (7 days) the broker would delete them, at its next retention check,
     * while the jobs still read them.
     */
    private static void createTopics(String bootstrap, String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String input : List.of("predictions", "llm-calls", "baselines")) {
                topics.add(new NewTopic(prefix + "." + input, PARTITIONS, (short) 1));
            }
            for (String output : List.of("drift-stats", "llm-stats", "alerts", "dead-letter")) {
                topics.add(new NewTopic(prefix + "." + output, 1, (short) 1));
            }
            topics.forEach(topic -> topic.configs(Map.of("retention.ms", "-1")));
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
