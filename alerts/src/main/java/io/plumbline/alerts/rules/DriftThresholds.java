package io.plumbline.alerts.rules;

import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The drift rules' thresholds: a value for each {@link RuleSetting}, and the multiple-testing correction.
 *
 * <p>KS and chi-square need both a significant p-value and an effect size, because with thousands of
 * events per window a p-value alone flags shifts nobody cares about. The distances (PSI, normalized
 * Wasserstein, Jensen-Shannon, robust L∞, new-category rate) need both their fixed threshold and a test of
 * "no drift" on the same data below {@link RuleSetting#CHANCE_P_VALUE} (see {@link DriftRule}), because at a
 * small window's sizes a fixed threshold alone is reached by chance.
 *
 * <p>Every p-value threshold applies after {@code correction}: all p-values of every feature and the
 * prediction of one model in one window are one family, so a model of 200 features does not alert by
 * chance in most windows. Under no drift at all, a model-window then alerts with probability at most about
 * the chance level when that is the largest p-value threshold (as by default), whatever its number of
 * features.
 *
 * @param settings every setting's value
 * @param correction how the p-values of one model and window are adjusted before their thresholds
 */
public record DriftThresholds(Map<RuleSetting, Double> settings, Correction correction) implements Serializable {

    /** Every setting at its default, Benjamini-Hochberg. */
    public static final DriftThresholds DEFAULTS = new DriftThresholds(defaults(), Correction.BENJAMINI_HOCHBERG);

    public DriftThresholds {
        Map<RuleSetting, Double> copy = new TreeMap<>(settings);
        for (RuleSetting setting : RuleSetting.values()) {
            Double v = copy.get(setting);
            if (v == null) {
                throw new IllegalArgumentException("rules." + setting.key() + " has no value");
            }
            setting.require(v);
        }
        settings = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(correction, "rules.multiple-testing");
    }

    private static Map<RuleSetting, Double> defaults() {
        Map<RuleSetting, Double> defaults = new TreeMap<>();
        for (RuleSetting setting : RuleSetting.values()) {
            defaults.put(setting, setting.defaultValue());
        }
        return defaults;
    }

    /** The value of {@code setting}. */
    public double get(RuleSetting setting) {
        return settings.get(setting);
    }

    /** These thresholds with another multiple-testing correction. */
    public DriftThresholds withCorrection(Correction other) {
        return with(Map.of(), other);
    }

    /**
     * These thresholds with some settings replaced.
     *
     * @param replaced the settings to replace and their new values
     * @param correctionOrNull the new multiple-testing correction, or null to keep this one
     */
    public DriftThresholds with(Map<RuleSetting, Double> replaced, Correction correctionOrNull) {
        Map<RuleSetting, Double> v = new TreeMap<>(settings);
        v.putAll(replaced);
        return new DriftThresholds(v, correctionOrNull == null ? correction : correctionOrNull);
    }
}
