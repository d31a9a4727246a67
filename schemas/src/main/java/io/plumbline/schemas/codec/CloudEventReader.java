package io.plumbline.schemas.codec;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Reads a CloudEvent from a Kafka record in either mode of the CloudEvents Kafka binding: binary, with the
 * attributes in {@code ce_}-prefixed headers and the data as the value (what Knative's KafkaSink writes by
 * default), or structured, with the whole event as a JSON object in the value. A record with a
 * {@code ce_specversion} header is binary; any other must be a structured event.
 */
final class CloudEventReader {

    private static final String HEADER_PREFIX = "ce_";
    private static final String SPEC_VERSION = "specversion";
    private static final String TIME_EXPECTED = "an RFC 3339 time such as 2026-12-07T10:15:30.123Z";

    /** A key given twice is refused, as in every JSON event, rather than letting one of the two values win. */
    private final ObjectMapper json = new ObjectMapper(JsonTokens.newFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    CloudEvent read(byte[] value, HeaderLookup headers) throws RejectedRecordException {
        if (value == null || value.length == 0) {
            throw Rejections.undecodable("empty record: a CloudEvent's data, or a whole structured CloudEvent,"
                    + " was expected");
        }
        if (headers.value(HEADER_PREFIX + SPEC_VERSION) != null) {
            return binary(value, headers);
        }
        JsonNode event = parse(value, "a structured CloudEvent");
        if (!event.isObject() || !event.hasNonNull(SPEC_VERSION)) {
            throw Rejections.undecodable("not a CloudEvent: no ce_specversion header (binary mode) and no"
                    + " 'specversion' in the value (structured mode)");
        }
        return structured(event);
    }

    private CloudEvent binary(byte[] value, HeaderLookup headers) throws RejectedRecordException {
        String contentType = headers.value("content-type");
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw Rejections.undecodable("header 'content-type' is " + Rejections.shown(contentType)
                    + "; only JSON data is read, as model servers' loggers write it");
        }
        HeaderLookup attributes = name -> headers.value(HEADER_PREFIX + name);
        return new CloudEvent(required(attributes, "id", HEADER_PREFIX), required(attributes, "type", HEADER_PREFIX),
                required(attributes, "source", HEADER_PREFIX), time(attributes.value("time"), HEADER_PREFIX + "time"),
                attributes, parse(value, "the data of a binary-mode CloudEvent"));
    }

    private CloudEvent structured(JsonNode event) throws RejectedRecordException {
        HeaderLookup attributes = name -> {
            JsonNode attribute = event.get(name);
            return attribute == null || !attribute.isValueNode() || attribute.isNull() ? null : attribute.asText();
        };
        JsonNode data = event.get("data");
        String base64 = attributes.value("data_base64");
        if (data == null && base64 != null) {
            try {
                data = parse(Base64.getDecoder().decode(base64), "the data_base64 of a CloudEvent");
            } catch (IllegalArgumentException e) {
                throw Rejections.undecodable("field 'data_base64' is not base64: " + e.getMessage());
            }
        }
        if (data == null || data.isNull()) {
            throw Rejections.missing("data", "the inference request or response as JSON");
        }
        return new CloudEvent(required(attributes, "id", ""), required(attributes, "type", ""),
                required(attributes, "source", ""), time(attributes.value("time"), "time"), attributes, data);
    }

    private JsonNode parse(byte[] bytes, String what) throws RejectedRecordException {
        JsonTokens.requireUtf8(bytes);
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null) {
                throw Rejections.undecodable("empty JSON where " + what + " was expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw JsonTokens.malformed(e);
        } catch (IOException e) {
            throw Rejections.undecodable("unreadable JSON: " + e.getMessage());
        }
    }

    private static String required(HeaderLookup attributes, String name, String prefix)
            throws RejectedRecordException {
        String value = attributes.value(name);
        if (value == null || value.isBlank()) {
            throw Rejections.missing(prefix + name, "the CloudEvent's " + name + " attribute");
        }
        return value;
    }

    private static Long time(String value, String field) throws RejectedRecordException {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw Rejections.wrongType(field, "'" + Rejections.shown(value) + "'", TIME_EXPECTED);
        }
    }
}
