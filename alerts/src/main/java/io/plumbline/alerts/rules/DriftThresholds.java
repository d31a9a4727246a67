package io.plumbline.alerts.rules;

import java.io.Serializable;

/**
 * The first drift rules' thresholds: one rule per statistic.
 *
 * <p>KS and chi-square need both a significant p-value and an effect size, because with
 * thousands of events per window a p-value alone flags shifts nobody cares about.
 *
 * @param psi PSI at or above which the {@code psi} rule holds (0.2 = "significant" band)
 * @param ksPValue KS p-value below which the {@code ks} rule may hold
 * @param ksMinStatistic KS D at or above which the {@code ks} rule may hold
 * @param chi2PValue chi-square p-value below which the {@code chi2} rule may hold
 * @param chi2MinShareChange largest change of one category's share at or above which {@code chi2} may hold
 */
public record DriftThresholds(double psi, double ksPValue, double ksMinStatistic, double chi2PValue,
                              double chi2MinShareChange) implements Serializable {

    public static final DriftThresholds DEFAULTS = new DriftThresholds(0.2, 0.001, 0.05, 0.001, 0.05);

    public DriftThresholds {
        requirePositive("rules.psi.threshold", psi);
        requireProbability("rules.ks.p-value", ksPValue);
        requireFraction("rules.ks.min-statistic", ksMinStatistic);
        requireProbability("rules.chi2.p-value", chi2PValue);
        requireFraction("rules.chi2.min-share-change", chi2MinShareChange);
    }

    private static void requirePositive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + ": expected a positive number, got " + v);
        }
    }

    private static void requireProbability(String key, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(key + ": expected a probability between 0 and 1 (exclusive), got " + v);
        }
    }

    private static void requireFraction(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(key + ": expected a fraction between 0 and 1, got " + v);
        }
    }
}
