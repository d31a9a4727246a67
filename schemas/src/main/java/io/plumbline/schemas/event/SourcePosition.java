package io.plumbline.schemas.event;

/**
 * Where a decoded event was read: its partition and offset in the topic it came from. A stage after the
 * shuffle that can no longer place an event dead-letters it by this position, since the event's original
 * bytes are not carried that far; the source topic still holds them.
 */
public interface SourcePosition {

    /** Not read from a partition: built by hand, or decoded outside a Kafka source. */
    int UNKNOWN = -1;

    /** Records where the event was read; called once, by the source, before the event is passed on. */
    void locate(int partition, long offset);

    /** The partition, or {@link #UNKNOWN}. */
    int sourcePartition();

    /** The offset in {@link #sourcePartition()}, or {@link #UNKNOWN}. */
    long sourceOffset();
}
