package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TrafficPublisherTest {

    @Test
    void publishesWhatIsDueNeverAheadOfTheClock() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("predictions"));
            long start = System.currentTimeMillis();
            TrafficSchedule schedule = TrafficSchedule.startingNow(start, Duration.ofSeconds(20), Duration.ofSeconds(1), 10, 2, 4);
            PredictionGenerator generator = new PredictionGenerator(1, schedule, 100);

            long stoppedAt;
            long sent;
            try (TrafficPublisher publisher = TrafficPublisher.start(broker.bootstrapServers(), "predictions",
                    generator, schedule, System::currentTimeMillis)) {
                Thread.sleep(3_000);
                stoppedAt = System.currentTimeMillis();
                sent = publisher.eventsSent() + publisher.malformedSent();
            }

            List<ConsumerRecord<byte[], byte[]>> records = readAll(broker, "predictions");
            assertThat(records).hasSizeGreaterThanOrEqualTo((int) sent);
            assertThat(records).extracting(ConsumerRecord::timestamp).isSorted()
                    .allMatch(t -> t >= schedule.eventStart() && t <= schedule.eventTimeAt(stoppedAt));
            long covered = records.get(records.size() - 1).timestamp() - schedule.eventStart();
            assertThat(covered).as("event time published, catching up").isGreaterThan(stoppedAt - start);
            assertThat((double) records.size() / (covered / 1000.0)).isCloseTo(2 * 100, within(10.0));
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedBroker broker, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
