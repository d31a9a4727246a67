package io.plumbline.schemas.codec;

import io.plumbline.schemas.PredictionEvent;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Encodes PredictionEvents the ways a producer may send them, for the demo's traffic and for tests:
 * every result decodes with {@link PredictionDecoder} (the bare datum only when the topic is
 * configured {@code avro-datum}). Thread-safe.
 */
public final class PredictionEncoder {

    private static final SpecificDatumWriter<PredictionEvent> DATUM_WRITER =
            new SpecificDatumWriter<>(PredictionEvent.class);

    /** The JSON form of the event contract; non-finite numbers become null (missing) as JSON has none. */
    public static byte[] json(PredictionEvent event) {
        return JsonRecordWriter.toJson(event);
    }

    /** Avro single-object encoding: C3 01, the schema's 8-byte fingerprint, then the datum. */
    public static byte[] avroSingleObject(PredictionEvent event) {
        return AvroBytes.singleObject(PredictionEvent.getEncoder(), event);
    }

    /** In Confluent's wire format, as written with the schema registered as {@code schemaId}: ours. */
    public static byte[] confluent(int schemaId, PredictionEvent event) {
        return ConfluentWireFormat.frame(schemaId, avroDatum(event));
    }

    /** A bare Avro binary datum of the current schema: no marker, no fingerprint. */
    public static byte[] avroDatum(PredictionEvent event) {
        return AvroBytes.datum(DATUM_WRITER, event);
    }

    private PredictionEncoder() {
    }
}
