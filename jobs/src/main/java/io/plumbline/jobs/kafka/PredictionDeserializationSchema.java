package io.plumbline.jobs.kafka;

import java.util.Objects;

import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes each record of the predictions topic inside the source, so that event time is known per
 * partition and watermarks are per partition. A record that cannot be decoded is not an error of
 * the job: it comes out as a rejected {@link DecodedRecord}, bound for the dead-letter topic.
 */
public final class PredictionDeserializationSchema implements KafkaRecordDeserializationSchema<DecodedRecord> {

    private final PayloadFormat format;
    private transient PredictionDecoder decoder;

    public PredictionDeserializationSchema(PayloadFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new PredictionDecoder(format);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedRecord> out) {
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.key(),
                record.value());
        DecodedRecord decoded;
        try {
            decoded = DecodedRecord.accepted(raw, decoder.decode(record.value()));
        } catch (RejectedRecordException e) {
            decoded = DecodedRecord.rejected(raw, e.reason(), e.detail());
        } catch (RuntimeException e) {
            // A decoder bug on one odd record must not become a poison pill that fails the job on
            // every restart: the record is set aside with what went wrong.
            decoded = DecodedRecord.rejected(raw, RejectReason.UNDECODABLE, "decoder failed: " + e);
        }
        out.collect(decoded);
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return PlumblineTypes.DECODED_RECORD;
    }
}
