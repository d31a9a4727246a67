package io.plumbline.delivery.metrics;

/** A gauge's value, replaced by each window and read by scrapes on another thread. */
final class LatestValue {

    private volatile double value = Double.NaN;

    double get() {
        return value;
    }

    void set(double value) {
        this.value = value;
    }
}
