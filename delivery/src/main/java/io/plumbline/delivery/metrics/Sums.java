package io.plumbline.delivery.metrics;

/** Totals that stop at the largest long instead of wrapping negative: a counter must never go backwards. */
final class Sums {

    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private Sums() {
    }
}
