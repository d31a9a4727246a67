package io.plumbline.delivery.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.delivery.metrics.StatsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ServeConsumerTest {

    private final StatsMetrics metrics = new StatsMetrics(Duration.ofMinutes(3), 100, Clock.systemUTC());

    @Test
    void aBlankOrRepeatedTopicIsNamed() {
        assertThatThrownBy(() -> new StatsTopics("plumbline.drift-stats", " ", "plumbline.alerts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("llm-stats topic name is blank");
        assertThatThrownBy(() -> new StatsTopics(null, "plumbline.llm-stats", "plumbline.alerts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drift-stats topic name is blank");
        assertThatThrownBy(() -> new StatsTopics("stats", "stats", "plumbline.alerts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("three different topics");
    }

    @Test
    void bootstrapServersAndGroupAreRequired() {
        assertThatThrownBy(() -> consumer(kafka(Map.of("group.id", "serve")), Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers is missing");
        assertThatThrownBy(() -> consumer(kafka(Map.of("bootstrap.servers", " ", "group.id", "serve")),
                Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers is missing");
        assertThatThrownBy(() -> consumer(kafka(Map.of("bootstrap.servers", "localhost:9092")), Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group.id is missing");
    }

    @Test
    void theLookbackMustBePositive() {
        Properties kafka = kafka(Map.of("bootstrap.servers", "localhost:9092", "group.id", "serve"));
        assertThatThrownBy(() -> consumer(kafka, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serve.metrics.lookback must be positive");
        assertThatThrownBy(() -> consumer(kafka, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serve.metrics.lookback must be positive");
    }

    @Test
    void readCommittedAndManualCommitsCannotBeTurnedOff() {
        assertThatThrownBy(() -> ServeConsumer.consumerProperties(kafka(Map.of("bootstrap.servers", "b:9092",
                "group.id", "serve", "isolation.level", "read_uncommitted"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("isolation.level must be read_committed");
        assertThatThrownBy(() -> ServeConsumer.consumerProperties(kafka(Map.of("bootstrap.servers", "b:9092",
                "group.id", "serve", "enable.auto.commit", "true"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enable.auto.commit must be false");

        Properties props = ServeConsumer.consumerProperties(kafka(Map.of("bootstrap.servers", "b:9092",
                "group.id", "serve")));
        assertThat(props).containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", "false")
                .containsEntry("bootstrap.servers", "b:9092").containsEntry("group.id", "serve");
    }

    @Test
    void closingBeforeRunningReleasesTheConsumerAndRunThenDoesNothing() throws Exception {
        ServeConsumer consumer = consumer(kafka(Map.of("bootstrap.servers", "localhost:1", "group.id", "serve")),
                Duration.ofMinutes(10));
        consumer.close();
        consumer.run();
        consumer.close();
    }

    private ServeConsumer consumer(Properties kafka, Duration lookback) {
        return new ServeConsumer(kafka, StatsTopics.DEFAULTS, metrics, new AlertFeed() {
            @Override
            public void replay(ConsumerRecord<byte[], byte[]> record) {
                throw new AssertionError("no record is read");
            }

            @Override
            public CompletableFuture<Void> deliver(List<ConsumerRecord<byte[], byte[]>> records) {
                throw new AssertionError("no record is read");
            }

            @Override
            public void revoked(TopicPartition partition) {
            }
        }, lookback, Duration.ofSeconds(30), Clock.systemUTC());
    }

    private static Properties kafka(Map<String, String> entries) {
        Properties props = new Properties();
        props.putAll(entries);
        return props;
    }
}
