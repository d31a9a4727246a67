package io.plumbline.schemas.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of a CloudEvent that an inference log is read by, whichever mode it came in.
 *
 * @param timeMillis the event's {@code time}, or null when it has none
 * @param extensions the event's extension attributes, by name
 * @param data the event's data, parsed as JSON
 */
record CloudEvent(String id, String type, String source, Long timeMillis, HeaderLookup extensions, JsonNode data) {
}
