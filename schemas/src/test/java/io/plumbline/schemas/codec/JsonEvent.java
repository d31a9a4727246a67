package io.plumbline.schemas.codec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A JSON event built field by field from raw JSON values, to vary one field at a time. */
final class JsonEvent {

    static final long NOW = 1_748_736_000_000L; // 2025-06-01T00:00:00Z, the tests' wall clock
    static final long TIMESTAMP = NOW - 60_000;
    /** An LLM call of 2.5 s that ended a minute before the wall clock. */
    static final long END_NANOS = TIMESTAMP * 1_000_000L;
    static final long START_NANOS = END_NANOS - 2_500_000_000L;

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

    /** An LLM call with every field, the same as {@link AvroEvents#llmCall()}. */
    static JsonEvent llmCall() {
        return new JsonEvent()
                .with("event_id", "\"c-1\"")
                .with("start_time_unix_nano", Long.toString(START_NANOS))
                .with("end_time_unix_nano", Long.toString(END_NANOS))
                .with("service.name", "\"support-bot\"")
                .with("gen_ai.operation.name", "\"chat\"")
                .with("gen_ai.provider.name", "\"openai\"")
                .with("gen_ai.request.model", "\"gpt-4o\"")
                .with("gen_ai.response.model", "\"gpt-4o-2024-08-06\"")
                .with("gen_ai.prompt.name", "\"triage\"")
                .with("prompt.version", "\"v7\"")
                .with("gen_ai.usage.input_tokens", "1200")
                .with("gen_ai.usage.output_tokens", "350")
                .with("gen_ai.usage.cache_read.input_tokens", "1024")
                .with("gen_ai.usage.reasoning.output_tokens", "128")
                .with("gen_ai.response.finish_reasons", "[\"stop\", \"content_filter\"]")
                .with("gen_ai.response.time_to_first_chunk", "0.25")
                .with("error.type", "\"timeout\"")
                .with("refusal", "true")
                .with("cost.usd", "0.0061")
                .with("eval.score", "0.875")
                .with("tenant", "\"acme\"");
    }

    /** Only the fields an LLM call requires. */
    static JsonEvent minimalLlmCall() {
        JsonEvent call = llmCall();
        call.fields.keySet().retainAll(Set.of("event_id", "start_time_unix_nano", "end_time_unix_nano",
                "service.name", "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model"));
        return call;
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
