package io.plumbline.jobs.window;

import java.io.Serializable;

/**
 * When a key, or a part of one, that has gone without events is retired: at the end of the first window
 * ending at least {@code idleAfter} after its last events, so that every window that could still hold one
 * of them has closed by then. Windows end on multiples of {@code windowStep} (the slide; the size of a
 * tumbling window).
 */
public record IdleRetirement(long idleAfter, long windowStep) implements Serializable {

    public IdleRetirement {
        if (windowStep < 1 || idleAfter < windowStep) {
            throw new IllegalArgumentException("the idle span " + idleAfter + " ms must be at least the windows' step "
                    + windowStep + " ms, which is at least 1 ms");
        }
    }

    /** The event-time timer of the retirement, at the last millisecond of that window. */
    public long timer(long idleSince) {
        long due = idleSince + idleAfter;
        return due + Math.floorMod(-due, windowStep) - 1;
    }
}
