package io.plumbline.schemas.codec;

import java.util.List;
import java.util.Map;

/**
 * One span of an OTLP trace export, whichever encoding it came in, as far as an LLM call needs it. Attribute
 * values are what OTLP's AnyValue holds: String, Long, Double, Boolean, or a List of those.
 *
 * @param traceId the trace id in lowercase hex, as OTLP/JSON writes it
 * @param spanId the span id in lowercase hex
 * @param error whether the span's status is ERROR
 * @param resource the attributes of the resource that produced it: {@code service.name} and the like
 */
record OtlpSpan(String traceId, String spanId, long startNanos, long endNanos, boolean error,
                Map<String, Object> attributes, Map<String, Object> resource, List<Event> events) {

    /** A span event: a named point in time within the span. */
    record Event(String name, long timeNanos, Map<String, Object> attributes) {
    }
}
