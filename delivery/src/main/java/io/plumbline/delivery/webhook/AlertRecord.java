package io.plumbline.delivery.webhook;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of one {@code plumbline.alerts} record a webhook carries, read from the JSON the jobs write
 * ({@code io.plumbline.schemas.Alert} through {@code JsonRecordWriter}: snake_case {@code starts_at} and
 * {@code ends_at}, {@code ends_at} absent while firing). Other fields of the record are ignored, so a field
 * added later does not break delivery.
 *
 * @param status  firing, resolved or info (a one-off notice)
 * @param endsAt  null while firing
 */
public record AlertRecord(String fingerprint, String status, Map<String, String> labels,
                          Map<String, String> annotations, Instant startsAt, Instant endsAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AlertRecord {
        require(fingerprint, "fingerprint");
        require(status, "status");
        if (!status.equals("firing") && !status.equals("resolved") && !status.equals("info")) {
            throw new IllegalArgumentException("alert " + fingerprint + ": status '" + status
                    + "' is none of firing, resolved, info");
        }
        if (startsAt == null) {
            throw new IllegalArgumentException("alert " + fingerprint + ": starts_at is missing");
        }
        // Sorted, so the same labels always give the same body bytes (and the same signature).
        labels = new TreeMap<>(labels);
        annotations = new TreeMap<>(annotations);
    }

    /** Writes {@code labels} and {@code annotations}, as Alertmanager's alerts carry them in its API and webhooks. */
    public void writeLabelsAndAnnotations(JsonGenerator g) throws IOException {
        writeMap(g, "labels", labels);
        writeMap(g, "annotations", annotations);
    }

    /** A map of strings as a JSON object field. */
    static void writeMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            g.writeStringField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
    }

    /** Reads one record's JSON value; an error names the field and what it must hold. */
    public static AlertRecord fromJson(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("alert record is not JSON: " + e.getMessage(), e);
        }
        return fromJson(node);
    }

    /** As {@link #fromJson(byte[])}, from the record's value already parsed. */
    public static AlertRecord fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("alert record must be a JSON object");
        }
        String fingerprint = text(node, "fingerprint");
        return new AlertRecord(fingerprint, text(node, "status"), strings(node, "labels", fingerprint),
                strings(node, "annotations", fingerprint), instant(node, "starts_at", fingerprint),
                node.hasNonNull("ends_at") ? instant(node, "ends_at", fingerprint) : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("alert record: '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static Map<String, String> strings(JsonNode node, String field, String fingerprint) {
        Map<String, String> map = new TreeMap<>();
        JsonNode value = node.get(field);
        if (value == null) {
            return map;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("alert " + fingerprint + ": '" + field + "' must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException("alert " + fingerprint + ": " + field + "." + entry.getKey()
                        + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    private static Instant instant(JsonNode node, String field, String fingerprint) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("alert " + fingerprint + ": '" + field
                    + "' must be an RFC 3339 string");
        }
        try {
            return Instant.parse(value.textValue());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("alert " + fingerprint + ": '" + field + "' is not RFC 3339: "
                    + value.textValue(), e);
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("alert record: '" + field + "' is missing");
        }
    }
}
