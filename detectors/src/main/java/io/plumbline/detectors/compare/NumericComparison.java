package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.stats.OutOfRange;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.stats.RobustLinf;
import io.plumbline.detectors.stats.Wasserstein;

/**
 * A feature compared as numeric.
 *
 * @param psi PSI on the baseline's deciles, with the chance that samples of one distribution, of these
 *     sizes, reach it (its own χ² limit on the 10 bins): what the rule needs beside its threshold, so that
 *     small windows cannot reach it by chance
 * @param ks the two-sample Kolmogorov-Smirnov test
 * @param robustLinf Deequ's robust L∞ at α = {@value ProfileComparator#ROBUST_LINF_ALPHA}
 * @param wassersteinNorm Wasserstein-1 over the baseline's standard deviation
 * @param outOfRange share of current values outside the baseline's [min, max], with the one-sided binomial
 *     p-value of that share against the ~2/(n+1) a stationary window puts outside the range of n baseline
 *     values by chance
 */
public record NumericComparison(FeatureCounts counts, TestedStatistic psi, KsResult ks, double robustLinf,
                                double wassersteinNorm, TestedStatistic outOfRange) implements FeatureComparison {

    static NumericComparison of(NumericSketch baseline, NumericSketch current, FeatureCounts counts) {
        KsResult ks = KolmogorovSmirnov.test(baseline, current);
        double psi = Psi.numeric(baseline, current);
        double outOfRange = OutOfRange.share(baseline, current);
        return new NumericComparison(counts,
                new TestedStatistic(psi, Psi.numericPValue(psi, counts.nBaseline(), counts.nCurrent())),
                ks,
                RobustLinf.of(ks, ProfileComparator.ROBUST_LINF_ALPHA),
                Wasserstein.normalized(baseline, current),
                new TestedStatistic(outOfRange, OutOfRange.pValue(outOfRange, counts.nBaseline(), counts.nCurrent())));
    }

    @Override
    public FeatureType type() {
        return FeatureType.NUMERIC;
    }
}
