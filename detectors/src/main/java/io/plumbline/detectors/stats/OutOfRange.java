package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.NumericSketch;
import org.apache.commons.math3.special.Beta;

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

    /**
     * One-sided P(X ≥ k) for X ~ Binomial(m, 2/(n+1)), k the window's values outside the range: a fresh
     * value lands above the largest (or below the smallest) of n continuous baseline values with
     * probability 1/(n+1) each; as I_p(k, m − k + 1). Tied data puts fewer outside, so this errs towards fewer alerts. It is what
     * keeps a small baseline, whose range is narrow, from flagging every window. NaN when either is empty.
     */
    public static double pValue(double share, long n, long m) {
        if (Double.isNaN(share) || n == 0 || m == 0) {
            return Double.NaN;
        }
        long k = Math.round(share * m);
        double p = Math.min(1, 2.0 / (n + 1));
        return k == 0 || p >= 1 ? 1 : Beta.regularizedBeta(p, k, m - k + 1);
    }
}
