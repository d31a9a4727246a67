package io.plumbline.schemas.validation;

/** Why an input record went to the dead-letter topic: a fixed set, never free text. */
public enum RejectReason {
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    NON_FINITE_NUMBER("non_finite_number"),
    IMPLAUSIBLE_TIMESTAMP("implausible_timestamp"),
    UNDECODABLE("undecodable"),
    /**
     * An Avro record whose writer schema, from the schema registry, does not resolve into the event's schema:
     * a field it lacks that has no default, a field of another type.
     */
    INCOMPATIBLE_SCHEMA("incompatible_schema"),
    /** Behind the watermark when it reached the job: judged before the keyBy, not by the decoder. */
    LATE("late"),
    /** A token count below zero. */
    NEGATIVE_COUNT("negative_count"),
    /** An LLM call that ends before it starts. */
    END_BEFORE_START("end_before_start"),
    /**
     * Token counts that contradict each other under OpenTelemetry's semantics, where input tokens
     * include cache reads and output tokens include reasoning: a part larger than its whole (its
     * uncached or non-reasoning remainder, and so that remainder's cost, would be negative), or a
     * part sent without its whole.
     */
    INCONSISTENT_TOKENS("inconsistent_tokens"),
    /** A number outside the range its field allows: a negative cost or duration, a score outside [0, 1]. */
    OUT_OF_RANGE("out_of_range"),
    /**
     * An id (model, version, event, service, prompt, ...) that is empty or longer than ids may be, a
     * feature name or category longer than an id, or a feature named as the prediction.
     */
    INVALID_ID("invalid_id"),
    /** A record larger than {@code limits.max-record-bytes}: dead-lettered truncated, with its size. */
    TOO_LARGE("too_large"),
    /** A new model version beyond {@code limits.max-models}: the job keeps no state for it. */
    OVER_LIMIT("over_limit");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The snake_case name written into dead-letter headers and metrics. */
    public String code() {
        return code;
    }
}
