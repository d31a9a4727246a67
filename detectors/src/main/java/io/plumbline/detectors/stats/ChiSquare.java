package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Chi-square test of homogeneity between two categorical sketches (commons-math3's
 * {@code chiSquareTestDataSetsComparison}, which weighs unequal sample sizes) over the union of their
 * categories plus "other". Categories empty in both are dropped: commons-math3 rejects them. With a
 * single category left both samples are identical and the p-value is 1.
 */
public final class ChiSquare {
    private static final ChiSquareTest TEST = new ChiSquareTest();

    private ChiSquare() {
    }

    public static ChiSquareResult test(CategoricalSketch baseline, CategoricalSketch current) {
        if (baseline.count() == 0 || current.count() == 0) {
            return new ChiSquareResult(Double.NaN, Double.NaN);
        }
        PairedCounts observed = PairedCounts.of(baseline, current).withoutEmpty();
        double nb = baseline.count();
        double nc = current.count();
        double maxShareChange = 0;
        for (int i = 0; i < observed.size(); i++) {
            maxShareChange = Math.max(maxShareChange, Math.abs(observed.current()[i] / nc - observed.baseline()[i] / nb));
        }
        // commons-math3 computes p as 1 − CDF, which rounds to just above 1 for near-identical samples.
        double p = observed.size() < 2 ? 1
                : Math.min(1, TEST.chiSquareTestDataSetsComparison(observed.baseline(), observed.current()));
        return new ChiSquareResult(p, maxShareChange);
    }
}
