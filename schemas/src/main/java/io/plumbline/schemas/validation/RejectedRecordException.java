package io.plumbline.schemas.validation;

/** An input record that cannot be accepted; carries the reason and a human-readable detail. */
public final class RejectedRecordException extends Exception {

    private final RejectReason reason;

    public RejectedRecordException(RejectReason reason, String detail) {
        super(detail, null, false, false); // no stack trace: bad input is data, not a bug
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    /** What exactly was wrong, naming the field, e.g. "field 'model_id' is missing". */
    public String detail() {
        return getMessage();
    }
}
