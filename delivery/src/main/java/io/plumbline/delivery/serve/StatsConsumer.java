package io.plumbline.delivery.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.delivery.metrics.StatsMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the jobs' output topics into {@link StatsMetrics}: {@code read_committed}, in its own consumer group,
 * committing a poll's offsets only after its records were handled.
 *
 * <p>Whenever partitions are assigned it first seeks back by the lookback (or to it, with no committed offset):
 * gauges live in memory only, so a restarted process rebuilds them from the recent past. Counters do not count
 * twice because StatsMetrics adds each window end once.
 *
 * <p>A record that is not JSON, or that StatsMetrics refuses, is logged and skipped: one bad record must not stop
 * the metrics of every other model.
 *
 * <p>{@link #run()} on a thread of its own; {@link #close()} from any other stops it.
 */
public final class StatsConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatsConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_POLL_WAIT = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Consumer<JsonNode>> handlers;
    private final StatsMetrics metrics;
    private final Duration lookback;
    private final Duration sweepEvery;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean running;
    private volatile boolean closing;

    /**
     * @param kafka      Kafka consumer properties; {@code bootstrap.servers} and {@code group.id} are required,
     *                   the isolation level, auto-commit and deserializers are this class's to set
     * @param lookback   how far back to replay on assignment ({@code serve.metrics.lookback})
     * @param sweepEvery how often to remove stale series
     * @param clock      wall time, for the lookback and the sweeps
     */
    public StatsConsumer(Properties kafka, StatsTopics topics, StatsMetrics metrics, Duration lookback,
            Duration sweepEvery, Clock clock) {
        requirePositive("serve.metrics.lookback", lookback);
        requirePositive("the sweep interval", sweepEvery);
        if (topics == null || metrics == null || clock == null) {
            throw new IllegalArgumentException("topics, metrics and clock are required");
        }
        this.handlers = Map.of(topics.driftStats(), metrics::onDriftStats, topics.llmStats(), metrics::onLlmStats,
                topics.alerts(), metrics::onAlert);
        this.metrics = metrics;
        this.lookback = lookback;
        this.sweepEvery = sweepEvery;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    static Properties consumerProperties(Properties kafka) {
        if (kafka == null) {
            throw new IllegalArgumentException("Kafka properties are required");
        }
        requireSet(kafka, ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "the brokers to read from, e.g. localhost:9092");
        requireSet(kafka, ConsumerConfig.GROUP_ID_CONFIG,
                "a consumer group of serve's own (offsets are committed only after acting)");
        requireUnsetOr(kafka, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                "records of aborted job transactions must never show");
        requireUnsetOr(kafka, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                "offsets are committed only after the records were handled");
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (running) {
                throw new IllegalStateException("this consumer is already running");
            }
            if (closing) {
                return;
            }
            running = true;
        }
        try {
            consumer.subscribe(List.copyOf(handlers.keySet()), new Lookback());
            Instant nextSweep = clock.instant().plus(sweepEvery);
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(MAX_POLL_WAIT.compareTo(sweepEvery) < 0
                        ? MAX_POLL_WAIT : sweepEvery);
                handle(records);
                Instant now = clock.instant();
                if (!now.isBefore(nextSweep)) {
                    metrics.sweep(now);
                    nextSweep = now.plus(sweepEvery);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                handle(record);
            }
            // past the records just handled, and past any transaction marker after them
            handled.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        try {
            consumer.commitSync(handled);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // the partitions moved on: their next owner replays these records, which StatsMetrics takes twice safely
            LOG.warn("could not commit {} after handling it: {}", handled.keySet(), e.getMessage());
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            handlers.get(record.topic()).accept(JSON.readTree(record.value()));
        } catch (JsonProcessingException e) {
            skip(record, "not JSON: " + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException e) {
            skip(record, e.getMessage());
        }
    }

    private static void skip(ConsumerRecord<byte[], byte[]> record, String reason) {
        LOG.warn("skipped record {}-{} at offset {}: {}", record.topic(), record.partition(), record.offset(), reason);
    }

    /** Stops the loop and waits until the consumer has left its group; from any thread. */
    @Override
    public void close() throws InterruptedException {
        boolean wake;
        synchronized (this) {
            wake = running && !closing;
            if (!running && !closing) {
                consumer.close();
                stopped.countDown();
            }
            closing = true;
        }
        if (wake) {
            consumer.wakeup();
        }
        stopped.await();
    }

    /** Starts each newly assigned partition no later than the lookback's first record. */
    private final class Lookback implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            long since = clock.instant().minus(lookback).toEpochMilli();
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> fromTime = consumer.offsetsForTimes(at);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp first = fromTime.get(partition);
                // no record inside the lookback: nothing recent to rebuild from
                long start = first != null ? first.offset() : ends.get(partition);
                OffsetAndMetadata done = committed.get(partition);
                consumer.seek(partition, done == null ? start : Math.min(start, done.offset()));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // every handled poll is already committed
        }
    }

    private static void requirePositive(String what, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }

    private static void requireSet(Properties kafka, String key, String what) {
        Object value = kafka.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("Kafka property " + key + " is missing: set it to " + what);
        }
    }

    private static void requireUnsetOr(Properties kafka, String key, String required, String why) {
        Object value = kafka.get(key);
        if (value != null && !value.toString().equalsIgnoreCase(required)) {
            throw new IllegalArgumentException("Kafka property " + key + " must be " + required + " (" + why
                    + "), got " + value + ": remove it or set it to " + required);
        }
    }
}
