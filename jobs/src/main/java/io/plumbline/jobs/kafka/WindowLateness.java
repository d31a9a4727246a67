package io.plumbline.jobs.kafka;

import java.io.Serializable;
import java.time.Instant;

/**
 * When an event is late, the one definition every stage uses: once every window it belongs to has closed,
 * that is once the watermark has reached the last of them's final millisecond. As Flink's own windows with no
 * allowed lateness: an event behind the watermark whose window is still open counts.
 *
 * <p>Windows are {@code size} long, one ending every {@code slide}, aligned to the epoch (tumbling when the two
 * are equal); the last window containing an event ends {@code size} after the start of its slide.
 */
public record WindowLateness(long size, long slide) implements Serializable {

    public WindowLateness {
        if (slide < 1 || size < slide || size % slide != 0) {
            throw new IllegalArgumentException("windows must be a whole number of slides of at least 1 ms, got size "
                    + size + " and slide " + slide);
        }
    }

    /** Tumbling windows of {@code size}. */
    public static WindowLateness tumbling(long size) {
        return new WindowLateness(size, size);
    }

    /** The end of the last window that contains {@code eventTime}. */
    public long lastWindowEnd(long eventTime) {
        return eventTime - Math.floorMod(eventTime, slide) + size;
    }

    public boolean isLate(long eventTime, long watermark) {
        return lastWindowEnd(eventTime) - 1 <= watermark;
    }

    /** Why the event is late, for its dead letter. */
    public String explain(long eventTime, long watermark) {
        long end = lastWindowEnd(eventTime);
        return "event time " + Instant.ofEpochMilli(eventTime) + ": its " + (size == slide ? "" : "last ") + "window "
                + Instant.ofEpochMilli(end - size) + "/" + Instant.ofEpochMilli(end) + " closed at the watermark "
                + Instant.ofEpochMilli(watermark);
    }
}
