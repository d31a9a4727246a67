package io.plumbline.jobs.kafka;

import java.util.Objects;

import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;

/**
 * What the source emits for each Kafka record: the decoded event, or the reason it was rejected;
 * either way with the raw record, which a late event needs as much as a malformed one.
 *
 * @param event the decoded event; null when rejected
 * @param rejection why the record was rejected; null when accepted
 */
public record DecodedRecord(RawRecord raw, PredictionRecord event, DeadLetter rejection) {

    public DecodedRecord {
        Objects.requireNonNull(raw, "raw");
        if ((event == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of event and rejection");
        }
    }

    public static DecodedRecord accepted(RawRecord raw, PredictionRecord event) {
        return new DecodedRecord(raw, Objects.requireNonNull(event, "event"), null);
    }

    public static DecodedRecord rejected(RawRecord raw, RejectReason reason, String detail) {
        return new DecodedRecord(raw, null, new DeadLetter(raw, reason, detail));
    }

    public boolean isAccepted() {
        return event != null;
    }
}
