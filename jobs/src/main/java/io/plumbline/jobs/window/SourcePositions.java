package io.plumbline.jobs.window;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where each event folded into a partial came from (partition, offset, event time), so the keyed stage can
 * still dead-letter them one by one by their source position if it turns the partial away (late, or over a
 * key limit). A few bytes per event across the shuffle, against the whole event it replaces.
 */
public final class SourcePositions {

    private int[] partitions;
    private long[] offsets;
    private long[] times;
    private int size;

    /** @param capacity the positions held before the arrays grow */
    public SourcePositions(int capacity) {
        partitions = new int[Math.max(1, capacity)];
        offsets = new long[partitions.length];
        times = new long[partitions.length];
    }

    public void add(int partition, long offset, long time) {
        if (size == partitions.length) {
            int grown = size * 2;
            partitions = Arrays.copyOf(partitions, grown);
            offsets = Arrays.copyOf(offsets, grown);
            times = Arrays.copyOf(times, grown);
        }
        partitions[size] = partition;
        offsets[size] = offset;
        times[size] = time;
        size++;
    }

    /** The positions held; they are indexed 0 to size - 1. */
    public int size() {
        return size;
    }

    public int partition(int i) {
        return partitions[Objects.checkIndex(i, size)];
    }

    public long offset(int i) {
        return offsets[Objects.checkIndex(i, size)];
    }

    public long time(int i) {
        return times[Objects.checkIndex(i, size)];
    }

    /** The earliest event time; {@code Long.MAX_VALUE} for none. */
    public long minTime() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, times[i]);
        }
        return min;
    }
}
