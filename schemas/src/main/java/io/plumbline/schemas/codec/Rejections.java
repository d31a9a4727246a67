package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.HexFormat;

/** The wording of every rejection, so that JSON and Avro name the same problem the same way. */
final class Rejections {

    private static final int BYTES_SHOWN = 8;

    static RejectedRecordException missing(String field, String expected) {
        return new RejectedRecordException(RejectReason.MISSING_FIELD,
                "field '" + field + "' is missing; expected " + expected);
    }

    static RejectedRecordException nullValue(String field, String expected) {
        return new RejectedRecordException(RejectReason.MISSING_FIELD,
                "field '" + field + "' is null; expected " + expected);
    }

    static RejectedRecordException wrongType(String field, String found, String expected) {
        return new RejectedRecordException(RejectReason.WRONG_TYPE,
                "field '" + field + "' is " + found + "; expected " + expected);
    }

    static RejectedRecordException nonFinite(String field, String value) {
        return new RejectedRecordException(RejectReason.NON_FINITE_NUMBER,
                "field '" + field + "' is " + value + "; expected a finite number");
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

    private Rejections() {
    }
}
