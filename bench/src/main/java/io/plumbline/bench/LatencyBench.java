package io.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.jobs.drift.DriftJob;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency of DriftJob on live traffic: how long after the watermark passes a window's end its
 * DriftStats and alerts are visible to a read_committed reader. Args: bootstrap seconds events-per-second.
 *
 * <p>A producer sends 20-feature events stamped with the wall clock, two models taking turns, every numeric
 * feature of every other window shifted by 5 (so alerts fire and resolve); DriftJob runs unbounded at
 * parallelism 1 on a local MiniCluster, with its exactly-once sinks; a read_committed consumer notes when each
 * output record arrives. The watermark passes a window's end W once an event stamped W + out-of-orderness
 * is read, which the producer sends at that wall time: each record's latency is its arrival time less
 * W + out-of-orderness, so it also counts the producer's batching and the source's polling, an upper bound.
 * The first windows, while the job starts and learns its baselines, are left out. Prints a table: per
 * output kind, the records and their latency's p50, p90, p99 and maximum.
 */
public final class LatencyBench {

    /**
     * Not a multiple of the checkpoint interval: where a window ends between two checkpoints decides its
     * latency, and with 11 s windows and 5 s checkpoints successive windows end at every second of that span.
     */
    private static final long WINDOW_MILLIS = 11_000;
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long seconds = Long.parseLong(args[1]);
        int perSecond = Integer.parseInt(args[2]);
        String run = "latency-" + System.currentTimeMillis();
        PlumblineConfig config = ConfigLoader.load(null, Map.of(
                "kafka.bootstrap-servers", bootstrap,
                "kafka.group-id", run,
                "topics.predictions", run + ".predictions",
                "topics.drift-stats", run + ".drift-stats",
                "topics.alerts", run + ".alerts",
                "topics.dead-letter", run + ".dead-letter",
                "window.size", WINDOW_MILLIS + "ms",
                "watermark.out-of-orderness", OUT_OF_ORDERNESS.toMillis() + "ms",
                "checkpoint.interval", CHECKPOINT_INTERVAL.toMillis() + "ms",
                "checkpoint.directory", Files.createTempDirectory("plumbline-latency").toString()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(run + ".predictions", 1, (short) 1))).all().get();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                DriftJob.flinkConfiguration(config));
        DriftJob.define(env, config);

        List<Long> stats = Collections.synchronizedList(new ArrayList<>());
        List<Long> alerts = Collections.synchronizedList(new ArrayList<>());
        // Windows that end before this are the job's start and its baseline: not measured.
        long measuredFrom = (System.currentTimeMillis() / WINDOW_MILLIS + 3) * WINDOW_MILLIS;
        Thread reader = new Thread(() -> read(bootstrap, run, measuredFrom, stats, alerts), "latency-reader");
        reader.setDaemon(true);
        reader.start();
        JobClient job = env.executeAsync(run);
        produce(bootstrap, run + ".predictions", seconds, perSecond);
        // The last window's results come a window, the out-of-orderness and a checkpoint after the last event.
        Thread.sleep(WINDOW_MILLIS + OUT_OF_ORDERNESS.toMillis() + 2 * CHECKPOINT_INTERVAL.toMillis());
        job.cancel().get();
        System.out.printf(Locale.ROOT, "%d s of %,d events/s; windows of %d s, out-of-orderness %d s, checkpoints every"
                        + " %d s: the target is an alert visible within %d s (the interval + 2 s) at p99%n%n", seconds,
                perSecond, WINDOW_MILLIS / 1000, OUT_OF_ORDERNESS.toSeconds(), CHECKPOINT_INTERVAL.toSeconds(),
                CHECKPOINT_INTERVAL.toSeconds() + 2);
        System.out.println("| records | count | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        print("DriftStats", stats);
        print("alerts (firing and resolved)", alerts);
    }

    /** Sends events stamped with the wall clock, in 10 ms steps, until {@code seconds} have passed. */
    private static void produce(String bootstrap, String topic, long seconds, int perSecond) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        BenchEvents events = new BenchEvents(7, 2, 0, 1, 0);
        long end = System.currentTimeMillis() + seconds * 1000;
        long sent = 0;
        long start = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long now = start; now < end; now = System.currentTimeMillis()) {
                double shift = (now / WINDOW_MILLIS) % 2 == 0 ? 0 : 5;
                for (long due = (now - start) * perSecond / 1000; sent < due; sent++) {
                    producer.send(new ProducerRecord<>(topic, events.next(now, shift)));
                }
                Thread.sleep(10);
            }
        }
    }

    private static void read(String bootstrap, String run, long measuredFrom, List<Long> stats, List<Long> alerts) {
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, run + "-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(run + ".drift-stats", run + ".alerts"));
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long arrived = System.currentTimeMillis();
                    JsonNode record = json.readTree(r.value());
                    long windowEnd = record.get("window_end").asLong();
                    if (windowEnd >= measuredFrom) {
                        (r.topic().endsWith(".alerts") ? alerts : stats)
                                .add(arrived - windowEnd - OUT_OF_ORDERNESS.toMillis());
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the latency reader stopped", e);
        }
    }

    private static void print(String kind, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new IllegalStateException("no " + kind + " arrived: the run measured nothing");
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %d | %d | %d | %d |%n", kind, sorted.size(),
                percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1));
    }

    /** The nearest-rank percentile. */
    private static long percentile(List<Long> sorted, double q) {
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
