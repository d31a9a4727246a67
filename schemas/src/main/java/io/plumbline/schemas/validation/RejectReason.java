package io.plumbline.schemas.validation;

/** Why an input record went to the dead-letter topic: a fixed set, never free text. */
public enum RejectReason {
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    NON_FINITE_NUMBER("non_finite_number"),
    IMPLAUSIBLE_TIMESTAMP("implausible_timestamp"),
    UNDECODABLE("undecodable"),
    /** Behind the watermark when it reached the job: judged before the keyBy, not by the decoder. */
    LATE("late");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The snake_case name written into dead-letter headers and metrics. */
    public String code() {
        return code;
    }
}
