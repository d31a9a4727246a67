package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.List;
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
        List<long[]> nonEmpty = PairedCounts.of(baseline, current);
        nonEmpty.removeIf(pair -> pair[0] == 0 && pair[1] == 0);

        double nb = baseline.count();
        double nc = current.count();
        long[] observedBaseline = new long[nonEmpty.size()];
        long[] observedCurrent = new long[nonEmpty.size()];
        double maxShareChange = 0;
        for (int i = 0; i < nonEmpty.size(); i++) {
            observedBaseline[i] = nonEmpty.get(i)[0];
            observedCurrent[i] = nonEmpty.get(i)[1];
            maxShareChange = Math.max(maxShareChange, Math.abs(observedCurrent[i] / nc - observedBaseline[i] / nb));
        }
        double p = nonEmpty.size() < 2 ? 1 : TEST.chiSquareTestDataSetsComparison(observedBaseline, observedCurrent);
        return new ChiSquareResult(p, maxShareChange);
    }
}
