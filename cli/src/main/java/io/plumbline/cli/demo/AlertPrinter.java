package io.plumbline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.jobs.kafka.DeadLetterSerializationSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints each alert the jobs commit as one line, counts the drift job's and the LLM job's alerts apart,
 * and counts dead-lettered records by the reason and the source topic the job gives in headers (their
 * value is the rejected record as it was sent). It reads
 * {@code read_committed}, like any downstream consumer of an exactly-once job: an alert shows up once
 * the checkpoint that produced it completes, and never twice.
 */
public final class AlertPrinter implements AutoCloseable {

    /** What the columns of a drift alert's line hold. */
    public static final String DRIFT_COLUMNS = AlertLine.DRIFT_COLUMNS;
    /** What the columns of an LLM alert's line hold. */
    public static final String LLM_COLUMNS = AlertLine.LLM_COLUMNS;

    private static final Logger LOG = LoggerFactory.getLogger(AlertPrinter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String alertsTopic;
    private final PrintWriter out;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<AlertOrigin, Tally> tallies = new EnumMap<>(AlertOrigin.class);
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private final Map<String, Long> deadLettersBySource = new TreeMap<>();
    private long deadLetters;
    private Instant firstAlertAt;

    private AlertPrinter(Properties client, String alertsTopic, String deadLetterTopic, PrintWriter out, Clock clock) {
        this.alertsTopic = alertsTopic;
        this.out = out;
        this.clock = clock;
        for (AlertOrigin origin : AlertOrigin.values()) {
            tallies.put(origin, new Tally());
        }
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(alertsTopic, deadLetterTopic)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        // No consumer group: this is a viewer, it reads everything from the start and commits nothing.
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::poll, "plumbline-alert-printer");
        thread.setDaemon(true);
    }

    /** Starts printing; the topics must exist. */
    public static AlertPrinter start(String bootstrapServers, String alertsTopic, String deadLetterTopic,
                                     PrintWriter out, Clock clock) {
        Properties client = new Properties();
        client.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return start(client, alertsTopic, deadLetterTopic, out, clock);
    }

    /** @param client Kafka client properties with {@code bootstrap.servers}: security settings pass through */
    public static AlertPrinter start(Properties client, String alertsTopic, String deadLetterTopic,
                                     PrintWriter out, Clock clock) {
        AlertPrinter printer = new AlertPrinter(client, alertsTopic, deadLetterTopic, out, clock);
        printer.thread.start();
        return printer;
    }

    /**
     * One job's alerts: the state changes seen, the alerts firing at the end, and the one-off
     * {@code info} notices (the LLM job's releases).
     */
    public record Counts(int fired, int resolved, int stillFiring, int notices) {

        String describe() {
            return String.format("%d fired, %d resolved, %d still firing", fired, resolved, stillFiring);
        }
    }

    /**
     * What the printer saw, for the closing summary.
     *
     * @param deadLettersBySource by the topic the rejected record came from, which tells the drift job's
     *     (predictions) from the LLM job's (LLM calls)
     */
    public record Summary(Counts drift, Counts llm, long deadLetters, Map<String, Long> deadLettersByReason,
                          Map<String, Long> deadLettersBySource, Optional<Instant> firstAlertAt) {

        public String describe() {
            String reasons = deadLettersByReason.isEmpty() ? "" : " " + deadLettersByReason;
            String sources = deadLettersBySource.isEmpty() ? "" : ", by source topic " + deadLettersBySource;
            // Only the LLM job announces releases: drift alerts have no notices to count.
            return String.format("Drift alerts: %s. LLM alerts: %s, %d notice%s. Dead-letter topic: %d records%s%s.",
                    drift.describe(), llm.describe(), llm.notices(), llm.notices() == 1 ? "" : "s", deadLetters, reasons,
                    sources);
        }

        /** Dead letters that came from {@code topic}. */
        public long deadLettersFrom(String topic) {
            return deadLettersBySource.getOrDefault(topic, 0L);
        }
    }

    public synchronized Summary summary() {
        return new Summary(tallies.get(AlertOrigin.DRIFT).counts(), tallies.get(AlertOrigin.LLM).counts(), deadLetters,
                Collections.unmodifiableMap(new TreeMap<>(deadLettersByReason)),
                Collections.unmodifiableMap(new TreeMap<>(deadLettersBySource)),
                Optional.ofNullable(firstAlertAt));
    }

    private void poll() {
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(alertsTopic)) {
                        onAlert(record.value());
                    } else {
                        onDeadLetter(record);
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() asked the poll loop to end
        } catch (RuntimeException e) {
            LOG.error("Stopped reading alerts", e);
        } finally {
            consumer.close();
        }
    }

    private synchronized void onAlert(byte[] value) {
        JsonNode alert;
        try {
            alert = JSON.readTree(value);
        } catch (IOException e) {
            LOG.warn("Skipping an alert that is not JSON: {}", e.getMessage());
            return;
        }
        if (firstAlertAt == null) {
            firstAlertAt = clock.instant();
        }
        tallies.get(AlertOrigin.of(alert)).count(alert.path("status").asText(), alert.path("fingerprint").asText());
        out.println(AlertLine.format(alert, clock.getZone()));
    }

    private synchronized void onDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        deadLetters++;
        Header reason = record.headers().lastHeader(DeadLetterSerializationSchema.REASON);
        if (reason != null) {
            deadLettersByReason.merge(new String(reason.value(), StandardCharsets.UTF_8), 1L, Long::sum);
        }
        Header source = record.headers().lastHeader(DeadLetterSerializationSchema.SOURCE_TOPIC);
        if (source != null) {
            deadLettersBySource.merge(new String(source.value(), StandardCharsets.UTF_8), 1L, Long::sum);
        }
    }

    /** Guarded by the printer's lock. */
    private static final class Tally {
        private final Set<String> firing = new HashSet<>();
        private int fired;
        private int resolved;
        private int notices;

        void count(String status, String fingerprint) {
            switch (status) {
                case "firing" -> {
                    fired++;
                    firing.add(fingerprint);
                }
                case "resolved" -> {
                    resolved++;
                    firing.remove(fingerprint);
                }
                case "info" -> notices++;
                default -> { }
            }
        }

        Counts counts() {
            return new Counts(fired, resolved, firing.size(), notices);
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join();
    }
}
