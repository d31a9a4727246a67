package io.plumbline.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a dead letter as the producer sent it (original key and value bytes) with headers that
 * say why it was rejected and where it came from, so it can be inspected and replayed as it is. An
 * LLM call's comes without its value, which the source did not keep
 * ({@link LlmCallDeserializationSchema}): the headers point at the original.
 *
 * <p>Every dead letter must fit the producer's {@code max.request.size}: the Kafka sink fails the job
 * on a record the producer refuses, and again on every replay of it. So a record over
 * {@code limits.max-record-bytes} is cut to it ({@link RecordSizeLimit}, header
 * {@value #ORIGINAL_SIZE} then keeps its whole size), the detail is cut to {@value #DETAIL_CHARS}
 * characters, and a dead letter that would still not fit (a limit set above the producer's) is
 * skipped, logged and counted ({@code deadLettersUnwritable}) rather than sent.
 */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {

    public static final String REASON = "plumbline.reason";
    public static final String DETAIL = "plumbline.detail";
    public static final String SOURCE_TOPIC = "plumbline.source.topic";
    public static final String SOURCE_PARTITION = "plumbline.source.partition";
    public static final String SOURCE_OFFSET = "plumbline.source.offset";
    public static final String ORIGINAL_SIZE = "plumbline.original-size";

    static final int DETAIL_CHARS = 2048;
    /** What a record batch of one record adds to its key, value and headers, generously. */
    private static final int BATCH_OVERHEAD_BYTES = 256;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSerializationSchema.class);

    private final String topic;
    private final RecordSizeLimit sizeLimit;
    private final int maxRequestBytes;
    private transient Counter unwritable;

    /**
     * @param maxRequestBytes the dead-letter producer's {@code max.request.size}
     */
    public DeadLetterSerializationSchema(String topic, RecordSizeLimit sizeLimit, int maxRequestBytes) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.sizeLimit = Objects.requireNonNull(sizeLimit, "sizeLimit");
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        unwritable = context.getMetricGroup().counter("deadLettersUnwritable");
    }

    /** No timestamp: the producer stamps the time of writing, so retention counts from the rejection. */
    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RawRecord raw = letter.raw();
        String detail = letter.detail().length() <= DETAIL_CHARS ? letter.detail()
                : letter.detail().substring(0, DETAIL_CHARS - 1) + "…";
        List<Header> headers = new ArrayList<>(List.of(
                header(REASON, letter.reason().code()),
                header(DETAIL, detail),
                header(SOURCE_TOPIC, raw.topic()),
                header(SOURCE_PARTITION, Integer.toString(raw.partition())),
                header(SOURCE_OFFSET, Long.toString(raw.offset()))));
        if (sizeLimit.exceededBy(raw.key(), raw.value())) {
            headers.add(header(ORIGINAL_SIZE, Long.toString(RecordSizeLimit.size(raw.key(), raw.value()))));
        }
        byte[] key = sizeLimit.keptKey(raw.key(), raw.value());
        byte[] value = sizeLimit.keptValue(raw.key(), raw.value());
        long size = RecordSizeLimit.size(key, value) + BATCH_OVERHEAD_BYTES;
        for (Header h : headers) {
            size += h.key().length() + h.value().length;
        }
        if (size > maxRequestBytes) {
            if (unwritable != null) {
                unwritable.inc();
            }
            LOG.error("Dead letter of {} ({}) skipped: {} bytes do not fit the producer's max.request.size {};"
                    + " keep limits.max-record-bytes well below it", raw, letter.reason().code(), size,
                    maxRequestBytes);
            return null;
        }
        return new ProducerRecord<>(topic, null, null, key, value, headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
