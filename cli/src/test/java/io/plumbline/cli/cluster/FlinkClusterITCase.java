package io.plumbline.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * Both jobs from {@code plumbline-jobs.jar} on a real Flink session cluster of separate JVMs (a JobManager and
 * two TaskManagers), reading a Kafka broker process, as users run them. The same traffic is sent twice: once
 * without a failure, once with a TaskManager killed with SIGKILL mid-window (and a new one started, as a
 * supervisor would). What a {@code read_committed} reader sees of drift stats, LLM stats, alerts and dead
 * letters must be the same record for record: nothing missing, nothing twice.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FlinkClusterITCase {

    private static final Path JOBS_JAR = Path.of("..", "jobs", "target", "plumbline-jobs.jar");
    private static final Path CLI_JAR = Path.of("target", "plumbline.jar");
    private static final long EVENT_START = Instant.parse("2025-09-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 2_000;
    private static final int WINDOWS = 14;
    /** The traffic is sent in two parts, split in the middle of this window. */
    private static final int SPLIT_WINDOW = 7;
    private static final int PARTITIONS = 2;

    /** Under target/, so that the processes' logs outlive a failed run. */
    private final Path home = Path.of("target", "flink-cluster-itcase", Long.toString(System.currentTimeMillis()))
            .toAbsolutePath();

    @Test
    void aTaskManagerKilledMidWindowLosesNothingAndRepeatsNothing() throws Exception {
        assertThat(JOBS_JAR).as("the jobs jar, built by the jobs module").exists();
        assertThat(CLI_JAR).as("the shaded cli jar, built in the package phase").exists();
        int brokerPort = freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        try (JvmProcess broker = JvmProcess.start("the Kafka broker", List.of(),
                     List.of("-jar", CLI_JAR.toString(), "broker", "--port", Integer.toString(brokerPort)),
                     home.resolve("log/broker.out"));
             FlinkSessionCluster cluster = FlinkSessionCluster.start(home.resolve("flink"), 2, 2, freePort(),
                     freePort())) {
            broker.awaitOutput("Kafka broker ready", Duration.ofSeconds(90));

            Outputs reference = run(cluster, bootstrap, "reference", false);
            Outputs killed = run(cluster, bootstrap, "killed", true);

            assertThat(reference.drift().alerts()).as("the traffic fires and resolves drift alerts").isNotEmpty();
            assertThat(reference.drift().deadLetters()).as("the traffic has malformed records").isNotEmpty();
            killed.drift().assertSameAs(reference.drift());
            killed.llm().assertSameAs(reference.llm());
            System.out.printf("FlinkClusterITCase: %d drift and %d LLM output records the same after a TaskManager"
                            + " was killed; both jobs running again from a checkpoint %.1f s after the kill%n",
                    killed.drift().size(), killed.llm().size(), killed.recoverySeconds());
        }
    }

    private record Outputs(CommittedOutputs drift, CommittedOutputs llm, double recoverySeconds) {
    }

    /** Runs both jobs over the traffic on topics of their own; with {@code kill}, kills a TaskManager midway. */
    private Outputs run(FlinkSessionCluster cluster, String bootstrap, String prefix, boolean kill) throws Exception {
        createTopics(bootstrap, prefix);
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
                """.formatted(bootstrap, prefix, home.resolve(prefix + "-checkpoints").toUri()));
        List<String> args = List.of("--config", config.toString());
        String drift = cluster.submit(JOBS_JAR, "io.plumbline.jobs.drift.DriftJob", args);
        String llm = cluster.submit(JOBS_JAR, "io.plumbline.jobs.llm.LlmJob", args);
        awaitEveryPartitionRead(bootstrap, prefix);

        TrafficSchedule schedule = new TrafficSchedule(EVENT_START, EVENT_START, WINDOW, 2, 4, 9);
        TrafficSource predictions = new PredictionGenerator(11, schedule, 1_000);
        TrafficSource calls = new LlmCallGenerator(12, schedule, 500);
        double recovery = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            long split = EVENT_START + SPLIT_WINDOW * WINDOW + WINDOW / 2;
            send(producer, prefix + ".predictions", predictions, split);
            send(producer, prefix + ".llm-calls", calls, split);
            awaitAny(bootstrap, prefix + ".drift-stats", prefix);
            awaitAny(bootstrap, prefix + ".llm-stats", prefix);
            if (kill) {
                long killed = System.nanoTime();
                cluster.killTaskManager(0);
                cluster.startTaskManager();
                awaitRestored(cluster, drift, llm);
                recovery = (System.nanoTime() - killed) / 1e9;
            }
            long end = EVENT_START + WINDOWS * WINDOW;
            send(producer, prefix + ".predictions", predictions, end);
            send(producer, prefix + ".llm-calls", calls, end);
        }
        CommittedOutputs driftOutputs = awaitStable(bootstrap, prefix + ".drift-stats", prefix);
        CommittedOutputs llmOutputs = awaitStable(bootstrap, prefix + ".llm-stats", prefix);
        cluster.cancel(drift);
        cluster.cancel(llm);
        return new Outputs(driftOutputs, llmOutputs, recovery);
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

    /**
     * Waits until the jobs that had tasks on the killed TaskManager have restored a checkpoint and every job
     * runs. The slots a job got decide which jobs the kill hits: at least one, since every slot is taken.
     */
    private static void awaitRestored(FlinkSessionCluster cluster, String... jobs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!restoredAndRunning(cluster, jobs)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no job restored a checkpoint and ran again within 120 s");
            }
            Thread.sleep(200);
        }
    }

    private static boolean restoredAndRunning(FlinkSessionCluster cluster, String... jobs) throws Exception {
        long restored = 0;
        for (String job : jobs) {
            if (!cluster.state(job).equals("RUNNING")) {
                return false;
            }
            restored += cluster.restored(job);
        }
        return restored > 0;
    }

    /** Waits for a committed record: a checkpoint has completed. On a timeout, says what the dead letters say. */
    private static void awaitAny(String bootstrap, String topic, String prefix) throws Exception {
        try {
            CommittedOutputs.awaitAny(bootstrap, topic, Duration.ofSeconds(120));
        } catch (TimeoutException e) {
            CommittedOutputs outputs = read(bootstrap, topic, prefix);
            throw new IllegalStateException("nothing committed to " + topic + " in 120 s; the alerts and dead letters"
                    + " say: " + outputs.alerts().size() + " alerts, dead letters " + outputs.deadLetters().stream()
                    .map(line -> line.replaceAll(".*plumbline.reason=(\\S+).*", "$1")).distinct().toList(), e);
        }
    }

    /** The outputs once nothing more has been committed for five checkpoint intervals. */
    private static CommittedOutputs awaitStable(String bootstrap, String statsTopic, String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        CommittedOutputs last = read(bootstrap, statsTopic, prefix);
        int unchanged = 0;
        while (unchanged < 5) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(statsTopic + " did not settle within 120 s");
            }
            Thread.sleep(1_000);
            CommittedOutputs now = read(bootstrap, statsTopic, prefix);
            unchanged = now.size() == last.size() ? unchanged + 1 : 0;
            last = now;
        }
        return last;
    }

    private static CommittedOutputs read(String bootstrap, String statsTopic, String prefix) throws Exception {
        return CommittedOutputs.read(bootstrap, statsTopic, prefix + ".alerts", prefix + ".dead-letter");
    }

    private static void createTopics(String bootstrap, String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String input : List.of("predictions", "llm-calls", "baselines")) {
                topics.add(new NewTopic(prefix + "." + input, PARTITIONS, (short) 1));
            }
            for (String output : List.of("drift-stats", "llm-stats", "alerts", "dead-letter")) {
                topics.add(new NewTopic(prefix + "." + output, 1, (short) 1));
            }
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
