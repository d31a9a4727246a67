package io.plumbline.schemas.codec;

import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.avro.message.SchemaStore;

/**
 * Turns the bytes of one record of {@code plumbline.predictions} into a validated
 * {@link PredictionRecord}, or rejects them with a reason and a detail that names the field.
 *
 * <p>In {@link PayloadFormat#AUTO} the format is detected per record: '{' after optional
 * whitespace is JSON, {@code C3 01} is Avro single-object encoding, {@code 00} and a schema id is Confluent's
 * wire format (read with the writer schemas of {@link WriterSchemaIds}). A bare Avro datum carries no
 * marker, so it is accepted only when the topic is configured as {@link PayloadFormat#AVRO_DATUM}.
 *
 * <p>{@code event_id}, {@code model_id} and {@code model_version} must be 1 to 256 bytes of UTF-8,
 * not only whitespace: they key the job's state. Feature names and categories, kept in the same
 * state, may be empty but are at most 256 bytes too.
 *
 * <p>Not thread-safe and not serializable: create one per thread (in Flink, in {@code open}). It
 * keeps a bounded cache of feature names and categories so that equal strings are usually shared.
 */
public final class PredictionDecoder {

    /** Enough for the feature names and categories of many models; 32 KiB of slots. */
    private static final int INTERNER_SLOTS = 4096;

    private final FormatDispatch<PredictionRecord> readers;

    /** Judges timestamps against {@link System#currentTimeMillis()}. */
    public PredictionDecoder(PayloadFormat format) {
        this(format, System::currentTimeMillis);
    }

    public PredictionDecoder(PayloadFormat format, LongSupplier wallClockMillis) {
        this(format, wallClockMillis, new SchemaStore.Cache());
    }

    /** Judges timestamps against {@link System#currentTimeMillis()}; reads Confluent's framing by {@code schemaIds}. */
    public PredictionDecoder(PayloadFormat format, WriterSchemaIds schemaIds) {
        this(format, System::currentTimeMillis, new SchemaStore.Cache(), schemaIds);
    }

    /**
     * @param writerSchemas PredictionEvent schemas that single-object records may name by
     *     fingerprint besides the current one (older versions, producers' own variants); each is
     *     resolved against the current schema, so it must be compatible with it
     */
    public PredictionDecoder(PayloadFormat format, LongSupplier wallClockMillis, SchemaStore writerSchemas) {
        this(format, wallClockMillis, writerSchemas, WriterSchemaIds.NONE);
    }

    /**
     * @param writerSchemas as for {@link #PredictionDecoder(PayloadFormat, LongSupplier, SchemaStore)}
     * @param schemaIds the writer schemas of records in Confluent's wire format, by registry id; each is resolved
     *     against the current schema, and a record of one that does not resolve is rejected as incompatible_schema
     */
    public PredictionDecoder(PayloadFormat format, LongSupplier wallClockMillis, SchemaStore writerSchemas,
                             WriterSchemaIds schemaIds) {
        if (format.isOtlp()) {
            throw new IllegalArgumentException(format.configName() + " carries LLM calls, not predictions");
        }
        if (format.isInferenceLog()) {
            throw new IllegalArgumentException(format.configName() + " carries halves of inferences: read them with"
                    + " InferenceLogDecoder");
        }
        StringInterner interner = new StringInterner(INTERNER_SLOTS);
        PlausibleTimestamps timestamps = new PlausibleTimestamps(Objects.requireNonNull(wallClockMillis, "clock"));
        JsonPredictionReader json = new JsonPredictionReader(interner, timestamps);
        AvroPredictionReader avro = new AvroPredictionReader(Objects.requireNonNull(writerSchemas, "writerSchemas"),
                Objects.requireNonNull(schemaIds, "schemaIds"), interner, timestamps);
        this.readers = new FormatDispatch<>(Objects.requireNonNull(format, "format"), json::read,
                avro::readSingleObject, avro::readConfluent, avro::readDatum);
    }

    /** Decodes and validates one record; returns a new record on every call. */
    public PredictionRecord decode(byte[] payload) throws RejectedRecordException {
        return readers.read(payload);
    }
}
