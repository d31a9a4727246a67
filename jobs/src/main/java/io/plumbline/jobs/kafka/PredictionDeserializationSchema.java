package io.plumbline.jobs.kafka;

import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.codec.WriterSchemaIds;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.registry.SchemaRegistrySettings;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Decodes the predictions topic; a prediction's event time is its {@code timestamp}. */
public final class PredictionDeserializationSchema extends EventDeserializationSchema<PredictionRecord> {

    /**
     * Records larger than {@code sizeLimit} are refused as {@code too_large} without being decoded; records in
     * Confluent's wire format have their writer schemas in {@code registry} (null: none).
     */
    public PredictionDeserializationSchema(PayloadFormat format, RecordSizeLimit sizeLimit,
                                           SchemaRegistrySettings registry) {
        super(format, sizeLimit, registry);
    }

    @Override
    protected Decoder<PredictionRecord> newDecoder(PayloadFormat format, WriterSchemaIds schemaIds) {
        PredictionDecoder decoder = new PredictionDecoder(format, schemaIds);
        return (record, out) -> out.accept(decoder.decode(record.value()));
    }

    @Override
    protected long eventTimeMillis(PredictionRecord event) {
        return event.timestamp();
    }

    /** A rejected prediction is dead-lettered as it was sent, for its producer to inspect and replay. */
    @Override
    protected boolean keepsValue() {
        return true;
    }

    @Override
    public TypeInformation<DecodedRecord<PredictionRecord>> getProducedType() {
        return PlumblineTypes.DECODED_RECORD;
    }
}
