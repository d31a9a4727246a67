package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.NumericSketch;

/**
 * Share of the current window's values outside the baseline's range [min, max]: values the model never
 * saw in training (a unit change, a sentinel such as -1 or 999) are a signal of their own, which a
 * distance over the whole distribution only notices once they are many.
 */
public final class OutOfRange {
    private OutOfRange() {
    }

    /**
     * Fraction of current values &lt; the baseline minimum or &gt; its maximum; NaN when either sample is empty.
     * Both extremes are exact in every sketch, so a window inside the baseline's range gives exactly 0; the
     * fraction itself is exact when the current sketch is, and the digest's estimate otherwise.
     */
    public static double share(NumericSketch baseline, NumericSketch current) {
        if (baseline.count() == 0 || current.count() == 0) {
            return Double.NaN;
        }
        double low = baseline.min();
        double high = baseline.max();
        if (current.min() >= low && current.max() <= high) {
            return 0;
        }
        CumulativeDistribution c = current.distribution();
        return c.cdfBelow(low) + (1 - c.cdf(high));
    }
}
