package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.NumericSketch;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov-Smirnov test between sketches. D is the supremum of the difference of the two
 * estimated distribution functions, taken at and just below every support point of either (where the
 * supremum of two piecewise-linear functions with jumps lies): exact when both sketches are exact.
 *
 * <p>The p-value is commons-math3's for D with the true sample sizes: the exact distribution when
 * n·m &lt; 10 000, the asymptotic one above, as commons-math3 chooses itself. It is P(D ≥ d), the usual
 * p-value (scipy's {@code ks_2samp}); commons-math3's {@code kolmogorovSmirnovTest} reports P(D &gt; d) and
 * jitters ties, which we do not: with ties the exact p-value is conservative.
 */
public final class KolmogorovSmirnov {
    private static final long EXACT_P_MAX_PRODUCT = 10_000;
    private static final KolmogorovSmirnovTest TEST = new KolmogorovSmirnovTest();

    private KolmogorovSmirnov() {
    }

    public static KsResult test(NumericSketch baseline, NumericSketch current) {
        long n = baseline.count();
        long m = current.count();
        if (n == 0 || m == 0) {
            return new KsResult(Double.NaN, Double.NaN, n, m);
        }
        double d = CumulativeDistribution.supremumDistance(baseline.distribution(), current.distribution());
        return new KsResult(d, pValue(d, n, m), n, m);
    }

    static double pValue(double d, long n, long m) {
        int ni = (int) Math.min(n, Integer.MAX_VALUE);
        int mi = (int) Math.min(m, Integer.MAX_VALUE);
        double p = (double) n * m < EXACT_P_MAX_PRODUCT
                ? TEST.exactP(d, ni, mi, false)
                : TEST.approximateP(d, ni, mi);
        return Math.min(1, Math.max(0, p));
    }
}
