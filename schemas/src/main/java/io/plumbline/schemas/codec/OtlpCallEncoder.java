package io.plumbline.schemas.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.plumbline.schemas.LlmCallEvent;

/**
 * Writes LLM calls as an instrumented application's OpenTelemetry SDK would export them, in the GenAI semantic
 * conventions' current names: one CLIENT span per call, named {@code "{operation} {model}"}, under a resource
 * per service, in one {@code ExportTraceServiceRequest} — in protobuf, or in OTLP/JSON as the Collector's Kafka
 * exporter writes it. A refusal is the finish reason {@value GenAiSpans#REFUSAL}; an error sets the span's
 * status to ERROR and {@code error.type}. Trace and span ids are derived from the call's event id.
 */
public final class OtlpCallEncoder {

    private static final String SCOPE = "io.plumbline";
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonFactory JSON = new JsonFactory();

    private OtlpCallEncoder() {
    }

    public static byte[] proto(List<LlmCallEvent> calls) {
        Map<String, List<LlmCallEvent>> byService = byService(calls);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, own) -> {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName(SCOPE));
            for (LlmCallEvent call : own) {
                scope.addSpans(span(call));
            }
            request.addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(keyValue(GenAiSpans.SERVICE, service)))
                    .addScopeSpans(scope));
        });
        return request.build().toByteArray();
    }

    public static byte[] json(List<LlmCallEvent> calls) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("resourceSpans");
            for (Map.Entry<String, List<LlmCallEvent>> service : byService(calls).entrySet()) {
                json.writeStartObject();
                json.writeObjectFieldStart("resource");
                writeAttributes(json, Map.of(GenAiSpans.SERVICE, service.getKey()));
                json.writeEndObject();
                json.writeArrayFieldStart("scopeSpans");
                json.writeStartObject();
                json.writeObjectFieldStart("scope");
                json.writeStringField("name", SCOPE);
                json.writeEndObject();
                json.writeArrayFieldStart("spans");
                for (LlmCallEvent call : service.getValue()) {
                    writeSpan(json, call);
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Span span(LlmCallEvent call) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId(call)))
                .setSpanId(ByteString.copyFrom(spanId(call)))
                .setName(call.getGenAiOperationName() + " " + call.getGenAiRequestModel())
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(call.getStartTimeUnixNano())
                .setEndTimeUnixNano(call.getEndTimeUnixNano());
        attributes(call).forEach((key, value) -> span.addAttributes(keyValue(key, value)));
        if (call.getErrorType() != null) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        return span.build();
    }

    private static void writeSpan(JsonGenerator json, LlmCallEvent call) throws IOException {
        json.writeStartObject();
        json.writeStringField("traceId", HEX.formatHex(traceId(call)));
        json.writeStringField("spanId", HEX.formatHex(spanId(call)));
        json.writeStringField("name", call.getGenAiOperationName() + " " + call.getGenAiRequestModel());
        json.writeNumberField("kind", Span.SpanKind.SPAN_KIND_CLIENT_VALUE);
        json.writeStringField("startTimeUnixNano", Long.toUnsignedString(call.getStartTimeUnixNano()));
        json.writeStringField("endTimeUnixNano", Long.toUnsignedString(call.getEndTimeUnixNano()));
        writeAttributes(json, attributes(call));
        if (call.getErrorType() != null) {
            json.writeObjectFieldStart("status");
            json.writeNumberField("code", Status.StatusCode.STATUS_CODE_ERROR_VALUE);
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** The call's GenAI attributes, in the conventions' current names; absent values left out. */
    private static Map<String, Object> attributes(LlmCallEvent call) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(GenAiSpans.OPERATION, call.getGenAiOperationName());
        attributes.put(GenAiSpans.PROVIDER.get(0), call.getGenAiProviderName());
        attributes.put(GenAiSpans.REQUEST_MODEL, call.getGenAiRequestModel());
        attributes.put(GenAiSpans.RESPONSE_MODEL, call.getGenAiResponseModel());
        attributes.put(GenAiSpans.PROMPT_NAME.get(0), call.getGenAiPromptName());
        attributes.put(GenAiSpans.PROMPT_VERSION.get(0), call.getPromptVersion());
        attributes.put(GenAiSpans.INPUT_TOKENS.get(0), call.getGenAiUsageInputTokens());
        attributes.put(GenAiSpans.OUTPUT_TOKENS.get(0), call.getGenAiUsageOutputTokens());
        attributes.put(GenAiSpans.CACHE_READ_TOKENS.get(0), call.getGenAiUsageCacheReadInputTokens());
        attributes.put(GenAiSpans.REASONING_TOKENS.get(0), call.getGenAiUsageReasoningOutputTokens());
        List<String> reasons = new ArrayList<>();
        if (call.getGenAiResponseFinishReasons() != null) {
            call.getGenAiResponseFinishReasons().forEach(reason -> reasons.add(reason.toString()));
        }
        if (call.getRefusal() && !reasons.contains(GenAiSpans.REFUSAL)) {
            reasons.add(GenAiSpans.REFUSAL);
        }
        attributes.put(GenAiSpans.FINISH_REASONS, reasons.isEmpty() ? null : reasons);
        attributes.put(GenAiSpans.TIME_TO_FIRST_CHUNK.get(0), call.getGenAiResponseTimeToFirstChunk());
        attributes.put(GenAiSpans.ERROR_TYPE, call.getErrorType());
        attributes.put(GenAiSpans.COST_USD.get(0), call.getCostUsd());
        attributes.put(GenAiSpans.EVAL_SCORE, call.getEvalScore());
        attributes.put(GenAiSpans.TENANT, call.getTenant());
        attributes.values().removeIf(value -> value == null);
        return attributes;
    }

    private static KeyValue keyValue(String key, Object value) {
        return KeyValue.newBuilder().setKey(key).setValue(anyValue(value)).build();
    }

    private static AnyValue anyValue(Object value) {
        AnyValue.Builder any = AnyValue.newBuilder();
        if (value instanceof Long l) {
            any.setIntValue(l);
        } else if (value instanceof Double d) {
            any.setDoubleValue(d);
        } else if (value instanceof Boolean b) {
            any.setBoolValue(b);
        } else if (value instanceof List<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            list.forEach(element -> array.addValues(anyValue(element)));
            any.setArrayValue(array);
        } else {
            any.setStringValue(value.toString());
        }
        return any.build();
    }

    private static void writeAttributes(JsonGenerator json, Map<String, Object> attributes) throws IOException {
        json.writeArrayFieldStart("attributes");
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            json.writeStartObject();
            json.writeStringField("key", attribute.getKey());
            json.writeFieldName("value");
            writeAnyValue(json, attribute.getValue());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** As OTLP/JSON writes an AnyValue: a 64-bit integer as a string. */
    private static void writeAnyValue(JsonGenerator json, Object value) throws IOException {
        json.writeStartObject();
        if (value instanceof Long l) {
            json.writeStringField("intValue", Long.toString(l));
        } else if (value instanceof Double d) {
            json.writeNumberField("doubleValue", d);
        } else if (value instanceof Boolean b) {
            json.writeBooleanField("boolValue", b);
        } else if (value instanceof List<?> list) {
            json.writeObjectFieldStart("arrayValue");
            json.writeArrayFieldStart("values");
            for (Object element : list) {
                writeAnyValue(json, element);
            }
            json.writeEndArray();
            json.writeEndObject();
        } else {
            json.writeStringField("stringValue", value.toString());
        }
        json.writeEndObject();
    }

    private static Map<String, List<LlmCallEvent>> byService(List<LlmCallEvent> calls) {
        Map<String, List<LlmCallEvent>> byService = new LinkedHashMap<>();
        for (LlmCallEvent call : calls) {
            byService.computeIfAbsent(call.getServiceName(), s -> new ArrayList<>()).add(call);
        }
        return byService;
    }

    private static byte[] traceId(LlmCallEvent call) {
        UUID id = UUID.nameUUIDFromBytes(call.getEventId().getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static byte[] spanId(LlmCallEvent call) {
        return ByteBuffer.allocate(8).putLong(UUID.nameUUIDFromBytes(("span:" + call.getEventId())
                .getBytes(StandardCharsets.UTF_8)).getMostSignificantBits()).array();
    }
}
