package io.plumbline.detectors.sketch;

import java.util.Arrays;

/**
 * Exact counts of a few distinct values, sorted by value. Low-cardinality features (levels, small
 * integers, booleans sent as numbers) live here entirely, and so do the heavy tied values of a
 * continuous feature (a default of 0, say) once the rest goes to a digest: a digest smears a tied value
 * over its neighbours, which is what breaks KS and PSI on tied data.
 */
final class PointMasses {
    private double[] values;
    private long[] counts;
    private int size;

    PointMasses(int capacity) {
        values = new double[capacity];
        counts = new long[capacity];
    }

    /** Masses of these sorted, distinct values; the arrays are adopted, not copied. */
    static PointMasses of(double[] values, long[] counts, int size) {
        PointMasses masses = new PointMasses(0);
        masses.values = values;
        masses.counts = counts;
        masses.size = size;
        return masses;
    }

    /** The distinct values of the first {@code n} values of a sorted array, with their counts. */
    static PointMasses runsOf(double[] sorted, int n) {
        double[] values = new double[n];
        long[] counts = new long[n];
        int k = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            values[k] = sorted[i];
            counts[k] = j - i;
            k++;
            i = j;
        }
        return of(values, counts, k);
    }

    /** Both tables' values, counts of a value held by both added. */
    static PointMasses union(PointMasses a, PointMasses b) {
        double[] values = new double[a.size + b.size];
        long[] counts = new long[a.size + b.size];
        int k = 0;
        for (int i = 0, j = 0; i < a.size || j < b.size; k++) {
            if (j == b.size || (i < a.size && a.values[i] < b.values[j])) {
                values[k] = a.values[i];
                counts[k] = a.counts[i++];
            } else if (i == a.size || b.values[j] < a.values[i]) {
                values[k] = b.values[j];
                counts[k] = b.counts[j++];
            } else {
                values[k] = a.values[i];
                counts[k] = a.counts[i++] + b.counts[j++];
            }
        }
        return of(values, counts, k);
    }

    /** A copy with room for {@code capacity} distinct values. */
    PointMasses withCapacity(int capacity) {
        PointMasses copy = new PointMasses(capacity);
        System.arraycopy(values, 0, copy.values, 0, size);
        System.arraycopy(counts, 0, copy.counts, 0, size);
        copy.size = size;
        return copy;
    }

    /**
     * The up to {@code k} heaviest values counted at least twice (equal counts: the lower value first),
     * sorted by value. A value seen once is no tie: the digest holds it as well as a table would.
     */
    PointMasses heaviest(int k) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> counts[x] != counts[y] ? Long.compare(counts[y], counts[x]) : Integer.compare(x, y));
        int taken = 0;
        while (taken < Math.min(k, size) && counts[order[taken]] >= 2) {
            taken++;
        }
        Arrays.sort(order, 0, taken);
        PointMasses heaviest = new PointMasses(taken);
        for (int i = 0; i < taken; i++) {
            heaviest.values[i] = values[order[i]];
            heaviest.counts[i] = counts[order[i]];
        }
        heaviest.size = taken;
        return heaviest;
    }

    /** The values counted at least twice, sorted by value. */
    PointMasses repeated() {
        return heaviest(size);
    }

    /** These values minus those in {@code other}, which must be a subset with equal counts. */
    PointMasses minus(PointMasses other) {
        double[] restValues = new double[size - other.size];
        long[] restCounts = new long[size - other.size];
        int k = 0;
        for (int i = 0, j = 0; i < size; i++) {
            if (j < other.size && other.values[j] == values[i]) {
                j++;
            } else {
                restValues[k] = values[i];
                restCounts[k++] = counts[i];
            }
        }
        return of(restValues, restCounts, k);
    }

    int size() {
        return size;
    }

    double value(int i) {
        return values[i];
    }

    long count(int i) {
        return counts[i];
    }

    /** Counts v if it is already tracked; true if it was. */
    boolean incrementIfTracked(double v) {
        int i = Arrays.binarySearch(values, 0, size, v);
        if (i < 0) {
            return false;
        }
        counts[i]++;
        return true;
    }

    /** Counts v, tracking it if there is room; false if v is new and the table is full. */
    boolean add(double v) {
        int i = Arrays.binarySearch(values, 0, size, v);
        if (i >= 0) {
            counts[i]++;
            return true;
        }
        if (size == values.length) {
            return false;
        }
        int at = -i - 1;
        System.arraycopy(values, at, values, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        values[at] = v;
        counts[at] = 1;
        size++;
        return true;
    }

    long heapBytes() {
        return HeapSizes.object(2 * HeapSizes.REFERENCE + 4)
                + HeapSizes.doubleArray(values.length) + HeapSizes.longArray(counts.length);
    }
}
