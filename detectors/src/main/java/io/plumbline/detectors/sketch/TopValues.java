package io.plumbline.detectors.sketch;

import java.util.Arrays;

/**
 * The largest values of a stream, up to a capacity, held exactly: a min-heap, so a value that is not
 * among them costs one comparison and one that is costs O(log capacity). Reading sorts the heap in
 * place, which keeps it a valid min-heap.
 */
final class TopValues {
    private final double[] heap;
    private int size;

    TopValues(int capacity) {
        heap = new double[capacity];
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == heap.length;
    }

    /**
     * Keeps {@code v} if it is among the largest; returns the value that is not kept (v itself, or the
     * smallest held value it displaced), or NaN while there is room and nothing leaves.
     */
    double offer(double v) {
        if (size < heap.length) {
            int i = size++;
            while (i > 0 && heap[(i - 1) >>> 1] > v) {
                heap[i] = heap[(i - 1) >>> 1];
                i = (i - 1) >>> 1;
            }
            heap[i] = v;
            return Double.NaN;
        }
        if (v <= heap[0]) {
            return v;
        }
        double displaced = heap[0];
        siftDown(v);
        return displaced;
    }

    /** The held values, sorted ascending in the first {@link #size()} slots; callers must not write to it. */
    double[] sortedValues() {
        Arrays.sort(heap, 0, size);
        return heap;
    }

    long heapBytes() {
        return HeapSizes.object(HeapSizes.REFERENCE + 4) + HeapSizes.doubleArray(heap.length);
    }

    private void siftDown(double v) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= v) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = v;
    }
}
