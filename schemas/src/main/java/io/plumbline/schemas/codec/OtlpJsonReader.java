package io.plumbline.schemas.codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Reads an {@code ExportTraceServiceRequest} in OTLP/JSON, as the OpenTelemetry Collector's Kafka exporter writes
 * it with {@code encoding: otlp_json}: lowerCamelCase field names, trace and span ids in hex, 64-bit integers as
 * strings or numbers, and the status code as its number (2 is ERROR) or its name.
 */
final class OtlpJsonReader {

    private static final int STATUS_ERROR = 2;

    private final ObjectMapper json = new ObjectMapper(JsonTokens.newFactory());

    List<OtlpSpan> spans(byte[] payload) throws RejectedRecordException {
        JsonNode request;
        try {
            request = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw Rejections.undecodable("malformed OTLP/JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Rejections.undecodable("unreadable OTLP/JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject() || !request.path("resourceSpans").isArray()) {
            throw Rejections.undecodable("not an OTLP/JSON ExportTraceServiceRequest: expected an object with"
                    + " 'resourceSpans' — first bytes " + Rejections.firstBytes(payload));
        }
        List<OtlpSpan> spans = new ArrayList<>();
        for (JsonNode resourceSpans : request.path("resourceSpans")) {
            Map<String, Object> resource = attributes(resourceSpans.path("resource").path("attributes"));
            for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
                for (JsonNode span : scopeSpans.path("spans")) {
                    List<OtlpSpan.Event> events = new ArrayList<>();
                    for (JsonNode event : span.path("events")) {
                        events.add(new OtlpSpan.Event(event.path("name").asText(), nanos(event, "timeUnixNano"),
                                attributes(event.path("attributes"))));
                    }
                    spans.add(new OtlpSpan(span.path("traceId").asText(), span.path("spanId").asText(),
                            nanos(span, "startTimeUnixNano"), nanos(span, "endTimeUnixNano"), isError(span.path("status")),
                            attributes(span.path("attributes")), resource, events));
                }
            }
        }
        return spans;
    }

    private static boolean isError(JsonNode status) {
        JsonNode code = status.path("code");
        return code.asInt(-1) == STATUS_ERROR || "STATUS_CODE_ERROR".equals(code.asText());
    }

    /** A uint64 as OTLP/JSON writes it, a string of digits or a number; 0 when absent or not one. */
    private static long nanos(JsonNode parent, String field) {
        JsonNode value = parent.path(field);
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        try {
            return Long.parseUnsignedLong(value.asText());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, Object> attributes(JsonNode keyValues) {
        Map<String, Object> attributes = new HashMap<>();
        for (JsonNode keyValue : keyValues) {
            Object value = value(keyValue.path("value"));
            if (value != null) {
                attributes.put(keyValue.path("key").asText(), value);
            }
        }
        return attributes;
    }

    /** Null for a value no LLM call field takes (bytes, a key-value list) or none at all. */
    private static Object value(JsonNode value) {
        if (value.has("stringValue")) {
            return value.get("stringValue").asText();
        }
        if (value.has("intValue")) {
            JsonNode v = value.get("intValue");
            if (v.isIntegralNumber()) {
                return v.asLong();
            }
            try {
                return Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                return v.asText();
            }
        }
        if (value.has("doubleValue")) {
            return value.get("doubleValue").asDouble();
        }
        if (value.has("boolValue")) {
            return value.get("boolValue").asBoolean();
        }
        if (value.has("arrayValue")) {
            List<Object> values = new ArrayList<>();
            for (JsonNode element : value.get("arrayValue").path("values")) {
                values.add(value(element));
            }
            return values;
        }
        return null;
    }
}
