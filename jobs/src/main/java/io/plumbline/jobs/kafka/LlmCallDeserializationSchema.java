package io.plumbline.jobs.kafka;

import java.util.Objects;

import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.LlmCallLimits;
import io.plumbline.schemas.codec.OtlpOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.WriterSchemaIds;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.registry.SchemaRegistrySettings;
import org.apache.avro.message.SchemaStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Decodes the LLM-calls topic. A call's event time is its end: a producer emits a call when it
 * ends, so end times follow the order of arrival, whereas a long call's start would arrive late. A record of
 * an OTLP trace export gives a call per GenAI span; its other spans are skipped and counted.
 *
 * <p>A call's value is read by the decoder and then dropped: besides the fields the job reads, a producer
 * may send the prompt and the completion (fields the decoder ignores, or a record it cannot read at all),
 * and that text must not be kept or forwarded. Its dead letters carry the key and point at the original
 * by topic, partition and offset.
 */
public final class LlmCallDeserializationSchema extends EventDeserializationSchema<LlmCallRecord> {

    private final LlmCallLimits limits;
    private final OtlpOptions otlp;

    /**
     * Records larger than {@code sizeLimit} are refused as {@code too_large} without being decoded; calls
     * outside {@code limits} as {@code out_of_range}. Records in Confluent's wire format have their writer
     * schemas in {@code registry} (null: none); OTLP spans name their prompts as {@code otlp} says.
     */
    public LlmCallDeserializationSchema(PayloadFormat format, RecordSizeLimit sizeLimit, LlmCallLimits limits,
                                        SchemaRegistrySettings registry, OtlpOptions otlp) {
        super(format, sizeLimit, registry);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.otlp = Objects.requireNonNull(otlp, "otlp");
    }

    @Override
    protected Decoder<LlmCallRecord> newDecoder(PayloadFormat format, WriterSchemaIds schemaIds) {
        LlmCallDecoder decoder = new LlmCallDecoder(format, System::currentTimeMillis, new SchemaStore.Cache(),
                schemaIds, limits, otlp);
        return (record, out) -> decoder.decode(record.value(), out);
    }

    @Override
    protected long eventTimeMillis(LlmCallRecord event) {
        return event.eventTimeMillis();
    }

    @Override
    protected boolean keepsValue() {
        return false;
    }

    @Override
    public TypeInformation<DecodedRecord<LlmCallRecord>> getProducedType() {
        return PlumblineTypes.DECODED_LLM_CALL;
    }
}
