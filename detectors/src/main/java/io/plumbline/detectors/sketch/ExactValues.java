package io.plumbline.detectors.sketch;

import java.util.Arrays;

/**
 * Every value of a small sample, kept so that statistics on small windows are exact. The array grows
 * by doubling up to its capacity, so a window of a few events costs a few bytes, not the full buffer.
 * Sorting is deferred to the first read and remembered until the next add.
 */
final class ExactValues {
    private static final double[] NONE = new double[0];

    private final int capacity;
    private double[] values = NONE;
    private int size;
    private boolean sorted = true;

    ExactValues(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    boolean hasRoomFor(int more) {
        return size + more <= capacity;
    }

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.min(capacity, Math.max(16, 2 * size)));
        }
        if (size > 0 && v < values[size - 1]) {
            sorted = false;
        }
        values[size++] = v;
    }

    void addAll(ExactValues other) {
        double[] theirs = other.sortedValues();
        for (int i = 0; i < other.size; i++) {
            add(theirs[i]);
        }
    }

    /** The backing array, sorted ascending in its first {@link #size()} slots; callers must not write to it. */
    double[] sortedValues() {
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        return values;
    }

    long heapBytes() {
        return HeapSizes.doubleArray(values.length);
    }
}
