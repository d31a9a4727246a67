package io.plumbline.detectors.sketch;

import java.util.function.IntToLongFunction;

/**
 * A binary min-heap of slots 0 to n−1 by a weight their owner keeps: the lightest in O(1), and the order
 * restored in O(log n) after a slot's weight grows. Weights only grow, so a slot only ever sinks: a heavy
 * slot sits at the bottom, and counting one more value of it is a comparison or two.
 */
final class LightestSlots {
    private final int[] heap;
    private final int[] position;
    private final IntToLongFunction weight;

    LightestSlots(int slots, IntToLongFunction weight) {
        this.heap = new int[slots];
        this.position = new int[slots];
        this.weight = weight;
        for (int i = 0; i < slots; i++) {
            heap[i] = i;
            position[i] = i;
        }
        for (int i = slots / 2 - 1; i >= 0; i--) {
            sink(i);
        }
    }

    int lightest() {
        return heap[0];
    }

    /** Restores the order after {@code slot}'s weight grew. */
    void grew(int slot) {
        sink(position[slot]);
    }

    long heapBytes() {
        return HeapSizes.object(3 * HeapSizes.REFERENCE) + 2 * HeapSizes.intArray(heap.length);
    }

    private void sink(int at) {
        int slot = heap[at];
        long w = weight.applyAsLong(slot);
        while (true) {
            int child = 2 * at + 1;
            if (child >= heap.length) {
                break;
            }
            if (child + 1 < heap.length && weight.applyAsLong(heap[child + 1]) < weight.applyAsLong(heap[child])) {
                child++;
            }
            if (weight.applyAsLong(heap[child]) >= w) {
                break;
            }
            heap[at] = heap[child];
            position[heap[at]] = at;
            at = child;
        }
        heap[at] = slot;
        position[slot] = at;
    }
}
