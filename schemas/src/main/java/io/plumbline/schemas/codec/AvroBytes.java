package io.plumbline.schemas.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.MessageEncoder;

/** The two Avro binary forms a producer may send, written to memory (which cannot fail). */
final class AvroBytes {

    private static final int INITIAL_CAPACITY = 128;

    /** Single-object encoding: C3 01, the schema's 8-byte fingerprint, then the datum. */
    static <T> byte[] singleObject(MessageEncoder<T> encoder, T event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_CAPACITY);
        try {
            encoder.encode(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** A bare binary datum: no marker, no fingerprint. */
    static <T> byte[] datum(DatumWriter<T> writer, T event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_CAPACITY);
        try {
            writer.write(event, EncoderFactory.get().directBinaryEncoder(out, null));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private AvroBytes() {
    }
}
