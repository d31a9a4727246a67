package io.plumbline.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter as the producer sent it (original key and value bytes) with headers that
 * say why it was rejected and where it came from, so it can be inspected and replayed as it is.
 */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {

    public static final String REASON = "plumbline.reason";
    public static final String DETAIL = "plumbline.detail";
    public static final String SOURCE_TOPIC = "plumbline.source.topic";
    public static final String SOURCE_PARTITION = "plumbline.source.partition";
    public static final String SOURCE_OFFSET = "plumbline.source.offset";

    private final String topic;

    public DeadLetterSerializationSchema(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** No timestamp: the producer stamps the time of writing, so retention counts from the rejection. */
    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RawRecord raw = letter.raw();
        List<Header> headers = List.of(
                header(REASON, letter.reason().code()),
                header(DETAIL, letter.detail()),
                header(SOURCE_TOPIC, raw.topic()),
                header(SOURCE_PARTITION, Integer.toString(raw.partition())),
                header(SOURCE_OFFSET, Long.toString(raw.offset())));
        return new ProducerRecord<>(topic, null, null, raw.key(), raw.value(), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
