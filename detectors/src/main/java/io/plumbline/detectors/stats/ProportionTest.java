package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.FeatureSketch;
import org.apache.commons.math3.special.Erf;

/**
 * Two-sided two-proportion z-test with the pooled variance: did a rate (missing values, type mismatches)
 * change between baseline and current? z = (p_c − p_b) / √(p(1−p)(1/n_b + 1/n_c)), p the pooled rate;
 * the p-value is P(|Z| ≥ |z|) = erfc(|z|/√2), computed that way rather than as 1 − Φ so that p-values far
 * in the tail keep their precision for a multiple-testing correction.
 */
public final class ProportionTest {
    private ProportionTest() {
    }

    /**
     * @param baselineEvents baseline events with the property (e.g. missing values) out of {@code baselineTotal}
     * @param currentEvents  current events with the property out of {@code currentTotal}
     * @return both rates, their difference and the p-value. A side without events has no rate: rates,
     *     difference and p-value are NaN. Equal pooled rates of 0 or 1 (nothing missing on either side, or
     *     everything) leave no variance and no difference: the p-value is 1.
     */
    public static ProportionResult test(long baselineEvents, long baselineTotal, long currentEvents, long currentTotal) {
        check(baselineEvents, baselineTotal);
        check(currentEvents, currentTotal);
        double rateBaseline = baselineTotal == 0 ? Double.NaN : (double) baselineEvents / baselineTotal;
        double rateCurrent = currentTotal == 0 ? Double.NaN : (double) currentEvents / currentTotal;
        if (baselineTotal == 0 || currentTotal == 0) {
            return new ProportionResult(rateBaseline, rateCurrent, Double.NaN, Double.NaN);
        }
        double difference = rateCurrent - rateBaseline;
        double pooled = (double) (baselineEvents + currentEvents) / ((double) baselineTotal + currentTotal);
        double variance = pooled * (1 - pooled) * (1.0 / baselineTotal + 1.0 / currentTotal);
        if (!(variance > 0)) {
            return new ProportionResult(rateBaseline, rateCurrent, difference, 1);
        }
        double z = difference / Math.sqrt(variance);
        return new ProportionResult(rateBaseline, rateCurrent, difference, Erf.erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /** Missing values among all events of the feature (values, missing and type mismatches). */
    public static ProportionResult missingRate(FeatureSketch baseline, FeatureSketch current) {
        return test(baseline.missing(), events(baseline), current.missing(), events(current));
    }

    /** Values of the wrong type among all events of the feature (values, missing and type mismatches). */
    public static ProportionResult typeMismatchRate(FeatureSketch baseline, FeatureSketch current) {
        return test(baseline.typeMismatches(), events(baseline), current.typeMismatches(), events(current));
    }

    private static long events(FeatureSketch sketch) {
        return sketch.count() + sketch.missing() + sketch.typeMismatches();
    }

    private static void check(long events, long total) {
        if (events < 0 || events > total) {
            throw new IllegalArgumentException("need 0 ≤ events ≤ total, got " + events + " of " + total);
        }
    }
}
