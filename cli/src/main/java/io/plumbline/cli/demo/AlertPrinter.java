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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Prints each alert the job commits as one line, and counts dead-lettered records by the reason the
 * job gives in a header (their value is the rejected record as it was sent). It reads
 * {@code read_committed}, like any downstream consumer of an exactly-once job: an alert shows up once
 * the checkpoint that produced it completes, and never twice.
 */
public final class AlertPrinter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPrinter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String alertsTopic;
    private final PrintWriter out;
    private final Clock clock;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Set<String> firing = new HashSet<>();
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private int fired;
    private int resolved;
    private long deadLetters;
    private Instant firstAlertAt;

    private AlertPrinter(String bootstrapServers, String alertsTopic, String deadLetterTopic, PrintWriter out, Clock clock) {
        this.alertsTopic = alertsTopic;
        this.out = out;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
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
        AlertPrinter printer = new AlertPrinter(bootstrapServers, alertsTopic, deadLetterTopic, out, clock);
        printer.thread.start();
        return printer;
    }

    /** What the printer saw, for the closing summary. */
    public record Summary(int fired, int resolved, int stillFiring, long deadLetters,
                          Map<String, Long> deadLettersByReason, Optional<Instant> firstAlertAt) {

        public String describe() {
            String reasons = deadLettersByReason.isEmpty() ? "" : " " + deadLettersByReason;
            return String.format("Alerts: %d fired, %d resolved, %d still firing. Dead-letter topic: %d records%s.",
                    fired, resolved, stillFiring, deadLetters, reasons);
        }
    }

    public synchronized Summary summary() {
        return new Summary(fired, resolved, firing.size(), deadLetters,
                Collections.unmodifiableMap(new TreeMap<>(deadLettersByReason)),
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
        Instant now = clock.instant();
        if (firstAlertAt == null) {
            firstAlertAt = now;
        }
        String fingerprint = alert.path("fingerprint").asText();
        switch (alert.path("status").asText()) {
            case "firing" -> {
                fired++;
                firing.add(fingerprint);
            }
            case "resolved" -> {
                resolved++;
                firing.remove(fingerprint);
            }
            default -> { }
        }
        out.println(AlertLine.format(alert, now, clock.getZone()));
    }

    private synchronized void onDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        deadLetters++;
        Header reason = record.headers().lastHeader(DeadLetterSerializationSchema.REASON);
        if (reason != null) {
            deadLettersByReason.merge(new String(reason.value(), StandardCharsets.UTF_8), 1L, Long::sum);
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join();
    }
}
