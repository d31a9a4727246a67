package io.plumbline.schemas.codec;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.avro.message.SchemaStore;

/**
 * Turns the bytes of one record of {@code plumbline.llm-calls} into a validated {@link LlmCallRecord},
 * or rejects them with a reason and a detail that names the field (by its JSON name) and the value.
 *
 * <p>Formats as for predictions: in {@link PayloadFormat#AUTO} '{' after optional whitespace is JSON
 * with OTel's dotted names, {@code C3 01} is Avro single-object encoding, {@code 00} and a schema id
 * Confluent's wire format; a bare Avro datum only when the topic is configured as
 * {@link PayloadFormat#AVRO_DATUM}. {@code gen_ai.system}, the older name of {@code gen_ai.provider.name},
 * is accepted in JSON and, through the schema's alias, in Avro. A topic configured as
 * {@link PayloadFormat#OTLP_PROTO} or {@link PayloadFormat#OTLP_JSON} holds trace exports instead, each
 * record any number of spans: {@link #decode(byte[], EventSink)} reads a call from each GenAI span of a
 * model call ({@link GenAiSpans}), checked as the others are.
 *
 * <p>Beyond presence and types, a call is rejected when a token count is negative, a cache-read or
 * reasoning count exceeds (or comes without) the input or output count that includes it, the cost or
 * time to first chunk is negative or the eval score outside [0, 1], a number is not finite, the start
 * or end time is implausible (before 2000 or more than a day ahead, as for predictions: the end is the
 * event time), the call ends before it starts, a token count, the cost or the duration exceeds its
 * {@link LlmCallLimits}, the time to first chunk exceeds the call's duration (by more than a
 * millisecond of clock rounding), or an id or label (any string field, a finish reason) is empty,
 * only whitespace or longer than 256 bytes.
 *
 * <p>Not thread-safe and not serializable: create one per thread (in Flink, in {@code open}).
 */
public final class LlmCallDecoder {

    /** Services, operations, providers, models, prompts, finish reasons and error types: a small vocabulary. */
    private static final int INTERNER_SLOTS = 1024;

    private final FormatDispatch<LlmCallRecord> readers;
    /** The trace export reader of an OTLP format; null for the others. */
    private final SpanReader otlp;
    private final GenAiSpans genAiSpans;

    /** Judges timestamps against {@link System#currentTimeMillis()}, and calls by {@link LlmCallLimits#DEFAULTS}. */
    public LlmCallDecoder(PayloadFormat format) {
        this(format, System::currentTimeMillis);
    }

    public LlmCallDecoder(PayloadFormat format, LongSupplier wallClockMillis) {
        this(format, wallClockMillis, new SchemaStore.Cache());
    }

    /**
     * @param writerSchemas LlmCallEvent schemas that single-object records may name by fingerprint
     *     besides the current one (older versions, producers' own variants such as one still naming
     *     the provider {@code gen_ai_system}); each is resolved against the current schema, so it must
     *     be compatible with it
     */
    public LlmCallDecoder(PayloadFormat format, LongSupplier wallClockMillis, SchemaStore writerSchemas) {
        this(format, wallClockMillis, writerSchemas, LlmCallLimits.DEFAULTS);
    }

    /** Judges timestamps against {@link System#currentTimeMillis()}, and calls by {@code limits}. */
    public LlmCallDecoder(PayloadFormat format, LlmCallLimits limits) {
        this(format, System::currentTimeMillis, new SchemaStore.Cache(), WriterSchemaIds.NONE, limits);
    }

    /**
     * @param writerSchemas as for {@link #LlmCallDecoder(PayloadFormat, LongSupplier, SchemaStore)}
     * @param limits the most tokens, cost and duration one call may plausibly report
     */
    public LlmCallDecoder(PayloadFormat format, LongSupplier wallClockMillis, SchemaStore writerSchemas,
            LlmCallLimits limits) {
        this(format, wallClockMillis, writerSchemas, WriterSchemaIds.NONE, limits);
    }

    /**
     * @param writerSchemas as for {@link #LlmCallDecoder(PayloadFormat, LongSupplier, SchemaStore)}
     * @param schemaIds the writer schemas of records in Confluent's wire format, by registry id; each is resolved
     *     against the current schema, and a record of one that does not resolve is rejected as incompatible_schema
     * @param limits the most tokens, cost and duration one call may plausibly report
     */
    public LlmCallDecoder(PayloadFormat format, LongSupplier wallClockMillis, SchemaStore writerSchemas,
            WriterSchemaIds schemaIds, LlmCallLimits limits) {
        this(format, wallClockMillis, writerSchemas, schemaIds, limits, OtlpOptions.DEFAULTS);
    }

    /**
     * @param otlpOptions where spans name their prompts besides the GenAI conventions' attributes, for an OTLP
     *     format
     */
    public LlmCallDecoder(PayloadFormat format, LongSupplier wallClockMillis, SchemaStore writerSchemas,
            WriterSchemaIds schemaIds, LlmCallLimits limits, OtlpOptions otlpOptions) {
        if (format.isInferenceLog()) {
            throw new IllegalArgumentException(format.configName() + " carries predictions, not LLM calls");
        }
        Objects.requireNonNull(limits, "limits");
        StringInterner interner = new StringInterner(INTERNER_SLOTS);
        PlausibleTimestamps timestamps = new PlausibleTimestamps(Objects.requireNonNull(wallClockMillis, "clock"));
        JsonLlmCallReader json = new JsonLlmCallReader(interner, timestamps, limits);
        AvroLlmCallReader avro = new AvroLlmCallReader(Objects.requireNonNull(writerSchemas, "writerSchemas"),
                Objects.requireNonNull(schemaIds, "schemaIds"),
                interner, timestamps, limits);
        this.readers = new FormatDispatch<>(Objects.requireNonNull(format, "format"), json::read,
                avro::readSingleObject, avro::readConfluent, avro::readDatum);
        this.otlp = format == PayloadFormat.OTLP_PROTO ? new OtlpProtoReader()::spans
                : format == PayloadFormat.OTLP_JSON ? new OtlpJsonReader()::spans : null;
        this.genAiSpans = new GenAiSpans(interner, timestamps, limits, Objects.requireNonNull(otlpOptions,
                "otlpOptions"));
    }

    /**
     * Decodes and validates one record of one call; returns a new record on every call.
     *
     * @throws IllegalStateException for an OTLP format, whose records hold many: see {@link #decode(byte[], EventSink)}
     */
    public LlmCallRecord decode(byte[] payload) throws RejectedRecordException {
        return readers.read(payload);
    }

    /**
     * Decodes one record into {@code sink}: its call, or for an OTLP format each of its spans as a call, a
     * rejection or a span skipped.
     *
     * @throws RejectedRecordException when the record as a whole cannot be read
     */
    public void decode(byte[] payload, EventSink<LlmCallRecord> sink) throws RejectedRecordException {
        if (otlp == null) {
            sink.accept(decode(payload));
            return;
        }
        if (payload == null || payload.length == 0) {
            throw Rejections.undecodable("empty payload");
        }
        for (OtlpSpan span : otlp.spans(payload)) {
            try {
                LlmCallRecord call = genAiSpans.toCall(span);
                if (call == null) {
                    sink.skip();
                } else {
                    sink.accept(call);
                }
            } catch (RejectedRecordException e) {
                sink.reject(e.reason(), e.detail());
            }
        }
    }

    /** Reads the spans of one trace export. */
    @FunctionalInterface
    private interface SpanReader {
        List<OtlpSpan> spans(byte[] payload) throws RejectedRecordException;
    }
}
