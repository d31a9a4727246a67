package io.plumbline.jobs.kafka;

import java.util.Objects;

import io.plumbline.schemas.codec.EventSink;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.WriterSchemaIds;
import io.plumbline.schemas.event.SourcePosition;
import io.plumbline.schemas.registry.RegistryUnavailableException;
import io.plumbline.schemas.registry.SchemaRegistryClient;
import io.plumbline.schemas.registry.SchemaRegistrySettings;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes each record of an event topic inside the source, so that event time is known per
 * partition and watermarks are per partition. A record that cannot be decoded is not an error of
 * the job: it comes out as a rejected {@link DecodedRecord}, bound for the dead-letter topic. A schema registry
 * that cannot be reached is one: the job fails rather than dead-letter every record meanwhile.
 *
 * <p>A subclass says only what differs between kinds of events: which decoder reads them, which of
 * their times is the event time, and whether their values may go on to a dead letter.
 *
 * <p>Each event keeps its partition and offset ({@link SourcePosition}): its original bytes go no further
 * than the late check before the shuffle, so a stage after it dead-letters an event by where it was read.
 *
 * @param <E> the decoded event
 */
public abstract class EventDeserializationSchema<E extends SourcePosition> implements KafkaRecordDeserializationSchema<DecodedRecord<E>> {

    /** One decoder per source subtask: the schemas' decoders are not thread-safe. */
    @FunctionalInterface
    protected interface Decoder<E> {
        /**
         * Decodes one record into {@code out}: its event, or the events, rejections and skipped parts of a record
         * that holds many (a trace export of many spans). Most read only the value; a CloudEvent has its
         * attributes in the headers.
         *
         * @throws RejectedRecordException when the record as a whole cannot be read
         */
        void decode(ConsumerRecord<byte[], byte[]> record, EventSink<E> out) throws RejectedRecordException;
    }

    /** The metric counting the parts of records that are no event, such as a trace's spans of no model call. */
    public static final String SKIPPED_METRIC = "recordPartsSkipped";

    private final PayloadFormat format;
    private final RecordSizeLimit sizeLimit;
    private final SchemaRegistrySettings registry;
    private transient Decoder<E> decoder;
    private transient Counter skipped;
    private transient Parts parts;

    /** @param registry where records in Confluent's wire format have their writer schemas, or null for nowhere */
    protected EventDeserializationSchema(PayloadFormat format, RecordSizeLimit sizeLimit,
                                         SchemaRegistrySettings registry) {
        this.format = Objects.requireNonNull(format, "format");
        this.sizeLimit = Objects.requireNonNull(sizeLimit, "sizeLimit");
        this.registry = registry;
    }

    /** Called once per subtask, when the source opens. */
    protected abstract Decoder<E> newDecoder(PayloadFormat format, WriterSchemaIds schemaIds);

    /** The time the event happened, in epoch milliseconds: what windows and lateness are judged by. */
    protected abstract long eventTimeMillis(E event);

    /**
     * Whether a record's value goes on beside its decoded event, for a dead letter to carry as it was sent.
     * When not, the value is dropped here, where it was read, and nothing after the decoder ever holds it:
     * no dead letter, no record between operators, no checkpoint.
     */
    protected abstract boolean keepsValue();

    /**
     * Whether an accepted event, too, carries its record's value to the late check, for a late event's dead
     * letter. Not when a shuffle comes first, which would carry the value too: such events are dead-lettered
     * by where they were read.
     */
    protected boolean acceptedKeepValue() {
        return keepsValue();
    }

    @Override
    public final void open(DeserializationSchema.InitializationContext context) {
        skipped = context == null ? new SimpleCounter() : context.getMetricGroup().counter(SKIPPED_METRIC);
        parts = new Parts();
        decoder = newDecoder(format, registry == null ? WriterSchemaIds.NONE
                : WriterSchemaIds.of(new SchemaRegistryClient(registry)));
    }

    @Override
    public final void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedRecord<E>> out) {
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.key(),
                keepsValue() ? record.value() : null);
        if (sizeLimit.exceededBy(record.key(), record.value())) {
            out.collect(DecodedRecord.rejected(raw, RejectReason.TOO_LARGE,
                    sizeLimit.tooLargeDetail(record.key(), record.value()) + (keepsValue()
                            ? "; only its first bytes are kept" : "; its value is not kept")));
            return;
        }
        parts.of(raw, out);
        try {
            decoder.decode(record, parts);
        } catch (RejectedRecordException e) {
            out.collect(DecodedRecord.rejected(raw, e.reason(), e.detail()));
        } catch (RegistryUnavailableException e) {
            // Not the record's fault: every record after it would be dead-lettered too. The job fails, restarts
            // from its checkpoint and asks again.
            throw e;
        } catch (RuntimeException e) {
            // A decoder bug on one odd record must not become a poison pill that fails the job on
            // every restart: the record is set aside with what went wrong.
            out.collect(DecodedRecord.rejected(raw, RejectReason.UNDECODABLE, "decoder failed: " + e));
        }
    }

    /**
     * Where the decoder puts the parts of the record being read: one sink for every record, pointed at each in
     * turn, so that the hot path allocates no sink per record.
     */
    private final class Parts implements EventSink<E> {
        private RawRecord raw;
        /** What an accepted event carries on: the record, without its value unless {@link #acceptedKeepValue}. */
        private RawRecord acceptedRaw;
        private Collector<DecodedRecord<E>> out;

        void of(RawRecord raw, Collector<DecodedRecord<E>> out) {
            this.raw = raw;
            this.acceptedRaw = acceptedKeepValue() || raw.value() == null ? raw
                    : new RawRecord(raw.topic(), raw.partition(), raw.offset(), raw.key(), null);
            this.out = out;
        }

        @Override
        public void accept(E event) {
            event.locate(raw.partition(), raw.offset());
            out.collect(DecodedRecord.accepted(acceptedRaw, event, eventTimeMillis(event)));
        }

        @Override
        public void reject(RejectReason reason, String detail) {
            out.collect(DecodedRecord.rejected(raw, reason, detail));
        }

        @Override
        public void skip() {
            skipped.inc();
        }
    }
}
