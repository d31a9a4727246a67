package io.plumbline.cli.demo;

import java.time.Duration;

/**
 * When the demo's traffic happens in event time. Event time starts {@code backfill} before the wall
 * clock (on a window boundary, so the first window is complete and can serve as the baseline) and runs
 * {@code speedup} times faster than the wall clock until it catches up; from then on it is the wall
 * clock. It is never ahead of the wall clock, because the job rejects events from the future.
 *
 * <p>A shift is switched on for the windows {@code [shiftFromWindow, shiftUntilWindow)} counted from
 * the first one, so it happens at the same point of the story whatever the window size.
 */
public record TrafficSchedule(long wallStart, long eventStart, long windowMillis, double speedup,
                              int shiftFromWindow, int shiftUntilWindow) {

    public TrafficSchedule {
        if (speedup <= 1) {
            throw new IllegalArgumentException("speedup must be above 1 to catch up, was " + speedup);
        }
        if (eventStart > wallStart) {
            throw new IllegalArgumentException("event time cannot start ahead of the wall clock");
        }
        if (shiftFromWindow < 1 || shiftUntilWindow <= shiftFromWindow) {
            throw new IllegalArgumentException("the shift needs a baseline window before it and at least one window");
        }
    }

    /** The schedule the demo uses: event time starts {@code backfill} ago and catches up {@code speedup} times faster. */
    public static TrafficSchedule startingNow(long wallNow, Duration backfill, Duration window, double speedup,
                                              int shiftFromWindow, int shiftUntilWindow) {
        long windowMillis = window.toMillis();
        long eventStart = Math.floorDiv(wallNow - backfill.toMillis(), windowMillis) * windowMillis;
        return new TrafficSchedule(wallNow, eventStart, windowMillis, speedup, shiftFromWindow, shiftUntilWindow);
    }

    /** How far event time has got when the wall clock reads {@code wallNow}. */
    public long eventTimeAt(long wallNow) {
        long elapsed = Math.max(0, wallNow - wallStart);
        long accelerated = eventStart + (long) (elapsed * speedup);
        return Math.min(wallNow, accelerated);
    }

    /** The wall-clock time at which event time has caught up with the wall clock. */
    public long caughtUpAt() {
        return wallStart + (long) Math.ceil((wallStart - eventStart) / (speedup - 1));
    }

    public long windowIndex(long eventTime) {
        return Math.floorDiv(eventTime - eventStart, windowMillis);
    }

    public boolean shifted(long eventTime) {
        long window = windowIndex(eventTime);
        return window >= shiftFromWindow && window < shiftUntilWindow;
    }

    /** Whether {@code eventTime} is in the shift or after it: from then on, a release is out. */
    public boolean shiftStarted(long eventTime) {
        return windowIndex(eventTime) >= shiftFromWindow;
    }

    public long shiftStart() {
        return eventStart + shiftFromWindow * windowMillis;
    }

    public long shiftEnd() {
        return eventStart + shiftUntilWindow * windowMillis;
    }

    /** The wall-clock time at which event time reaches {@code eventTime}. */
    public long wallTimeOf(long eventTime) {
        long accelerated = wallStart + (long) Math.ceil((eventTime - eventStart) / speedup);
        return Math.max(accelerated, eventTime);
    }
}
