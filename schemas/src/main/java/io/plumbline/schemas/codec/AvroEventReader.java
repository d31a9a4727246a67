package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectedRecordException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one generated Avro event class from binary: single-object encoded (the writer schema named
 * by its fingerprint, so older versions resolve against the current one) or a bare datum of the
 * current schema, with every failure turned into an UNDECODABLE rejection that says what was wrong.
 *
 * <p>The returned event is decoded into again by the next call (Avro clears its maps and arrays
 * rather than reallocating them): read it before the next record.
 */
final class AvroEventReader<T extends SpecificRecord> {

    private final String eventName;
    private final BinaryMessageDecoder<T> singleObject;
    private final SpecificDatumReader<T> datumReader;
    private BinaryDecoder datumDecoder;
    private T event;

    AvroEventReader(Class<T> type, SchemaStore writerSchemas) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        this.eventName = schema.getName();
        this.singleObject = new BinaryMessageDecoder<>(model, schema, writerSchemas);
        this.datumReader = new SpecificDatumReader<>(schema, schema, model);
    }

    T readSingleObject(byte[] payload) throws RejectedRecordException {
        try {
            event = singleObject.decode(payload, event);
        } catch (BadHeaderException e) {
            ForeignFormats.rejectIfForeign(payload);
            throw Rejections.undecodable("not Avro single-object encoding (" + e.getMessage()
                    + "): expected C3 01 and an 8-byte schema fingerprint — first bytes "
                    + Rejections.firstBytes(payload));
        } catch (MissingSchemaException e) {
            throw Rejections.undecodable(String.format("Avro single-object record written with an unknown schema "
                    + "(fingerprint %016X): not a %s schema version this decoder knows",
                    fingerprint(payload), eventName));
        } catch (IOException | RuntimeException e) {
            // Avro reports malformed input with assorted unchecked exceptions (negative lengths, bad union indexes)
            throw Rejections.undecodable("malformed Avro single-object record: " + describe(e));
        }
        return event;
    }

    T readDatum(byte[] payload) throws RejectedRecordException {
        try {
            datumDecoder = DecoderFactory.get().binaryDecoder(payload, datumDecoder);
            event = datumReader.read(event, datumDecoder);
            if (!datumDecoder.isEnd()) {
                throw Rejections.undecodable("Avro datum has bytes left after a complete " + eventName
                        + ": not a bare datum of the current schema");
            }
        } catch (IOException | RuntimeException e) {
            throw Rejections.undecodable("malformed Avro datum: " + describe(e));
        }
        return event;
    }

    /** A double of a decoded event, which must be finite; Avro keeps no text, so the detail shows Java's. */
    static double finite(double v, String field) throws RejectedRecordException {
        if (!Double.isFinite(v)) {
            throw Rejections.nonFinite(field, Double.toString(v));
        }
        return v;
    }

    /** The writer schema's fingerprint as the single-object header carries it (little-endian after C3 01). */
    private static long fingerprint(byte[] payload) {
        return ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The innermost cause: the message decoder wraps it in an uninformative "Decoding datum failed". */
    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof EOFException) {
            return "it ends early";
        }
        String type = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? type : type + ": " + cause.getMessage();
    }
}
