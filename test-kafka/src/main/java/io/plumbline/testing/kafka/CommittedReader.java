package io.plumbline.testing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics of any broker from their beginning as a downstream {@code read_committed} consumer does, so
 * that records of open or aborted transactions never show.
 */
public final class CommittedReader {

    private final Properties client;

    public CommittedReader(String bootstrapServers) {
        this(bootstrapProperties(bootstrapServers));
    }

    /** @param client the client properties of the broker: its bootstrap servers, and its login if it needs one */
    public CommittedReader(Properties client) {
        this.client = new Properties();
        this.client.putAll(client);
    }

    private static Properties bootstrapProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** Reads until {@code done} holds for what was read so far. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(String topic,
                                                          Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                          Duration timeout) throws TimeoutException {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            seekToBeginning(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(read)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("read " + read.size() + " committed records from " + topic
                            + " in " + timeout + " without meeting the condition; " + transactionsOf(topic));
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** Reads every record committed so far: up to the partitions' last stable offsets. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) throws TimeoutException {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = seekToBeginning(consumer, topic);
            // for a read_committed consumer these are the last stable offsets
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("read " + read.size() + " records from " + topic
                            + " but did not reach its end offsets " + end + " in " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /**
     * The last stable offsets of every partition of {@code topics}: where a {@code read_committed} reader ends,
     * which moves only when a transaction commits records. Cheaper than reading the topics to see whether they grew.
     */
    public Map<TopicPartition, Long> lastStableOffsets(Collection<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition())))
                    .toList();
            return consumer.endOffsets(partitions);
        }
    }

    /**
     * What holds a {@code read_committed} reader back, if anything: the topic's last stable offsets against its
     * high watermarks, and each transaction still open on it with its age. A transaction left open stops every
     * reader at its first record, the other producers' committed records after it too.
     */
    public String transactionsOf(String topic) {
        try (KafkaConsumer<byte[], byte[]> committed = consumer();
             KafkaConsumer<byte[], byte[]> written = consumer("read_uncommitted");
             Admin admin = Admin.create(client)) {
            List<TopicPartition> partitions = committed.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            StringBuilder report = new StringBuilder("last stable offsets ")
                    .append(committed.endOffsets(partitions)).append(", high watermarks ")
                    .append(written.endOffsets(partitions)).append(", open transactions on it: [");
            Collection<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId)
                    .toList();
            long now = System.currentTimeMillis();
            admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).forEach((id, t) -> {
                if (t.topicPartitions().stream().anyMatch(p -> p.topic().equals(topic))) {
                    report.append(' ').append(id).append(' ').append(t.state()).append(" for ")
                            .append(t.transactionStartTimeMs().isPresent()
                                    ? (now - t.transactionStartTimeMs().getAsLong()) + " ms" : "?");
                }
            });
            return report.append(" ]").toString();
        } catch (Exception e) {
            return "its transactions could not be described: " + e;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return consumer("read_committed");
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolationLevel) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> seekToBeginning(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }
}
