package io.plumbline.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes an output record under its key, so a consumer of the topic can group by it. */
public final class KeyedMessageSerializationSchema implements KafkaRecordSerializationSchema<KeyedMessage> {

    private final String topic;

    public KeyedMessageSerializationSchema(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /**
     * No timestamp: the producer stamps the time of writing. The record's own event time (its
     * window) is in the value; as the Kafka timestamp it would make a replay of last month's
     * events fall straight out of the topic's retention.
     */
    @Override
    public ProducerRecord<byte[], byte[]> serialize(KeyedMessage message, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, message.key().getBytes(StandardCharsets.UTF_8),
                message.value());
    }
}
