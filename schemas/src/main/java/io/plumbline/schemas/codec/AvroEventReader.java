package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectedRecordException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one generated Avro event class from binary: single-object encoded (the writer schema named
 * by its fingerprint, so older versions resolve against the current one), in Confluent's wire format (the
 * writer schema named by its registry id, resolved the same way) or a bare datum of the current schema, with
 * every failure turned into an UNDECODABLE rejection that says what was wrong, and a writer schema that
 * cannot resolve into an INCOMPATIBLE_SCHEMA one that names the field.
 * Both are read through a {@link BoundedBinaryDecoder}, so no declared length allocates more than
 * the payload holds.
 *
 * <p>Each call returns a new event and keeps nothing of the payload: an event decoded into again,
 * and the decoder's hold on the payload, would keep the last record's strings and bytes, however
 * large, until the next one came.
 */
final class AvroEventReader<T extends SpecificRecord> {

    /** C3 01, then the writer schema's 64-bit fingerprint, little-endian. */
    private static final int HEADER_BYTES = 10;
    /** More registry ids than any topic's producers use; past it the readers are built anew. */
    private static final int MAX_CONFLUENT_READERS = 10_000;

    private final String eventName;
    private final Schema schema;
    private final SpecificData model;
    private final SchemaStore writerSchemas;
    /** By writer fingerprint: the current schema's and each known one asked for so far. */
    private final Map<Long, SpecificDatumReader<T>> readers = new HashMap<>();
    private final SpecificDatumReader<T> datumReader;
    private final WriterSchemaIds schemaIds;
    /** By registry id: the readers from each writer schema asked for so far, or why it cannot be read. */
    private final Map<Integer, ConfluentReader<T>> confluentReaders = new HashMap<>();
    private final BoundedBinaryDecoder decoder = new BoundedBinaryDecoder();

    /** A registry id's reader, or the rejection of every record written with it. */
    private record ConfluentReader<T>(SpecificDatumReader<T> reader, RejectedRecordException incompatible) {
    }

    AvroEventReader(Class<T> type, SchemaStore writerSchemas, WriterSchemaIds schemaIds) {
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.eventName = schema.getName();
        this.writerSchemas = writerSchemas;
        this.schemaIds = schemaIds;
        this.datumReader = new SpecificDatumReader<>(schema, schema, model);
        readers.put(SchemaNormalization.parsingFingerprint64(schema), datumReader);
    }

    T readSingleObject(byte[] payload) throws RejectedRecordException {
        SpecificDatumReader<T> reader = readerFor(payload);
        try {
            return reader.read(null, decoder.reset(payload, HEADER_BYTES));
        } catch (IOException | RuntimeException e) {
            // Avro reports malformed input with assorted unchecked exceptions (negative lengths, bad union indexes)
            throw Rejections.undecodable("malformed Avro single-object record: " + describe(e));
        } finally {
            decoder.release();
        }
    }

    T readConfluent(byte[] payload) throws RejectedRecordException {
        if (payload.length < ConfluentWireFormat.HEADER_BYTES || payload[0] != 0) {
            throw Rejections.undecodable("not Confluent's wire format: expected a zero magic byte and a 4-byte schema"
                    + " id — first bytes " + Rejections.firstBytes(payload));
        }
        int id = ByteBuffer.wrap(payload, 1, 4).getInt();
        SpecificDatumReader<T> reader = confluentReaderFor(id);
        try {
            T event = reader.read(null, decoder.reset(payload, ConfluentWireFormat.HEADER_BYTES));
            if (!decoder.isEnd()) {
                throw Rejections.undecodable("Avro record of schema id " + id + " has bytes left after a complete "
                        + eventName);
            }
            return event;
        } catch (IOException | RuntimeException e) {
            throw Rejections.undecodable("malformed Avro record of schema id " + id + ": " + describe(e));
        } finally {
            decoder.release();
        }
    }

    T readDatum(byte[] payload) throws RejectedRecordException {
        try {
            T event = datumReader.read(null, decoder.reset(payload, 0));
            if (!decoder.isEnd()) {
                throw Rejections.undecodable("Avro datum has bytes left after a complete " + eventName
                        + ": not a bare datum of the current schema");
            }
            return event;
        } catch (IOException | RuntimeException e) {
            throw Rejections.undecodable("malformed Avro datum: " + describe(e));
        } finally {
            decoder.release();
        }
    }

    /** The reader from the writer schema the single-object header names to the current one. */
    private SpecificDatumReader<T> readerFor(byte[] payload) throws RejectedRecordException {
        if (payload.length < HEADER_BYTES) {
            throw badHeader(payload, "Not enough header bytes");
        }
        if (payload[0] != (byte) 0xC3 || payload[1] != 0x01) {
            throw badHeader(payload, String.format("Unrecognized header bytes: 0x%02X 0x%02X", payload[0], payload[1]));
        }
        long fingerprint = ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SpecificDatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            Schema writer = writerSchemas.findByFingerprint(fingerprint);
            if (writer == null) {
                throw Rejections.undecodable(String.format("Avro single-object record written with an unknown "
                        + "schema (fingerprint %016X): not a %s schema version this decoder knows", fingerprint,
                        eventName));
            }
            reader = new SpecificDatumReader<>(writer, schema, model);
            readers.put(fingerprint, reader); // only schemas the store knows: as many as it holds
        }
        return reader;
    }

    /**
     * The reader from registry id {@code id}'s schema to the current one. The topic says which event its records
     * are, so a writer's record may have a name of its own: it is read as this event all the same.
     */
    private SpecificDatumReader<T> confluentReaderFor(int id) throws RejectedRecordException {
        ConfluentReader<T> known = confluentReaders.get(id);
        if (known == null) {
            Schema writer = schemaIds.writerSchema(id);
            Schema reader = SchemaMismatch.namedAs(schema, writer);
            RejectedRecordException incompatible = SchemaMismatch.check(reader, writer, "schema id " + id, eventName);
            known = new ConfluentReader<>(incompatible == null ? new SpecificDatumReader<>(writer, reader, model)
                    : null, incompatible);
            if (confluentReaders.size() >= MAX_CONFLUENT_READERS) {
                confluentReaders.clear();
            }
            confluentReaders.put(id, known);
        }
        if (known.incompatible() != null) {
            throw known.incompatible();
        }
        return known.reader();
    }

    private static RejectedRecordException badHeader(byte[] payload, String problem) throws RejectedRecordException {
        ForeignFormats.rejectIfForeign(payload);
        return Rejections.undecodable("not Avro single-object encoding (" + problem + "): expected C3 01 and an "
                + "8-byte schema fingerprint — first bytes " + Rejections.firstBytes(payload));
    }

    /** A double of a decoded event, which must be finite; Avro keeps no text, so the detail shows Java's. */
    static double finite(double v, String field) throws RejectedRecordException {
        if (!Double.isFinite(v)) {
            throw Rejections.nonFinite(field, Double.toString(v));
        }
        return v;
    }

    /** The innermost cause, which Avro may wrap in an uninformative one. */
    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof EOFException) {
            return cause.getMessage() == null ? "it ends early" : "it ends early: " + cause.getMessage();
        }
        String type = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? type : type + ": " + cause.getMessage();
    }
}
