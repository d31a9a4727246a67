package io.plumbline.schemas.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Reads the rows of a logged inference from its JSON body, in the Open Inference Protocol (V2: named tensors of a
 * shape and a datatype, {@code inputs} and {@code outputs}) or in KServe's V1 protocol ({@code instances} and
 * {@code predictions}). The first dimension of a tensor is the batch: each of its rows is one prediction.
 *
 * <ul>
 *   <li>A V2 input of one value per row is a feature named after the tensor; of several, one feature per
 *       column, named by {@link InferenceLogOptions#featureColumns} for the first such tensor, else
 *       {@code <tensor>_<column>}; of more than two dimensions, a feature of a value no statistic reads.
 *   <li>A V1 instance is an object of named features, an array of columns named like a two-dimensional tensor's
 *       ({@code input_<column>} by default), or one value (feature {@code input}).
 *   <li>The prediction is the output tensor {@link InferenceLogOptions#predictionOutput}, else the first; it must
 *       hold one value per row. Numbers are numeric, strings and booleans categorical, a null feature missing.
 * </ul>
 */
final class InferenceTensors {

    private static final String V1_INPUT = "input";
    private static final Set<String> DATATYPES = Set.of("BOOL", "BYTES", "INT8", "INT16", "INT32", "INT64", "UINT8",
            "UINT16", "UINT32", "UINT64", "FP16", "FP32", "FP64", "BF16");
    private static final String ONE_PER_ROW = "one value per row";

    private final InferenceLogOptions options;
    private final StringInterner interner;

    InferenceTensors(InferenceLogOptions options, StringInterner interner) {
        this.options = options;
        this.interner = interner;
    }

    /** The features of each row of a request. */
    List<PredictionRecord> requestRows(JsonNode body) throws RejectedRecordException {
        if (body.path("inputs").isArray()) {
            return v2Inputs(body.get("inputs"));
        }
        if (body.path("instances").isArray()) {
            return v1Instances(body.get("instances"));
        }
        throw Rejections.missing("inputs", "the request's input tensors (V2 'inputs', or V1 'instances')");
    }

    /** The prediction of each row of a response. */
    List<PredictionRecord> responseRows(JsonNode body) throws RejectedRecordException {
        List<PredictionRecord> rows = new ArrayList<>();
        if (body.path("outputs").isArray()) {
            JsonNode tensor = output(body.get("outputs"));
            String field = "outputs." + tensor.path("name").asText();
            Shape shape = Shape.of(tensor, field);
            if (shape.width() != 1) {
                throw Rejections.wrongType(field + ".shape", shape.text(), ONE_PER_ROW
                        + "; set kserve.prediction-output to an output tensor of one value per row");
            }
            String datatype = datatype(tensor, field);
            List<JsonNode> values = shape.values(tensor, field);
            for (JsonNode value : values) {
                rows.add(predicted(new PredictionRecord(0), field, tensorValue(datatype, value, field)));
            }
            return rows;
        }
        if (body.path("predictions").isArray()) {
            for (JsonNode value : body.get("predictions")) {
                if (!value.isValueNode() || value.isNull()) {
                    throw Rejections.wrongType("predictions", describe(value), ONE_PER_ROW
                            + ": a number, a string or a boolean");
                }
                rows.add(predicted(new PredictionRecord(0), "predictions", value));
            }
            return rows;
        }
        throw Rejections.missing("outputs", "the response's output tensors (V2 'outputs', or V1 'predictions')");
    }

    private JsonNode output(JsonNode outputs) throws RejectedRecordException {
        String wanted = options.predictionOutput();
        for (JsonNode tensor : outputs) {
            if (wanted == null || wanted.equals(tensor.path("name").asText(null))) {
                return tensor;
            }
        }
        throw wanted == null ? Rejections.missing("outputs", "at least one output tensor")
                : Rejections.missing("outputs." + wanted, "the output tensor named by kserve.prediction-output");
    }

    private List<PredictionRecord> v2Inputs(JsonNode inputs) throws RejectedRecordException {
        List<PredictionRecord> rows = null;
        Set<String> names = new HashSet<>();
        boolean columnsNamed = false;
        for (JsonNode tensor : inputs) {
            JsonNode nameNode = tensor.path("name");
            if (!nameNode.isTextual()) {
                throw Rejections.missing("inputs.name", "the name of each input tensor");
            }
            String name = nameNode.asText();
            String field = "inputs." + name;
            Shape shape = Shape.of(tensor, field);
            String datatype = datatype(tensor, field);
            List<JsonNode> values = shape.values(tensor, field);
            rows = rowsOf(rows, shape.rows(), field);
            if (shape.dimensions() > 2) {
                String feature = feature(name, names);
                for (PredictionRecord row : rows) {
                    row.addUnsupported(feature);
                }
                continue;
            }
            List<String> columns;
            if (shape.width() == 1) {
                columns = List.of(name);
            } else {
                columns = columnNames(name + "_", shape.width(), !columnsNamed, field);
                columnsNamed = true;
            }
            List<String> features = new ArrayList<>(columns.size());
            for (String column : columns) {
                features.add(feature(column, names));
            }
            int width = shape.width();
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < width; c++) {
                    add(rows.get(r), features.get(c), tensorValue(datatype, values.get(r * width + c), field));
                }
            }
        }
        if (rows == null) {
            throw Rejections.missing("inputs", "at least one input tensor");
        }
        return rows;
    }

    private List<PredictionRecord> v1Instances(JsonNode instances) throws RejectedRecordException {
        List<PredictionRecord> rows = new ArrayList<>(instances.size());
        List<String> columns = null;
        for (JsonNode instance : instances) {
            PredictionRecord row = new PredictionRecord();
            Set<String> names = new HashSet<>();
            if (instance.isObject()) {
                for (Map.Entry<String, JsonNode> entry : instance.properties()) {
                    add(row, feature(entry.getKey(), names), entry.getValue());
                }
            } else if (instance.isArray()) {
                if (columns == null || columns.size() != instance.size()) {
                    columns = columnNames(V1_INPUT + "_", instance.size(), true, "instances");
                }
                for (int c = 0; c < instance.size(); c++) {
                    add(row, feature(columns.get(c), names), instance.get(c));
                }
            } else {
                add(row, feature(V1_INPUT, names), instance);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The names of {@code width} columns: the configured ones when {@code configured} applies, else numbered. */
    private List<String> columnNames(String prefix, int width, boolean configured, String field)
            throws RejectedRecordException {
        List<String> names = options.featureColumns();
        if (configured && !names.isEmpty()) {
            if (names.size() != width) {
                throw Rejections.wrongType(field, width + " columns", names.size()
                        + " columns, as many as kserve.feature-columns names");
            }
            return names;
        }
        List<String> numbered = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            numbered.add(prefix + c);
        }
        return numbered;
    }

    /** The rows of a request, made by its first tensor; each later tensor must have as many. */
    private static List<PredictionRecord> rowsOf(List<PredictionRecord> rows, int count, String field)
            throws RejectedRecordException {
        if (rows == null) {
            List<PredictionRecord> made = new ArrayList<>(count);
            for (int r = 0; r < count; r++) {
                made.add(new PredictionRecord());
            }
            return made;
        }
        if (rows.size() != count) {
            throw Rejections.wrongType(field + ".shape", count + " rows", rows.size()
                    + " rows, as many as the request's first input tensor");
        }
        return rows;
    }

    /** {@code name} as a feature name, once per row. */
    private String feature(String name, Set<String> seen) throws RejectedRecordException {
        if (name.equals(PredictionFields.PREDICTION)) {
            throw Rejections.reservedFeature(PredictionFields.entry(PredictionFields.FEATURES, name));
        }
        if (!seen.add(name)) {
            throw Rejections.duplicate(PredictionFields.entry(PredictionFields.FEATURES, name));
        }
        return interner.intern(Ids.checkFeatureName(name));
    }

    private void add(PredictionRecord row, String feature, JsonNode value) throws RejectedRecordException {
        if (value == null || value.isNull()) {
            row.addMissing(feature);
        } else if (value.isNumber()) {
            double number = value.asDouble();
            if (!Double.isFinite(number)) {
                throw Rejections.nonFinite(PredictionFields.entry(PredictionFields.FEATURES, feature), value.asText());
            }
            row.addNumber(feature, number);
        } else if (value.isTextual() || value.isBoolean()) {
            row.addCategory(feature, interner.intern(Ids.checkCategory(feature, value.asText())));
        } else {
            row.addUnsupported(feature);
        }
    }

    private PredictionRecord predicted(PredictionRecord row, String field, JsonNode value)
            throws RejectedRecordException {
        if (value.isNull()) {
            throw Rejections.nullValue(field, "the prediction: a number, a string or a boolean");
        }
        if (value.isNumber()) {
            return row.predictionNumber(finite(value, field));
        }
        return row.predictionCategory(interner.intern(Ids.checkCategory(null, value.asText())));
    }

    /**
     * A value of a V2 tensor, checked against the tensor's datatype. A null is let through, to be read as missing:
     * the protocol has none, but MLServer's pandas codec writes a missing value so.
     */
    private static JsonNode tensorValue(String datatype, JsonNode value, String field)
            throws RejectedRecordException {
        boolean fits = value.isNull() || switch (datatype) {
            case "BYTES" -> value.isTextual();
            case "BOOL" -> value.isBoolean();
            default -> value.isNumber();
        };
        if (!fits) {
            throw Rejections.wrongType(field + ".data", describe(value), "a value of datatype " + datatype);
        }
        return value;
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String datatype(JsonNode tensor, String field) throws RejectedRecordException {
        String datatype = tensor.path("datatype").asText("");
        if (!DATATYPES.contains(datatype)) {
            throw Rejections.wrongType(field + ".datatype", "'" + Rejections.shown(datatype) + "'",
                    "one of the Open Inference Protocol's datatypes: BOOL, BYTES, INT8 to INT64, UINT8 to UINT64,"
                            + " FP16, FP32, FP64 or BF16");
        }
        return datatype;
    }

    private static double finite(JsonNode value, String field) throws RejectedRecordException {
        double v = value.asDouble();
        if (!Double.isFinite(v)) {
            throw Rejections.nonFinite(field, value.asText());
        }
        return v;
    }

    /** A tensor's shape: its rows, and how many values each row has. */
    private record Shape(long[] dims, JsonNode node) {

        static Shape of(JsonNode tensor, String field) throws RejectedRecordException {
            JsonNode shape = tensor.path("shape");
            if (!shape.isArray() || shape.isEmpty()) {
                throw Rejections.missing(field + ".shape", "the tensor's shape, its first dimension the batch");
            }
            long[] dims = new long[shape.size()];
            long values = 1;
            for (int i = 0; i < dims.length; i++) {
                JsonNode dim = shape.get(i);
                if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.asInt() < 1) {
                    throw Rejections.wrongType(field + ".shape", Rejections.shown(shape.toString()),
                            "dimensions of 1 or more");
                }
                dims[i] = dim.asInt();
                values *= dims[i];
                // A record's data holds far fewer values; the check keeps the products below from overflowing.
                if (values > Integer.MAX_VALUE) {
                    throw Rejections.wrongType(field + ".shape", Rejections.shown(shape.toString()),
                            "a shape of fewer values than a record can hold");
                }
            }
            return new Shape(dims, shape);
        }

        /** The shape as written, for a rejection's detail. */
        String text() {
            return Rejections.shown(node.toString());
        }

        int dimensions() {
            return dims.length;
        }

        int rows() {
            return (int) dims[0];
        }

        int width() {
            long width = 1;
            for (int i = 1; i < dims.length; i++) {
                width *= dims[i];
            }
            return (int) width;
        }

        /** The tensor's data, flattened in row-major order, as many values as the shape says. */
        List<JsonNode> values(JsonNode tensor, String field) throws RejectedRecordException {
            List<JsonNode> flat = new ArrayList<>();
            flatten(tensor.path("data"), flat);
            long expected = (long) rows() * width();
            if (flat.size() != expected) {
                throw Rejections.wrongType(field + ".data", flat.size() + " values",
                        expected + " values, as its shape " + text() + " says");
            }
            return flat;
        }

        private static void flatten(JsonNode node, List<JsonNode> into) {
            if (node.isArray()) {
                for (JsonNode element : node) {
                    flatten(element, into);
                }
            } else if (!node.isMissingNode()) {
                into.add(node);
            }
        }
    }
}
