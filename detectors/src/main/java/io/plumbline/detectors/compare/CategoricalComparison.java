package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.stats.ChiSquare;
import io.plumbline.detectors.stats.ChiSquareResult;
import io.plumbline.detectors.stats.JensenShannon;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.stats.UnseenCategories;

/**
 * A feature compared as categorical: a string feature, or a numeric one over its levels.
 *
 * @param psi PSI over the categories; its test of "no drift" is {@code chi2}, on the same categories
 * @param chi2 the chi-square test of the category counts, with the largest change of one category's share
 * @param jsDistance Jensen-Shannon distance, log base 2
 * @param newCategory share of current values in categories the baseline never saw, with the chance of at
 *     least as many if baseline and window were one sample split at random; when either sketch is past its
 *     K, both estimated from their samples of distinct categories ({@link UnseenCategories}), the p-value NaN
 *     when the baseline is past its K without a sample
 */
public record CategoricalComparison(FeatureCounts counts, double psi, ChiSquareResult chi2, double jsDistance,
                                    TestedStatistic newCategory) implements FeatureComparison {

    static CategoricalComparison of(CategoricalSketch baseline, CategoricalSketch current, FeatureCounts counts) {
        return new CategoricalComparison(counts, Psi.categorical(baseline, current), ChiSquare.test(baseline, current),
                JensenShannon.distance(baseline, current),
                new TestedStatistic(UnseenCategories.share(baseline, current),
                        UnseenCategories.pValue(baseline, current)));
    }

    @Override
    public FeatureType type() {
        return FeatureType.CATEGORICAL;
    }
}
