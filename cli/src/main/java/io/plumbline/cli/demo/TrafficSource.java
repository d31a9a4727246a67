package io.plumbline.cli.demo;

/** Generated records in event-time order, for {@link TrafficPublisher} to send as their time comes. */
public interface TrafficSource {

    /** The event time of the record {@link #next()} will return. */
    long nextTimestamp();

    GeneratedRecord next();
}
