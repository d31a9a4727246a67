package io.plumbline.schemas.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Writes any Avro record as plain JSON for the output topics, so that kcat, Kafka Connect and any
 * consumer read them without our schemas: unions unwrapped (not Avro-JSON's {@code {"double": 1.0}}),
 * maps as objects, bytes and fixed as base64, field names as in the schema — or the field's
 * {@code json_name} property where it has one (LlmCallEvent keeps the dotted OTel names in JSON).
 *
 * <p>JSON has no NaN or Infinity: a non-finite number is treated as absent. A record field that is
 * null or non-finite is omitted; inside a map or an array it is written as null, which keeps the key
 * or position. Logical types are written as their underlying Avro type, so a record must hold the
 * underlying values (as our generated classes do: none of our schemas uses conversions).
 */
public final class JsonRecordWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String JSON_NAME = "json_name";

    /** UTF-8 JSON of the record. */
    public static byte[] toJson(IndexedRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeRecord(g, record);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeRecord(JsonGenerator g, IndexedRecord record) throws IOException {
        g.writeStartObject();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (isAbsent(value)) {
                continue;
            }
            String jsonName = field.getProp(JSON_NAME);
            g.writeFieldName(jsonName != null ? jsonName : field.name());
            writeValue(g, field.schema(), value);
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Schema schema, Object value) throws IOException {
        if (isAbsent(value)) {
            g.writeNull();
            return;
        }
        switch (schema.getType()) {
            // SpecificData resolves generated enums and records as well as generic ones
            case UNION -> writeValue(g, schema.getTypes().get(SpecificData.get().resolveUnion(schema, value)), value);
            case RECORD -> writeRecord(g, (IndexedRecord) value);
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    g.writeFieldName(entry.getKey().toString());
                    writeValue(g, schema.getValueType(), entry.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    writeValue(g, schema.getElementType(), item);
                }
                g.writeEndArray();
            }
            case STRING, ENUM -> g.writeString(value.toString());
            case BYTES -> {
                ByteBuffer bytes = ((ByteBuffer) value).duplicate();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                g.writeBinary(copy);
            }
            case FIXED -> g.writeBinary(((GenericFixed) value).bytes());
            case INT -> g.writeNumber((Integer) value);
            case LONG -> g.writeNumber((Long) value);
            case FLOAT -> g.writeNumber((Float) value);
            case DOUBLE -> g.writeNumber((Double) value);
            case BOOLEAN -> g.writeBoolean((Boolean) value);
            case NULL -> g.writeNull();
        }
    }

    private static boolean isAbsent(Object value) {
        return value == null
                || value instanceof Double d && !Double.isFinite(d)
                || value instanceof Float f && !Float.isFinite(f);
    }

    private JsonRecordWriter() {
    }
}
