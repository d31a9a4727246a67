package io.plumbline.schemas.codec;

import io.plumbline.schemas.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            PredictionEvent.getEncoder().encode(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** A bare Avro binary datum of the current schema: no marker, no fingerprint. */
    public static byte[] avroDatum(PredictionEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            DATUM_WRITER.write(event, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private PredictionEncoder() {
    }
}
