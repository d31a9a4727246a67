package io.plumbline.schemas.codec;

import io.plumbline.schemas.LlmCallEvent;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Encodes LlmCallEvents the ways a producer may send them, for the demo's traffic, tests and
 * benchmarks: every result decodes with {@link LlmCallDecoder} (the bare datum only when the topic is
 * configured {@code avro-datum}). Thread-safe.
 */
public final class LlmCallEncoder {

    private static final SpecificDatumWriter<LlmCallEvent> DATUM_WRITER = new SpecificDatumWriter<>(LlmCallEvent.class);

    /**
     * The JSON form, with OTel's dotted names; absent optional fields are left out, and so are
     * non-finite numbers, as JSON has none.
     */
    public static byte[] json(LlmCallEvent event) {
        return JsonRecordWriter.toJson(event);
    }

    /** Avro single-object encoding: C3 01, the schema's 8-byte fingerprint, then the datum. */
    public static byte[] avroSingleObject(LlmCallEvent event) {
        return AvroBytes.singleObject(LlmCallEvent.getEncoder(), event);
    }

    /** A bare Avro binary datum of the current schema: no marker, no fingerprint. */
    /** In Confluent's wire format, as written with the schema registered as {@code schemaId}: ours. */
    public static byte[] confluent(int schemaId, LlmCallEvent event) {
        return ConfluentWireFormat.frame(schemaId, avroDatum(event));
    }

    public static byte[] avroDatum(LlmCallEvent event) {
        return AvroBytes.datum(DATUM_WRITER, event);
    }

    private LlmCallEncoder() {
    }
}
