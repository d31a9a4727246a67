package io.plumbline.jobs.kafka;

import java.util.Objects;

import io.plumbline.schemas.validation.RejectReason;

/**
 * What a source emits for each Kafka record: the decoded event and its event time, or the reason it
 * was rejected; either way with the raw record, which a late event needs as much as a malformed one.
 *
 * <p>The event time is read by the source's deserialization schema, the one place that knows the
 * event's type, so that the watermarks and the late check after it agree on it without knowing the
 * type themselves.
 *
 * @param <E> the decoded event: a prediction, an LLM call
 * @param event the decoded event; null when rejected
 * @param eventTimeMillis the event's time in epoch milliseconds; {@link #NO_EVENT_TIME} when rejected
 * @param rejection why the record was rejected; null when accepted
 */
public record DecodedRecord<E>(RawRecord raw, E event, long eventTimeMillis, DeadLetter rejection) {

    /** The event time of a rejected record, which has none worth trusting. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    public DecodedRecord {
        Objects.requireNonNull(raw, "raw");
        if ((event == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of event and rejection");
        }
        if (rejection != null && eventTimeMillis != NO_EVENT_TIME) {
            throw new IllegalArgumentException("a rejected record has no event time");
        }
    }

    public static <E> DecodedRecord<E> accepted(RawRecord raw, E event, long eventTimeMillis) {
        return new DecodedRecord<>(raw, Objects.requireNonNull(event, "event"), eventTimeMillis, null);
    }

    public static <E> DecodedRecord<E> rejected(RawRecord raw, RejectReason reason, String detail) {
        return new DecodedRecord<>(raw, null, NO_EVENT_TIME, new DeadLetter(raw, reason, detail));
    }

    public boolean isAccepted() {
        return event != null;
    }
}
