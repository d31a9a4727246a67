package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.FeatureType;

/**
 * A feature's (or the prediction's) current window against its baseline. Statistics that do not apply
 * to the type (KS for a categorical feature, chi-square for a numeric one) or cannot be computed (an
 * empty sample, or differing types in baseline and current) are NaN.
 */
public record FeatureComparison(String feature, FeatureType type, long nBaseline, long nCurrent, long missingCurrent,
                                long typeMismatchCurrent, double psi, double ksStatistic, double ksPValue,
                                double chi2PValue, double maxShareChange) {
}
