package io.plumbline.delivery.metrics;

import java.util.TreeSet;

/**
 * The window ends whose totals one counter series has already added, so that re-reading the stats topic
 * (a restart rebuilding from its lookback, a rebalance) adds nothing twice. Bounded: it keeps the newest
 * {@code capacity} ends. A window older than all it remembers is refused rather than added, because it may
 * be one that was added and forgotten; stats arrive in window order per key, so only a replay reaches that far back.
 */
final class WindowEnds {

    private final int capacity;
    private final TreeSet<Long> added = new TreeSet<>();

    WindowEnds(int capacity) {
        this.capacity = capacity;
    }

    /** True the first time this window end is offered, and records it. */
    boolean firstTime(long windowEnd) {
        if (added.size() >= capacity && windowEnd < added.first()) {
            return false;
        }
        if (!added.add(windowEnd)) {
            return false;
        }
        if (added.size() > capacity) {
            added.pollFirst();
        }
        return true;
    }
}
