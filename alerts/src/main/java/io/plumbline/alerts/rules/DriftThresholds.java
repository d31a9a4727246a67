package io.plumbline.alerts.rules;

import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * The drift rules' thresholds: one rule per statistic, each alert one value against one threshold.
 *
 * <p>KS and chi-square need both a significant p-value and an effect size, because with
 * thousands of events per window a p-value alone flags shifts nobody cares about. The distances
 * (PSI, normalized Wasserstein, Jensen-Shannon, robust L∞, new-category rate) need both their fixed
 * threshold and a test of "no drift" on the same data below {@code chancePValue} (see
 * {@code FeatureComparison}: PSI's own χ² limit, chi-square, KS, a permutation test of unseen values),
 * because at a small window's sizes a fixed threshold alone is reached by chance.
 *
 * <p>Every p-value threshold applies after {@code correction}: all p-values of every feature and the
 * prediction of one model in one window are one family, so a model of 200 features does not alert by
 * chance in most windows. Under no drift at all, a model-window then alerts with probability at most about
 * {@code chancePValue} when that is the largest p-value threshold (as by default), whatever its number
 * of features.
 *
 * @param psi PSI at or above which the {@code psi} rule may hold (0.2 = "significant" band)
 * @param ksPValue KS p-value below which the {@code ks} rule may hold
 * @param ksMinStatistic KS D at or above which the {@code ks} rule may hold
 * @param chi2PValue chi-square p-value below which the {@code chi2} rule may hold
 * @param chi2MinShareChange largest change of one category's share at or above which {@code chi2} may hold
 * @param robustLinf robust L∞ above which {@code robust_linf} holds (Deequ's 0.05)
 * @param wassersteinNorm normalized Wasserstein at or above which {@code wasserstein_norm} may hold; infinite
 *     (in the config: {@code off}) turns the rule off, which is the default: at Evidently's 0.1, gated by its
 *     null at α = 0.01, it still fired in stable windows of a skewed feature compared with one fixed baseline
 *     (the null is unconditional, a baseline that is off by chance stays off for every window). The statistic
 *     is reported either way.
 * @param jsDistance Jensen-Shannon distance at or above which {@code js_distance} may hold (Evidently's 0.1)
 * @param newCategoryRate share of values in unseen categories at or above which {@code new_category_rate} holds
 * @param outOfRangeRate share outside the baseline's range at or above which {@code out_of_range_rate} may hold
 * @param outOfRangePValue p-value (of that share against chance) below which {@code out_of_range_rate} may hold
 * @param missingRatePValue p-value below which {@code missing_rate} may hold
 * @param missingRateChange |change of the missing rate| at or above which {@code missing_rate} may hold
 * @param typeMismatchRatePValue p-value below which {@code type_mismatch_rate} may hold
 * @param typeMismatchRateChange |change of the type-mismatch rate| at or above which {@code type_mismatch_rate} may hold
 * @param driftShare share of drifted features at or above which the model-level {@code drift_share} rule holds
 * @param chancePValue adjusted p-value of "no drift" below which a distance rule may hold
 * @param correction how the p-values of one model and window are adjusted before their thresholds
 * @see RuleSetting the config key of each number, in the order of these components
 */
public record DriftThresholds(double psi, double ksPValue, double ksMinStatistic, double chi2PValue,
                              double chi2MinShareChange, double robustLinf, double wassersteinNorm,
                              double jsDistance, double newCategoryRate, double outOfRangeRate,
                              double outOfRangePValue, double missingRatePValue, double missingRateChange,
                              double typeMismatchRatePValue, double typeMismatchRateChange, double driftShare,
                              double chancePValue, Correction correction) implements Serializable {

    public static final DriftThresholds DEFAULTS = new DriftThresholds(0.2, 0.01, 0.05, 0.01, 0.05);

    public DriftThresholds {
        double[] values = {psi, ksPValue, ksMinStatistic, chi2PValue, chi2MinShareChange, robustLinf, wassersteinNorm,
            jsDistance, newCategoryRate, outOfRangeRate, outOfRangePValue, missingRatePValue, missingRateChange,
            typeMismatchRatePValue, typeMismatchRateChange, driftShare, chancePValue};
        for (RuleSetting setting : RuleSetting.values()) {
            setting.require(values[setting.ordinal()]);
        }
        Objects.requireNonNull(correction, "rules.multiple-testing");
    }

    /**
     * The first rules' thresholds; every later rule at its default (robust L∞ 0.05, Wasserstein off,
     * Jensen-Shannon 0.1, new categories 5 %, out of range 5 % at p &lt; 0.01, missing and type-mismatch
     * rates changed by 5 points at p &lt; 0.01, drift share 0.5, distances beyond chance at p &lt; 0.01,
     * Benjamini-Hochberg).
     */
    public DriftThresholds(double psi, double ksPValue, double ksMinStatistic, double chi2PValue,
                           double chi2MinShareChange) {
        this(psi, ksPValue, ksMinStatistic, chi2PValue, chi2MinShareChange, 0.05, Double.POSITIVE_INFINITY, 0.1, 0.05,
                0.05, 0.01,
                0.01, 0.05, 0.01, 0.05, 0.5, 0.01, Correction.BENJAMINI_HOCHBERG);
    }

    /** These thresholds with another multiple-testing correction. */
    public DriftThresholds withCorrection(Correction other) {
        return with(Map.of(), other);
    }

    /**
     * These thresholds with some settings replaced.
     *
     * @param settings the settings to replace and their new values
     * @param correctionOrNull the new multiple-testing correction, or null to keep this one
     */
    public DriftThresholds with(Map<RuleSetting, Double> settings, Correction correctionOrNull) {
        double[] v = new double[RuleSetting.values().length];
        for (RuleSetting setting : RuleSetting.values()) {
            v[setting.ordinal()] = settings.getOrDefault(setting, setting.of(this));
        }
        return new DriftThresholds(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15], v[16], correctionOrNull == null ? correction : correctionOrNull);
    }
}
