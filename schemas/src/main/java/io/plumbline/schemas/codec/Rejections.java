package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.HexFormat;

/**
 * The wording of every rejection, so that JSON and Avro name the same problem the same way. Field
 * names (which include a producer's map keys) and values are cut to {@link #CHARS_SHOWN} characters:
 * a detail is a header of every dead-lettered record and a line in logs, not a copy of the payload.
 */
final class Rejections {

    static final int CHARS_SHOWN = 64;
    private static final int BYTES_SHOWN = 8;

    static RejectedRecordException missing(String field, String expected) {
        return new RejectedRecordException(RejectReason.MISSING_FIELD,
                "field '" + shown(field) + "' is missing; expected " + expected);
    }

    static RejectedRecordException nullValue(String field, String expected) {
        return new RejectedRecordException(RejectReason.MISSING_FIELD,
                "field '" + shown(field) + "' is null; expected " + expected);
    }

    static RejectedRecordException wrongType(String field, String found, String expected) {
        return new RejectedRecordException(RejectReason.WRONG_TYPE,
                "field '" + shown(field) + "' is " + found + "; expected " + expected);
    }

    static RejectedRecordException nonFinite(String field, String value) {
        return new RejectedRecordException(RejectReason.NON_FINITE_NUMBER,
                "field '" + shown(field) + "' is " + shown(value) + "; expected a finite number");
    }

    static RejectedRecordException negativeCount(String field, long value) {
        return new RejectedRecordException(RejectReason.NEGATIVE_COUNT,
                "field '" + shown(field) + "' is " + value + "; expected a count >= 0");
    }

    static RejectedRecordException outOfRange(String field, String value, String expected) {
        return new RejectedRecordException(RejectReason.OUT_OF_RANGE,
                "field '" + shown(field) + "' is " + shown(value) + "; expected " + expected);
    }

    static RejectedRecordException endBeforeStart(String endField, String end, String startField, String start) {
        return new RejectedRecordException(RejectReason.END_BEFORE_START,
                "field '" + endField + "' is " + end + ", before '" + startField + "' " + start);
    }

    /** A part of a token count that its whole cannot contain; {@code whole} is the whole's value or "absent". */
    static RejectedRecordException inconsistentTokens(String partField, long part, String wholeField, String whole,
            String why) {
        return new RejectedRecordException(RejectReason.INCONSISTENT_TOKENS,
                "field '" + partField + "' is " + part + " but '" + wholeField + "' is " + whole + "; " + why);
    }

    /** An id or label that is empty, blank or too long; {@code problem} says which, never echoing the value. */
    static RejectedRecordException invalidId(String field, String problem) {
        return new RejectedRecordException(RejectReason.INVALID_ID, "field '" + shown(field) + "' is " + problem);
    }

    /** A feature named as the prediction, which it would be merged with wherever features are named. */
    static RejectedRecordException reservedFeature(String field) {
        return new RejectedRecordException(RejectReason.INVALID_ID,
                "field '" + shown(field) + "' " + PredictionFields.RESERVED);
    }

    /** A key given twice in one JSON object. */
    static RejectedRecordException duplicate(String field) {
        return undecodable("field '" + shown(field) + "' appears twice");
    }

    static RejectedRecordException undecodable(String detail) {
        return new RejectedRecordException(RejectReason.UNDECODABLE, detail);
    }

    /** The first bytes in hex, for details about records that could not even be parsed. */
    static String firstBytes(byte[] payload) {
        int n = Math.min(payload.length, BYTES_SHOWN);
        return "0x" + HexFormat.of().withUpperCase().formatHex(payload, 0, n)
                + (payload.length > n ? "… (" + payload.length + " bytes)" : "");
    }

    /** {@code text}, or its first {@link #CHARS_SHOWN} characters and how long it is. */
    static String shown(String text) {
        if (text.length() <= CHARS_SHOWN) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(CHARS_SHOWN - 1)) ? CHARS_SHOWN - 1 : CHARS_SHOWN;
        return text.substring(0, end) + "… (" + text.length() + " characters)";
    }

    private Rejections() {
    }
}
