package io.plumbline.schemas.codec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A JSON prediction event built field by field from raw JSON values, to vary one field at a time. */
final class JsonEvent {

    static final long NOW = 1_748_736_000_000L; // 2025-06-01T00:00:00Z, the tests' wall clock
    static final long TIMESTAMP = NOW - 60_000;

    private final Map<String, String> fields = new LinkedHashMap<>();

    static JsonEvent valid() {
        return new JsonEvent()
                .with("event_id", "\"e-1\"")
                .with("timestamp", Long.toString(TIMESTAMP))
                .with("model_id", "\"churn\"")
                .with("model_version", "\"v3\"")
                .with("features", "{\"age\": 42, \"plan\": \"pro\"}")
                .with("prediction", "0.25");
    }

    JsonEvent with(String field, String rawJson) {
        fields.put(field, rawJson);
        return this;
    }

    JsonEvent without(String field) {
        fields.remove(field);
        return this;
    }

    String text() {
        return fields.entrySet().stream().map(f -> "\"" + f.getKey() + "\": " + f.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
