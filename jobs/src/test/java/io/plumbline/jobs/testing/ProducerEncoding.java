package io.plumbline.jobs.testing;

/** How a test's producers write their events: the same traffic, in each encoding the jobs read. */
@FunctionalInterface
public interface ProducerEncoding<E> {

    /** The record value of {@code event}, the {@code index}-th of its traffic. */
    byte[] encode(E event, int index);
}
