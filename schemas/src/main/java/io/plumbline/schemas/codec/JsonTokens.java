package io.plumbline.schemas.codec;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.io.IOException;
import java.util.HexFormat;

/**
 * What every streaming reader of a JSON event does the same way: the parser's configuration, the
 * object around the fields, the checks of one scalar token, and how a problem is worded.
 */
final class JsonTokens {

    static final String A_STRING = "a string";
    /** The longest UTF-8 sequence: enough to show what is wrong with one. */
    private static final int UTF8_BYTES_SHOWN = 4;
    private static final int TEXT_SHOWN = 40;

    /** One per reader: a factory is thread-safe, but readers are per thread anyway. */
    static JsonFactory newFactory() {
        return JsonFactory.builder()
                // so that NaN and Infinity are named as non-finite numbers instead of "malformed JSON"
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // producer-chosen names would grow the JVM-wide String.intern table; StringInterner is bounded
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                // correctly rounded like Double.parseDouble, and parsing numbers is most of decoding: >2x faster
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                // an unreadable token is quoted in the detail: no more of it than of any other value
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(Rejections.CHARS_SHOWN).build())
                .build();
    }

    /** The rejection for a payload the parser gave up on. */
    static RejectedRecordException malformed(IOException e) {
        if (e instanceof JsonEOFException eof) {
            // Jackson's own message here drags in an unhelpful "[Source: REDACTED ...]" marker location
            return Rejections.undecodable("malformed JSON" + where(eof.getLocation())
                    + ": the payload ends before the object is complete");
        }
        if (e instanceof JsonProcessingException p) {
            return Rejections.undecodable("malformed JSON" + where(p.getLocation()) + ": " + p.getOriginalMessage());
        }
        return Rejections.undecodable("malformed JSON: " + e.getMessage());
    }

    /** Before parsing: the payload must be well-formed UTF-8 ({@link StrictUtf8}). */
    static void requireUtf8(byte[] payload) throws RejectedRecordException {
        int at = StrictUtf8.firstInvalid(payload);
        if (at >= 0) {
            throw Rejections.undecodable("malformed JSON: invalid UTF-8 at byte " + at + " ("
                    + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(payload, at,
                            Math.min(payload.length, at + UTF8_BYTES_SHOWN)) + ")");
        }
    }

    /** Reads the first token, which must open the event's object. */
    static void startObject(JsonParser p) throws IOException, RejectedRecordException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw Rejections.undecodable("a JSON event must be an object; found "
                    + (first == null ? "nothing" : describe(p, first)));
        }
    }

    /** After the event's closing brace: nothing may follow. */
    static void endOfInput(JsonParser p) throws IOException, RejectedRecordException {
        if (p.nextToken() != null) {
            throw Rejections.undecodable("trailing content after the JSON object" + where(p.currentTokenLocation()));
        }
    }

    /**
     * The current field name, which must not repeat one before it in the same object: {@code seen}
     * holds that object's names so far; {@code object} names the map field the object is the value
     * of, or is null for the event itself.
     */
    static String uniqueName(JsonParser p, JsonKeySet seen, String object) throws IOException, RejectedRecordException {
        String name = p.currentName();
        if (!seen.add(name)) {
            throw Rejections.duplicate(object == null ? name : object + "." + name);
        }
        return name;
    }

    static void requireString(JsonParser p, JsonToken value, String field) throws IOException, RejectedRecordException {
        if (value == JsonToken.VALUE_NULL) {
            throw Rejections.nullValue(field, A_STRING);
        }
        if (value != JsonToken.VALUE_STRING) {
            throw Rejections.wrongType(field, describe(p, value), A_STRING);
        }
    }

    /** The current string, looked up in {@code interner} without creating a String unless it is new there. */
    static String internedText(JsonParser p, StringInterner interner) throws IOException {
        return interner.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** The current number, which must be finite; {@code name} is the field or map entry it is the value of. */
    static double finite(JsonParser p, String name) throws IOException, RejectedRecordException {
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) { // NaN, Infinity, or a literal too large for a double such as 1e999
            throw Rejections.nonFinite(name, p.getText());
        }
        return v;
    }

    /** A required integer timestamp in {@code unit}, judged by {@code timestamps}. */
    static long timestamp(JsonParser p, JsonToken value, String field, PlausibleTimestamps.Unit unit,
            PlausibleTimestamps timestamps) throws IOException, RejectedRecordException {
        String expected = "integer " + unit.expected();
        switch (value) {
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw PlausibleTimestamps.outOfRange(field, unit, p.getText());
                }
                return timestamps.check(field, unit, p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> throw notAnInteger(p, field, expected);
            case VALUE_NULL -> throw Rejections.nullValue(field, expected);
            default -> throw Rejections.wrongType(field, describe(p, value), expected);
        }
    }

    /**
     * The rejection of a floating-point number where an integer belongs: non-finite when it is (NaN, or
     * 1e400, which is too large for a double), else of the wrong type.
     */
    static RejectedRecordException notAnInteger(JsonParser p, String field, String expected) throws IOException {
        if (!Double.isFinite(p.getDoubleValue())) {
            return Rejections.nonFinite(field, p.getText());
        }
        return Rejections.wrongType(field, "a floating-point number (" + p.getText() + ")", expected);
    }

    /** What a token is, for a detail: "a number (42)", "an array". */
    static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + shortText(p) + ")";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + p.getText() + ")";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.name();
        };
    }

    private static String shortText(JsonParser p) throws IOException {
        String text = p.getText();
        return text.length() <= TEXT_SHOWN ? text : text.substring(0, TEXT_SHOWN) + "…";
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private JsonTokens() {
    }
}
