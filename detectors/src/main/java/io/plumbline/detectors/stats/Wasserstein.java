package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.sketch.Saturating;
import java.util.Arrays;

/**
 * Wasserstein-1 (earth mover's) distance between two numeric sketches, ∫ |F_baseline − F_current| dx.
 * Both estimated distribution functions are linear between adjacent support points of either (flat for
 * exact values, whose every knot is a jump), so the integral is summed exactly interval by interval: exact
 * when both sketches are exact.
 *
 * <p>With a digest that sum alone missed the normalized distance by up to 0.023 (a quarter of it) on heavy
 * tails (lognormal σ = 2): W1 is made there, where centroids hold tens of values spread over a wide range
 * that interpolation cannot place. But ∫ (F_b − F_c) dx = mean_c − mean_b, and the means are exact in every
 * sketch. So W1 = |mean_c − mean_b| + 2·∫ (the part of F_b − F_c of the other sign), and only that minority
 * part is left to the digests: for a shift it is the small region where the samples cross by chance, not
 * the tail. For stable heavy tails the samples cross in the tail too; there the sketches' exact extreme
 * values carry it: within 0.0034 of the exact normalized distance on every shape measured
 * (WassersteinAccuracyTest, bench AccuracyBench).
 */
public final class Wasserstein {
    private Wasserstein() {
    }

    /** W1 in the feature's own units; NaN when either sample is empty. */
    public static double distance(NumericSketch baseline, NumericSketch current) {
        if (baseline.count() == 0 || current.count() == 0) {
            return Double.NaN;
        }
        double[] parts = signedAreas(baseline.distribution(), current.distribution());
        if (baseline.isExact() && current.isExact()) {
            return parts[0] + parts[1];
        }
        double meanShift = current.mean() - baseline.mean();
        return meanShift >= 0 ? meanShift + 2 * parts[1] : -meanShift + 2 * parts[0];
    }

    /**
     * W1 divided by the baseline's standard deviation (Evidently's drift score, threshold 0.1), so one
     * threshold serves every feature's scale. The SD is the population one (divided by n), as Evidently's
     * {@code np.std}; NaN when the baseline has no spread (fewer than two values, or all equal) or either
     * sample is empty.
     */
    public static double normalized(NumericSketch baseline, NumericSketch current) {
        double sd = populationStandardDeviation(baseline);
        if (!(sd > 0)) {
            return Double.NaN;
        }
        // Values near the largest double, or a baseline spread near the smallest, would make it infinite.
        double distance = distance(baseline, current);
        if (Double.isNaN(distance)) {
            return Double.NaN;
        }
        return Saturating.quotient(Math.min(distance, Double.MAX_VALUE), Math.min(sd, Double.MAX_VALUE));
    }

    static double populationStandardDeviation(NumericSketch sketch) {
        long n = sketch.count();
        return n < 2 ? Double.NaN : Math.sqrt(sketch.variance() * (n - 1) / n);
    }

    /** {∫ (F − G)⁺ dx, ∫ (G − F)⁺ dx}, each interval between knots summed exactly. */
    static double[] signedAreas(CumulativeDistribution f, CumulativeDistribution g) {
        double[] knots = union(f.supportPoints(), g.supportPoints());
        double fAbove = 0;
        double gAbove = 0;
        for (int k = 0; k + 1 < knots.length; k++) {
            double width = knots[k + 1] - knots[k];
            double start = f.cdf(knots[k]) - g.cdf(knots[k]);
            double end = f.cdfBelow(knots[k + 1]) - g.cdfBelow(knots[k + 1]);
            fAbove += width * meanPositivePart(start, end);
            gAbove += width * meanPositivePart(-start, -end);
        }
        return new double[] {fAbove, gAbove};
    }

    /** Mean of max(0, ℓ) over an interval where ℓ runs linearly from a to b: a triangle when the sign changes. */
    private static double meanPositivePart(double a, double b) {
        if (a >= 0 && b >= 0) {
            return (a + b) / 2;
        }
        if (a <= 0 && b <= 0) {
            return 0;
        }
        double positive = Math.max(a, b);
        return positive * positive / (2 * Math.abs(a - b));
    }

    private static double[] union(double[] a, double[] b) {
        double[] merged = new double[a.length + b.length];
        int n = 0;
        for (int i = 0, j = 0; i < a.length || j < b.length; ) {
            double next;
            if (j == b.length || (i < a.length && a[i] < b[j])) {
                next = a[i++];
            } else if (i == a.length || b[j] < a[i]) {
                next = b[j++];
            } else {
                next = a[i++];
                j++;
            }
            merged[n++] = next;
        }
        return Arrays.copyOf(merged, n);
    }
}
