package io.plumbline.jobs.kafka;

import io.plumbline.detectors.format.ReferenceBaselineFormat;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes each record of the baselines topic ({@code ReferenceBaselineFormat}, as
 * {@code plumbline baseline build} publishes it) inside the source. A record that does not decode
 * is not an error of the job: it comes out rejected as {@code undecodable}, bound for the
 * dead-letter topic with its coordinates, like a bad prediction. A tombstone (null value) is what
 * compaction leaves of a deleted key: it carries no baseline and is skipped, so a reference already
 * in use stays in use (a new reference replaces it).
 */
public final class BaselineDeserializationSchema implements KafkaRecordDeserializationSchema<DecodedBaseline> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedBaseline> out) {
        if (record.value() == null) {
            return;
        }
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.key(),
                record.value());
        DecodedBaseline decoded;
        try {
            decoded = DecodedBaseline.accepted(raw, ReferenceBaselineFormat.read(record.value()));
        } catch (RuntimeException e) {
            // The format's reader throws IllegalArgumentException for bytes it cannot read; anything
            // else on one odd record must not become a poison pill either.
            decoded = DecodedBaseline.rejected(raw, RejectReason.UNDECODABLE, "not a reference baseline: " + e);
        }
        out.collect(decoded);
    }

    @Override
    public TypeInformation<DecodedBaseline> getProducedType() {
        return PlumblineTypes.DECODED_BASELINE;
    }
}
