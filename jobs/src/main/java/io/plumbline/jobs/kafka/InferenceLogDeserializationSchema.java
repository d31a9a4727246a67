package io.plumbline.jobs.kafka;

import java.nio.charset.StandardCharsets;

import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.codec.InferenceLogDecoder;
import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.WriterSchemaIds;
import io.plumbline.schemas.event.InferenceHalf;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.common.header.Header;

/**
 * Decodes a topic of inference logs ({@link PayloadFormat#KSERVE}): each record is half of an inference, its
 * request or its response, as a CloudEvent whose attributes may be in the record's headers. A half's event time
 * is when it was logged.
 */
public final class InferenceLogDeserializationSchema extends EventDeserializationSchema<InferenceHalf> {

    private final InferenceLogOptions options;

    public InferenceLogDeserializationSchema(RecordSizeLimit sizeLimit, InferenceLogOptions options) {
        super(PayloadFormat.KSERVE, sizeLimit, null);
        this.options = options;
    }

    @Override
    protected Decoder<InferenceHalf> newDecoder(PayloadFormat format, WriterSchemaIds schemaIds) {
        InferenceLogDecoder decoder = new InferenceLogDecoder(options);
        return (record, out) -> decoder.decode(record.value(), name -> {
            Header header = record.headers().lastHeader(name);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }, record.timestamp(), out);
    }

    @Override
    protected long eventTimeMillis(InferenceHalf half) {
        return half.timestamp();
    }

    /** A rejected half is dead-lettered as it was sent, like a rejected prediction. */
    @Override
    protected boolean keepsValue() {
        return true;
    }

    /** An accepted half crosses the pairing's shuffle, where its value would be dead weight. */
    @Override
    protected boolean acceptedKeepValue() {
        return false;
    }

    @Override
    public TypeInformation<DecodedRecord<InferenceHalf>> getProducedType() {
        return PlumblineTypes.DECODED_INFERENCE_HALF;
    }
}
