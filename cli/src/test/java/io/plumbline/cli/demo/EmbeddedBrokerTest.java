package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedBrokerTest {

    @Test
    void servesPlainAndTransactionalProducersOnAFreePort() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:").doesNotEndWith(":0");
            broker.createTopics(List.of("plain", "tx"));

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker, Map.of()))) {
                producer.send(new ProducerRecord<>("plain", "k", "hello")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    producerConfig(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx")))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tx", "committed"));
                producer.commitTransaction();
            }

            assertThat(readAll(broker, "plain", 1)).containsExactly("hello");
            assertThat(readAll(broker, "tx", 1)).containsExactly("committed");
        }
    }

    @Test
    void keepsRecordsInAGivenDataDirAcrossRestarts(@TempDir Path dataDir) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dataDir)) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker, Map.of()))) {
                producer.send(new ProducerRecord<>("kept", "before restart")).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(dataDir).isDirectory();
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, dataDir)) {
            assertThat(readAll(broker, "kept", 1)).containsExactly("before restart");
        }
    }

    @Test
    void deletesItsTemporaryDataDirOnClose() throws Exception {
        Path dir;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            dir = broker.dataDir();
            assertThat(dir).isDirectory();
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    private static Map<String, Object> producerConfig(EmbeddedBroker broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        config.putAll(extra);
        return config;
    }

    /** Reads committed records until {@code expected} arrived, then a little longer to catch extras. */
    private static List<String> readAll(EmbeddedBroker broker, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int emptyPollsAfterExpected = 0;
            while (System.nanoTime() < deadline && emptyPollsAfterExpected < 2) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    values.add(record.value());
                }
                if (values.size() >= expected && records.isEmpty()) {
                    emptyPollsAfterExpected++;
                }
            }
        }
        return values;
    }
}
