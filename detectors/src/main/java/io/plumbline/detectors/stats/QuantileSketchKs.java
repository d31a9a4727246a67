package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.QuantileSketch;

/**
 * The two-sample Kolmogorov-Smirnov test of {@link KolmogorovSmirnov} between two {@link QuantileSketch}es
 * (latency, output speed, eval score of LLM calls): the same D over both distributions' support points,
 * exact while both sketches hold every value, and the same p-value with the true sample sizes.
 */
public final class QuantileSketchKs {
    private QuantileSketchKs() {
    }

    /** NaN statistic and p-value when either sketch is empty. */
    public static KsResult test(QuantileSketch baseline, QuantileSketch current) {
        long n = baseline.count();
        long m = current.count();
        if (n == 0 || m == 0) {
            return new KsResult(Double.NaN, Double.NaN, n, m);
        }
        double d = CumulativeDistribution.supremumDistance(baseline.distribution(), current.distribution());
        return new KsResult(d, KolmogorovSmirnov.pValue(d, n, m), n, m);
    }
}
