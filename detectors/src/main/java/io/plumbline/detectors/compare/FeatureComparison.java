package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.FeatureType;

/**
 * A feature's (or the prediction's) current window against its baseline. Statistics that do not apply
 * to the type (KS for a categorical feature, chi-square for a numeric one) or cannot be computed (an
 * empty sample, or differing types in baseline and current) are NaN.
 *
 * <p>A numeric feature whose baseline holds at most {@link ProfileComparator#LOW_CARDINALITY} distinct
 * values (a flag, a rating) is compared as categorical, and its {@code type} says
 * {@link FeatureType#CATEGORICAL}: its statistics are then PSI, chi-square and Jensen-Shannon over its
 * levels, which is what a distance between step functions of five values would only approximate. A
 * type forced by configuration wins over that rule, and {@code type} says the type compared.
 *
 * @param robustLinf Deequ's robust L∞ at α = {@value ProfileComparator#ROBUST_LINF_ALPHA} (numeric)
 * @param wassersteinNorm Wasserstein-1 over the baseline's standard deviation (numeric)
 * @param outOfRangeRate share of current values outside the baseline's [min, max] (numeric)
 * @param outOfRangePValue one-sided binomial p-value of that share against the ~2/(n+1) a stationary window
 *     puts outside the range of n baseline values by chance (numeric)
 * @param jsDistance Jensen-Shannon distance, log base 2 (categorical)
 * @param newCategoryRate share of current values in categories the baseline never saw (categorical); when
 *     either sketch is past its K, estimated from their samples of distinct categories
 *     ({@link io.plumbline.detectors.stats.UnseenCategories})
 * @param missingRatePValue two-proportion test of the missing rate, baseline against current
 * @param missingRateChange current missing rate − baseline missing rate
 * @param typeMismatchRatePValue two-proportion test of the type-mismatch rate
 * @param typeMismatchRateChange current type-mismatch rate − baseline type-mismatch rate
 * @param psiPValue the chance that samples of one distribution, of these sizes, reach this PSI: its own
 *     χ² limit on the 10 bins (numeric), the chi-square test of the same categories (categorical); what
 *     a distance rule needs beside its threshold, so that small windows cannot reach it by chance
 * @param newCategoryPValue the chance of at least as many unseen values if baseline and window were one
 *     sample split at random (categorical); NaN when the baseline is past its K without a sample
 */
public record FeatureComparison(String feature, FeatureType type, long nBaseline, long nCurrent, long missingCurrent,
                                long typeMismatchCurrent, double psi, double ksStatistic, double ksPValue,
                                double chi2PValue, double maxShareChange,
                                double robustLinf, double wassersteinNorm, double outOfRangeRate,
                                double outOfRangePValue, double jsDistance, double newCategoryRate,
                                double missingRatePValue, double missingRateChange,
                                double typeMismatchRatePValue, double typeMismatchRateChange,
                                double psiPValue, double newCategoryPValue) {

    /** The first statistics only (PSI, KS, chi-square); every later one NaN. */
    public FeatureComparison(String feature, FeatureType type, long nBaseline, long nCurrent, long missingCurrent,
                             long typeMismatchCurrent, double psi, double ksStatistic, double ksPValue,
                             double chi2PValue, double maxShareChange) {
        this(feature, type, nBaseline, nCurrent, missingCurrent, typeMismatchCurrent, psi, ksStatistic, ksPValue,
                chi2PValue, maxShareChange, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
