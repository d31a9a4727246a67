package io.plumbline.delivery.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.delivery.metrics.StatsMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the jobs' output topics, {@code read_committed}, in serve's own consumer group.
 *
 * <p>Stats records go into {@link StatsMetrics}; a poll's offsets are committed once they are handled. Whenever
 * stats partitions are assigned the consumer first seeks back by the lookback (or to it, with no committed
 * offset): gauges live in memory only, so a restarted process rebuilds them from the recent past. Counters do
 * not count twice because StatsMetrics adds each window end once.
 *
 * <p>Alert partitions are read from their start: the records before the committed offset are replayed into
 * the {@link AlertFeed}, to rebuild which alerts fire, and those after it are delivered. A partition with
 * deliveries in flight is paused, and its offset committed only once they are done (delivered or
 * dead-lettered), while the stats go on flowing. A partition with no committed offset yet delivers only what
 * was written after this consumer started: a new serve does not send the whole history again.
 *
 * <p>A record that is not JSON, or that its handler refuses, is logged and skipped: one bad record must not stop
 * the metrics of every other model.
 *
 * <p>{@link #run()} on a thread of its own; {@link #close()} from any other stops it.
 */
public final class ServeConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServeConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(200);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
    private static final Duration NEW_TOPICS_SEEN_WITHIN = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Consumer<JsonNode>> statsHandlers;
    private final String alertsTopic;
    private final AlertFeed alerts;
    private final StatsMetrics metrics;
    private final Duration lookback;
    private final Duration sweepEvery;
    private final Clock clock;
    /** When this consumer was made: a new group delivers the alerts written since. */
    private final Instant startedAt;
    /** Per alert partition: the committed offset at assignment; records before it are replayed. */
    private final Map<TopicPartition, Long> replayUntil = new HashMap<>();
    private final Map<TopicPartition, InFlight> inFlight = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean running;
    private volatile boolean closing;

    /**
     * @param kafka      Kafka consumer properties; {@code bootstrap.servers} and {@code group.id} are required,
     *                   the isolation level, auto-commit and deserializers are this class's to set
     * @param alerts     what becomes of the alert records
     * @param lookback   how far back to replay the stats on assignment ({@code serve.metrics.lookback})
     * @param sweepEvery how often to remove stale series
     * @param clock      wall time, for the lookback and the sweeps
     */
    public ServeConsumer(Properties kafka, StatsTopics topics, StatsMetrics metrics, AlertFeed alerts,
            Duration lookback, Duration sweepEvery, Clock clock) {
        requirePositive("serve.metrics.lookback", lookback);
        requirePositive("the sweep interval", sweepEvery);
        if (topics == null || metrics == null || alerts == null || clock == null) {
            throw new IllegalArgumentException("topics, metrics, alerts and clock are required");
        }
        this.statsHandlers = Map.of(topics.driftStats(), metrics::onDriftStats, topics.llmStats(),
                metrics::onLlmStats);
        this.alertsTopic = topics.alerts();
        this.alerts = alerts;
        this.metrics = metrics;
        this.lookback = lookback;
        this.sweepEvery = sweepEvery;
        this.clock = clock;
        this.startedAt = clock.instant();
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
        // The jobs' output topics may not exist before their first records: notice them within seconds, not the
        // client's default five minutes.
        props.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) NEW_TOPICS_SEEN_WITHIN.toMillis());
        // Reading must not create them, with the broker's default partitions, before the jobs or their operator do.
        props.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
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
            List<String> topics = new ArrayList<>(statsHandlers.keySet());
            topics.add(alertsTopic);
            consumer.subscribe(topics, new Rebalance());
            Instant nextSweep = clock.instant().plus(sweepEvery);
            while (!closing) {
                handle(consumer.poll(MAX_POLL_WAIT.compareTo(sweepEvery) < 0 ? MAX_POLL_WAIT : sweepEvery));
                commitDelivered();
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
            try {
                if (closing) {
                    commitFinishing();
                }
            } finally {
                consumer.close();
                stopped.countDown();
            }
        }
    }

    /**
     * On close, gives the deliveries in flight a few seconds to finish and commits those that do: a clean stop
     * should not make the next start send them again.
     */
    private void commitFinishing() {
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        try {
            while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
                commitDelivered();
                Thread.sleep(20);
            }
            commitDelivered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not commit the deliveries finished on close; the next start delivers them again", e);
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> polled = records.records(partition);
            if (partition.topic().equals(alertsTopic)) {
                if (!handleAlerts(partition, polled)) {
                    continue;
                }
            } else {
                polled.forEach(this::handleStats);
            }
            // past the records just handled, and past any transaction marker after them
            handled.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        commit(handled);
    }

    /** @return whether the partition's position may be committed now (nothing was left in flight) */
    private boolean handleAlerts(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> polled) {
        long until = replayUntil.getOrDefault(partition, 0L);
        List<ConsumerRecord<byte[], byte[]>> live = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            if (record.offset() < until) {
                alerts.replay(record);
            } else {
                live.add(record);
            }
        }
        if (live.isEmpty()) {
            return true;
        }
        CompletableFuture<Void> delivered = alerts.deliver(live);
        if (delivered.isDone()) {
            return true;
        }
        consumer.pause(List.of(partition));
        inFlight.put(partition, new InFlight(delivered, live.get(0).offset(), consumer.position(partition)));
        return false;
    }

    private void handleStats(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            statsHandlers.get(record.topic()).accept(JSON.readTree(record.value()));
        } catch (JsonProcessingException e) {
            skip(record, "not JSON: " + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException e) {
            skip(record, e.getMessage());
        }
    }

    /**
     * Commits and resumes the alert partitions whose deliveries are done. Deliveries that failed (a message
     * could be neither delivered nor dead-lettered) are read and delivered again, under the same ids.
     */
    private void commitDelivered() {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        List<TopicPartition> finished = new ArrayList<>();
        inFlight.forEach((partition, batch) -> {
            if (!batch.delivered().isDone()) {
                return;
            }
            if (batch.delivered().isCompletedExceptionally()) {
                LOG.error("delivering the alerts of {} from offset {} failed; they are delivered again", partition,
                        batch.first(), batch.delivered().handle((ok, failure) -> failure).join());
                consumer.seek(partition, batch.first());
            } else {
                done.put(partition, new OffsetAndMetadata(batch.next()));
            }
            finished.add(partition);
        });
        // removed only once committed: a close that interrupts the commit commits them on its way out
        commit(done);
        finished.forEach(inFlight::remove);
        consumer.resume(finished);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // the partitions moved on: their next owner replays the stats (taken twice safely) and delivers the
            // alerts again under the same webhook-id, which receivers dedupe by
            LOG.warn("could not commit {} after handling it: {}", offsets.keySet(), e.getMessage());
        } catch (RetriableException e) {
            // Kafka is away (an outage outlasting default.api.timeout.ms): serve reads on once it is back, and the
            // next commit covers these offsets; a stop before it replays them, as after a rebalance
            LOG.warn("could not commit {} after handling it, Kafka did not answer: {}; committing with the next"
                    + " records", offsets.keySet(), e.getMessage());
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

    /** Where each newly assigned partition starts; what becomes of a revoked partition's alerts. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> stats = new ArrayList<>();
            List<TopicPartition> alertPartitions = new ArrayList<>();
            partitions.forEach(p -> (p.topic().equals(alertsTopic) ? alertPartitions : stats).add(p));
            Map<TopicPartition, OffsetAndMetadata> committed = untilAnswered("the committed offsets",
                    () -> consumer.committed(Set.copyOf(partitions)));
            Map<TopicPartition, Long> ends = untilAnswered("the end offsets", () -> consumer.endOffsets(partitions));
            Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
            Map<TopicPartition, Long> sinceStart = new HashMap<>();
            alertPartitions.stream().filter(p -> committed.get(p) == null)
                    .forEach(p -> sinceStart.put(p, startedAt.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> firstSinceStart = sinceStart.isEmpty() ? Map.of()
                    : untilAnswered("the offsets since serve started", () -> consumer.offsetsForTimes(sinceStart));
            for (TopicPartition partition : alertPartitions) {
                OffsetAndMetadata done = committed.get(partition);
                if (done == null) {
                    // A new group delivers the alerts written since this consumer started (a topic the jobs create
                    // later is assigned a little after its first records). Committed at once, so that a crash
                    // before the first delivery is committed does not take the alerts since for history.
                    OffsetAndTimestamp first = firstSinceStart.get(partition);
                    done = new OffsetAndMetadata(first != null ? first.offset() : ends.get(partition));
                    starts.put(partition, done);
                }
                replayUntil.put(partition, done.offset());
            }
            commit(starts);
            consumer.seekToBeginning(alertPartitions);
            if (stats.isEmpty()) {
                return;
            }
            long since = clock.instant().minus(lookback).toEpochMilli();
            Map<TopicPartition, Long> at = new HashMap<>();
            stats.forEach(p -> at.put(p, since));
            Map<TopicPartition, OffsetAndTimestamp> fromTime = untilAnswered("the offsets of the lookback",
                    () -> consumer.offsetsForTimes(at));
            for (TopicPartition partition : stats) {
                OffsetAndTimestamp first = fromTime.get(partition);
                // no record inside the lookback: nothing recent to rebuild from
                long start = first != null ? first.offset() : ends.get(partition);
                OffsetAndMetadata done = committed.get(partition);
                consumer.seek(partition, done == null ? start : Math.min(start, done.offset()));
            }
        }

        /**
         * A lookup the assignment needs, asked again for as long as Kafka does not answer: serve has nothing to do
         * before it knows where to read, and letting the timeout through stopped it when a broker outage outlasted
         * default.api.timeout.ms (the real-cluster test's 90 s outage, in one CI run). A close wakes the consumer,
         * which ends the wait.
         */
        private <T> T untilAnswered(String what, Supplier<T> lookup) {
            while (true) {
                try {
                    return lookup.get();
                } catch (RetriableException e) {
                    LOG.warn("could not read {} of the assigned partitions, Kafka did not answer: {}; asking again",
                            what, e.getMessage());
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Deliveries still in flight go on, uncommitted: the next owner delivers them again, same webhook-id.
            partitions.forEach(p -> {
                inFlight.remove(p);
                replayUntil.remove(p);
                if (p.topic().equals(alertsTopic)) {
                    alerts.revoked(p);
                }
            });
        }
    }

    /** Deliveries of a paused alert partition from offset {@code first}, and the offset to commit when done. */
    private record InFlight(CompletableFuture<Void> delivered, long first, long next) {
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
