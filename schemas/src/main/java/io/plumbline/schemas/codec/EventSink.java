package io.plumbline.schemas.codec;

import io.plumbline.schemas.validation.RejectReason;

/**
 * Takes what one record holds, part by part: one event, or for a trace export each of its spans as an event,
 * a rejection or a part skipped.
 *
 * @param <E> the decoded event
 */
public interface EventSink<E> {

    /** A valid event. */
    void accept(E event);

    /** A part that should have been an event but is not a valid one: {@code detail} says which part and why. */
    void reject(RejectReason reason, String detail);

    /** A part that is no event: a span that records no model call. */
    void skip();
}
