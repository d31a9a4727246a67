package io.plumbline.schemas.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Reads an {@code ExportTraceServiceRequest} in protobuf, as the OpenTelemetry Collector's Kafka exporter writes
 * it by default ({@code otlp_proto}), into its spans.
 */
final class OtlpProtoReader {

    private static final HexFormat HEX = HexFormat.of();

    List<OtlpSpan> spans(byte[] payload) throws RejectedRecordException {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw Rejections.undecodable("not an OTLP ExportTraceServiceRequest in protobuf: " + e.getMessage()
                    + " — first bytes " + Rejections.firstBytes(payload));
        }
        List<OtlpSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    List<OtlpSpan.Event> events = new ArrayList<>(span.getEventsCount());
                    for (Span.Event event : span.getEventsList()) {
                        events.add(new OtlpSpan.Event(event.getName(), event.getTimeUnixNano(),
                                attributes(event.getAttributesList())));
                    }
                    spans.add(new OtlpSpan(hex(span.getTraceId()), hex(span.getSpanId()), span.getStartTimeUnixNano(),
                            span.getEndTimeUnixNano(), span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                            attributes(span.getAttributesList()), resource, events));
                }
            }
        }
        return spans;
    }

    private static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> attributes = new HashMap<>(keyValues.size() * 2);
        for (KeyValue keyValue : keyValues) {
            Object value = value(keyValue.getValue());
            if (value != null) {
                attributes.put(keyValue.getKey(), value);
            }
        }
        return attributes;
    }

    /** Null for a value no LLM call field takes (bytes, a key-value list) or none at all. */
    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpProtoReader::value).toList();
            default -> null;
        };
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }
}
