package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.OptionalDouble;

/**
 * Reads the fields of one output-topic record, failing with the topic and field named when a field the jobs
 * always write is missing or of the wrong type: such a record comes from another producer, and guessing a
 * value would publish a wrong metric.
 */
final class JsonFields {

    private final String topic;
    private final JsonNode record;

    JsonFields(String topic, JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException(topic + " record: expected a JSON object, got "
                    + (record == null ? "nothing" : record.getNodeType()));
        }
        this.topic = topic;
        this.record = record;
    }

    String text(String field) {
        JsonNode node = record.get(field);
        if (node == null || !node.isTextual()) {
            throw invalid(field, "a string");
        }
        return node.asText();
    }

    String text(String field, String absent) {
        JsonNode node = record.get(field);
        return node == null || node.isNull() ? absent : text(field);
    }

    long integer(String field) {
        JsonNode node = record.get(field);
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()) {
            throw invalid(field, "an integer");
        }
        return node.asLong();
    }

    long integer(String field, long absent) {
        JsonNode node = record.get(field);
        return node == null || node.isNull() ? absent : integer(field);
    }

    /** Absent where the statistic does not apply or had no data: the jobs leave it out then. */
    OptionalDouble number(String field) {
        return number(record, field);
    }

    OptionalDouble number(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber()) {
            throw invalid(field, "a number");
        }
        return OptionalDouble.of(node.asDouble());
    }

    /** An object field (a map or a nested record); an empty object when absent. */
    JsonNode object(String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw invalid(field, "an object");
        }
        return node;
    }

    IllegalArgumentException invalid(String field, String expected) {
        return new IllegalArgumentException(topic + " record: field '" + field + "' must be " + expected
                + " but is " + (record.has(field) ? record.get(field).getNodeType() : "missing")
                + "; records on this topic are written by the Plumbline jobs (see docs/events.md)");
    }
}
