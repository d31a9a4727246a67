package io.plumbline.schemas.codec;

import java.util.ArrayList;
import java.util.List;

import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Whether a producer's writer schema resolves into ours under Avro's rules (fields matched by name or alias,
 * missing ones filled from defaults, numbers promoted), and if not, a rejection that names the field.
 */
final class SchemaMismatch {

    private SchemaMismatch() {
    }

    /**
     * {@code reader}, or a copy of it that also answers to {@code writer}'s record name: a producer's record
     * named for its own domain ({@code com.acme.ChurnPrediction}) is read as our event all the same.
     */
    static Schema namedAs(Schema reader, Schema writer) {
        if (writer.getType() != Schema.Type.RECORD || writer.getName().equals(reader.getName())
                || reader.getAliases().contains(writer.getFullName())) {
            return reader;
        }
        Schema copy = new Schema.Parser().parse(reader.toString());
        copy.addAlias(writer.getName(), writer.getNamespace() == null ? "" : writer.getNamespace());
        return copy;
    }

    /** Null when {@code writer} resolves into {@code reader}; otherwise the rejection of its every record. */
    static RejectedRecordException check(Schema reader, Schema writer, String writerName, String eventName) {
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader,
                writer);
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        List<Incompatibility> found = pair.getResult().getIncompatibilities();
        Incompatibility first = found.get(0);
        String field = fieldAt(reader, first.getLocation());
        String where = field.isEmpty() ? "the record" : "field '" + Rejections.shown(field) + "'";
        String detail = switch (first.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> where + " is not in " + writerName + " and " + eventName
                    + " has no default for it: the producer's schema must write it, under its name or an alias";
            case TYPE_MISMATCH, MISSING_UNION_BRANCH -> where + " is written as " + typeOf(first.getWriterFragment())
                    + " in " + writerName + "; " + eventName + " reads it as " + typeOf(first.getReaderFragment());
            case NAME_MISMATCH -> where + " is named " + first.getWriterFragment().getFullName() + " in " + writerName
                    + "; " + eventName + " reads " + first.getReaderFragment().getFullName();
            default -> where + " of " + writerName + " does not resolve: " + first.getMessage();
        };
        return new RejectedRecordException(RejectReason.INCOMPATIBLE_SCHEMA, detail
                + (found.size() > 1 ? " (and " + (found.size() - 1) + " more incompatibilities)" : ""));
    }

    /**
     * The dotted field path of a location such as {@code /fields/4/type/values}: Avro's compatibility checker
     * counts fields by their position in the reader schema.
     */
    static String fieldAt(Schema reader, String location) {
        List<String> names = new ArrayList<>();
        Schema at = reader;
        String[] steps = location.split("/");
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            if (step.equals("fields") && i + 1 < steps.length && at.getType() == Schema.Type.RECORD) {
                int position = Integer.parseInt(steps[++i]);
                if (position >= at.getFields().size()) {
                    break;
                }
                Schema.Field field = at.getFields().get(position);
                names.add(field.name());
                at = field.schema();
            } else if (step.equals("items") && at.getType() == Schema.Type.ARRAY) {
                at = at.getElementType();
            } else if (step.equals("values") && at.getType() == Schema.Type.MAP) {
                at = at.getValueType();
            } else if (!step.isEmpty() && Character.isDigit(step.charAt(0)) && at.getType() == Schema.Type.UNION) {
                int branch = Integer.parseInt(step);
                if (branch < at.getTypes().size()) {
                    at = at.getTypes().get(branch);
                }
            }
        }
        return String.join(".", names);
    }

    private static String typeOf(Schema schema) {
        if (schema == null) {
            return "another type";
        }
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getFullName();
            case ARRAY -> "an array of " + typeOf(schema.getElementType());
            case MAP -> "a map of " + typeOf(schema.getValueType());
            case UNION -> schema.getTypes().stream().map(SchemaMismatch::typeOf).toList().toString();
            default -> schema.getType().getName();
        };
    }
}
