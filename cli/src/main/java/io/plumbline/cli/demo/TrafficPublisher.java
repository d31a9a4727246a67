package io.plumbline.cli.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a traffic source's records, with their keys, as their event time, paced by the schedule,
 * becomes due on the wall clock: a backlog quickly while catching up, then a steady stream. One
 * publisher per topic, so the demo's prediction and LLM traffic each keep their own order.
 */
public final class TrafficPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficPublisher.class);
    private static final long TICK_MILLIS = 20;

    private final String topic;
    private final TrafficSource source;
    private final TrafficSchedule schedule;
    private final LongSupplier wallClock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;

    private TrafficPublisher(Map<String, Object> producerSettings, String topic, TrafficSource source,
                             TrafficSchedule schedule, LongSupplier wallClock) {
        this.topic = topic;
        this.source = source;
        this.schedule = schedule;
        this.wallClock = wallClock;
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024));
        config.putAll(producerSettings);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(config);
        this.thread = new Thread(this::publish, "plumbline-traffic-" + topic);
        thread.setDaemon(true);
    }

    public static TrafficPublisher start(String bootstrapServers, String topic, TrafficSource source,
                                         TrafficSchedule schedule, LongSupplier wallClock) {
        return start(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, source, schedule, wallClock);
    }

    /**
     * @param producerSettings Kafka producer settings, {@code bootstrap.servers} at least, over the
     *     publisher's own batching; the serializers are the publisher's
     */
    public static TrafficPublisher start(Map<String, Object> producerSettings, String topic, TrafficSource source,
                                         TrafficSchedule schedule, LongSupplier wallClock) {
        TrafficPublisher publisher = new TrafficPublisher(producerSettings, topic, source, schedule, wallClock);
        publisher.thread.start();
        return publisher;
    }

    public long eventsSent() {
        return events.get();
    }

    public long malformedSent() {
        return malformed.get();
    }

    /** The first failure, if any: a record Kafka would not take, or what stopped the publisher. */
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure.get());
    }

    private void publish() {
        try {
            while (!stopped) {
                long due = schedule.eventTimeAt(wallClock.getAsLong());
                while (!stopped && source.nextTimestamp() <= due) {
                    GeneratedRecord record = source.next();
                    for (GeneratedRecord part = record; part != null; part = part.then()) {
                        send(part);
                    }
                    (record.malformed() ? malformed : events).incrementAndGet();
                }
                Thread.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            LOG.error("Traffic to {} stopped", topic, e);
        }
    }

    private void send(GeneratedRecord record) {
        List<Header> headers = new ArrayList<>(record.headers().size());
        record.headers().forEach((name, value) -> headers.add(new RecordHeader(name,
                value.getBytes(StandardCharsets.UTF_8))));
        // The Kafka timestamp is the event time too, so a topic dump reads like the story.
        producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.payload(), headers),
                (metadata, e) -> {
                    if (e != null && failure.compareAndSet(null, e)) {
                        LOG.error("Could not publish traffic to {}", topic, e);
                    }
                });
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
        producer.close();
    }
}
