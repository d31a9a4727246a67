package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;

/**
 * Jensen-Shannon distance between two categorical sketches: the square root of the JS divergence
 * ½·KL(P‖M) + ½·KL(Q‖M), M = (P + Q)/2, in log base 2 so that it lies in [0, 1] (1: no category in
 * common). Over the union of both sketches' categories, "other" counted as one more, like PSI; unlike PSI
 * it needs no floor: M is positive wherever P or Q is. As scipy's {@code jensenshannon(p, q, base=2)}.
 */
public final class JensenShannon {
    private static final double LN2 = Math.log(2);

    private JensenShannon() {
    }

    /** JS distance; NaN when either sample is empty. */
    public static double distance(CategoricalSketch baseline, CategoricalSketch current) {
        if (baseline.count() == 0 || current.count() == 0) {
            return Double.NaN;
        }
        PairedCounts pairs = PairedCounts.of(baseline, current);
        double nb = baseline.count();
        double nc = current.count();
        double divergence = 0;
        for (int i = 0; i < pairs.size(); i++) {
            double p = pairs.baseline()[i] / nb;
            double q = pairs.current()[i] / nc;
            double m = (p + q) / 2;
            divergence += halfKl(p, m) + halfKl(q, m);
        }
        // Rounding can leave a divergence of identical samples a hair below 0, or of disjoint ones above 1.
        return Math.sqrt(Math.min(1, Math.max(0, divergence)));
    }

    private static double halfKl(double p, double m) {
        return p == 0 ? 0 : p * Math.log(p / m) / LN2 / 2;
    }
}
