package io.plumbline.cli.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.schemas.event.PredictionRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows of a training file as prediction records, with the same value kinds the stream's decoder
 * gives: a number is numeric; a string or a boolean is a category; empty, null and NaN are missing
 * (pandas writes a missing value as an empty field or NaN). A column or key named {@code prediction}
 * is the prediction; every other one is a feature.
 *
 * <p>CSV files ({@code .csv}) need a header row. JSON Lines files ({@code .jsonl}, {@code .json})
 * hold one object per line, either flat (feature → value) or shaped like a PredictionEvent (with
 * {@code features} and {@code prediction}).
 */
final class TrainingRows {

    static final String PREDICTION = "prediction";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingRows() {
    }

    /** Feeds every row of {@code file} to {@code sink}; returns the number of rows. */
    static long read(Path file, String modelId, String modelVersion, Consumer<PredictionRecord> sink)
            throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (name.endsWith(".csv")) {
                return readCsv(in, file, modelId, modelVersion, sink);
            }
            if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
                return readJsonLines(in, file, modelId, modelVersion, sink);
            }
        }
        throw new IOException(file + ": unknown file type; expected a .csv file with a header row or a .jsonl file");
    }

    private static long readCsv(BufferedReader in, Path file, String modelId, String modelVersion,
                                Consumer<PredictionRecord> sink) throws IOException {
        CsvRows csv = new CsvRows(in);
        List<String> header = csv.next();
        if (header == null) {
            throw new IOException(file + ": empty; expected a header row naming the features");
        }
        long rows = 0;
        for (List<String> fields = csv.next(); fields != null; fields = csv.next()) {
            if (fields.size() != header.size()) {
                throw new IOException(file + " line " + csv.line() + ": " + fields.size() + " fields, but the header has "
                        + header.size());
            }
            PredictionRecord row = new PredictionRecord().reset("row-" + rows, 0, modelId, modelVersion);
            for (int i = 0; i < header.size(); i++) {
                addCsvValue(row, header.get(i), fields.get(i));
            }
            sink.accept(row);
            rows++;
        }
        return rows;
    }

    private static void addCsvValue(PredictionRecord row, String column, String text) {
        boolean prediction = column.equals(PREDICTION);
        String v = text.trim();
        if (v.isEmpty() || v.equalsIgnoreCase("nan")) {
            if (prediction) {
                row.predictionMissing();
            } else {
                row.addMissing(column);
            }
            return;
        }
        Double number = parseFinite(v);
        if (number != null) {
            if (prediction) {
                row.predictionNumber(number);
            } else {
                row.addNumber(column, number);
            }
        } else {
            String category = v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? v.toLowerCase(Locale.ROOT) : v;
            if (prediction) {
                row.predictionCategory(category);
            } else {
                row.addCategory(column, category);
            }
        }
    }

    private static Double parseFinite(String v) {
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long readJsonLines(BufferedReader in, Path file, String modelId, String modelVersion,
                                      Consumer<PredictionRecord> sink) throws IOException {
        long rows = 0;
        long lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode object;
            try {
                object = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IOException(file + " line " + lineNumber + ": not JSON: " + e.getOriginalMessage(), e);
            }
            if (object == null || !object.isObject()) {
                throw new IOException(file + " line " + lineNumber + ": expected a JSON object");
            }
            PredictionRecord row = new PredictionRecord().reset("row-" + rows, 0, modelId, modelVersion);
            JsonNode features = object.path("features").isObject() ? object.get("features") : object;
            for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (features == object && e.getKey().equals(PREDICTION)) {
                    continue;
                }
                addJsonFeature(row, e.getKey(), e.getValue());
            }
            addJsonPrediction(row, object.get(PREDICTION));
            sink.accept(row);
            rows++;
        }
        return rows;
    }

    private static void addJsonFeature(PredictionRecord row, String name, JsonNode v) {
        if (v.isNull() || (v.isNumber() && !Double.isFinite(v.asDouble()))) {
            row.addMissing(name);
        } else if (v.isNumber()) {
            row.addNumber(name, v.asDouble());
        } else if (v.isTextual() || v.isBoolean()) {
            row.addCategory(name, v.asText());
        } else {
            row.addUnsupported(name);
        }
    }

    private static void addJsonPrediction(PredictionRecord row, JsonNode v) {
        if (v == null || v.isNull()) {
            row.predictionMissing();
        } else if (v.isNumber()) {
            row.predictionNumber(v.asDouble());
        } else {
            row.predictionCategory(v.asText());
        }
    }
}
