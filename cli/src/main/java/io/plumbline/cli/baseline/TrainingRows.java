package io.plumbline.cli.baseline;

import static io.plumbline.schemas.codec.PredictionFields.PREDICTION;
import static io.plumbline.schemas.codec.PredictionFields.RESERVED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.plumbline.schemas.event.PredictionRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows of a training file as prediction records, with the same value kinds the stream's decoder
 * gives: a number is numeric; a string or a boolean is a category; empty, null and NaN are missing
 * (pandas writes a missing value as an empty field or NaN). A column or key named {@code prediction}
 * is the prediction; every other one is a feature. An event-shaped row's {@code features} may not name
 * one {@code prediction}, as the stream's may not.
 *
 * <p>CSV files ({@code .csv}) need a header row. JSON Lines files ({@code .jsonl}, {@code .json})
 * hold one object per line, either flat (feature → value) or shaped like a PredictionEvent (with
 * {@code features} and {@code prediction}).
 */
final class TrainingRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private TrainingRows() {
    }

    /** Feeds every row of {@code file} to {@code sink}; returns the number of rows. */
    static long read(Path file, String modelId, String modelVersion, Consumer<PredictionRecord> sink)
            throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            try (InputStream in = Files.newInputStream(file)) {
                return readCsv(in, file, modelId, modelVersion, sink);
            }
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return readJsonLines(in, file, modelId, modelVersion, sink);
            }
        }
        throw new IOException(file + ": unknown file type; expected a .csv file with a header row or a .jsonl file");
    }

    /**
     * RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes) with a header row, read from bytes
     * so that the byte order mark spreadsheet programs write is not taken for part of the first column's name.
     * Blank lines are skipped; header names are trimmed, and one named twice is refused, as in JSON.
     */
    private static long readCsv(InputStream in, Path file, String modelId, String modelVersion,
                                Consumer<PredictionRecord> sink) throws IOException {
        try (MappingIterator<String[]> csv = CSV.readerFor(String[].class).readValues(in)) {
            if (!csv.hasNext()) {
                throw new IOException(file + ": empty; expected a header row naming the features");
            }
            List<String> header = header(csv.next(), file);
            long rows = 0;
            while (csv.hasNext()) {
                String[] fields = csv.next();
                // the row's last token: where it ends (a quoted line break can make it span lines)
                int line = csv.getParser().currentTokenLocation().getLineNr();
                if (fields.length != header.size()) {
                    throw new IOException(file + " line " + line + ": " + fields.length + " fields, but the header has "
                            + header.size());
                }
                PredictionRecord row = new PredictionRecord().reset("row-" + rows, 0, modelId, modelVersion);
                for (int i = 0; i < header.size(); i++) {
                    addCsvValue(row, header.get(i), fields[i]);
                }
                sink.accept(row);
                rows++;
            }
            return rows;
        } catch (RuntimeJsonMappingException | JsonProcessingException e) {
            JsonProcessingException cause = e instanceof JsonProcessingException j ? j
                    : (JsonProcessingException) e.getCause();
            String line = cause.getLocation() == null ? "" : " line " + cause.getLocation().getLineNr();
            String what = cause.getOriginalMessage().startsWith("Missing closing quote")
                    ? "a quoted field is never closed" : cause.getOriginalMessage();
            throw new IOException(file + line + ": " + what, e);
        }
    }

    private static List<String> header(String[] names, Path file) throws IOException {
        List<String> header = new ArrayList<>();
        for (String name : names) {
            String column = name.trim();
            if (header.contains(column)) {
                throw new IOException(file + " line 1: column '" + column + "' is named twice; name each column once");
            }
            header.add(column);
        }
        return header;
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
                if (e.getKey().equals(PREDICTION)) {
                    if (features == object) {
                        continue;
                    }
                    throw new IOException(file + " line " + lineNumber + ": feature '" + PREDICTION + "' " + RESERVED);
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
