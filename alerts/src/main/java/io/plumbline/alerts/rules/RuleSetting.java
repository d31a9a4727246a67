package io.plumbline.alerts.rules;

import java.util.function.ToDoubleFunction;

/**
 * One numeric setting of the drift rules: its key under {@code rules.} (and under each entry of
 * {@code rules.overrides}), the values it takes, and where it sits in {@link DriftThresholds}. The one
 * place the keys are spelt, so that the config, the validation messages and the docs agree.
 * The multiple-testing correction is the one setting that is not a number: see {@link DriftPolicy}.
 */
public enum RuleSetting {
    PSI_THRESHOLD("psi.threshold", SettingRange.POSITIVE, DriftThresholds::psi),
    KS_P_VALUE("ks.p-value", SettingRange.PROBABILITY, DriftThresholds::ksPValue),
    KS_MIN_STATISTIC("ks.min-statistic", SettingRange.FRACTION, DriftThresholds::ksMinStatistic),
    CHI2_P_VALUE("chi2.p-value", SettingRange.PROBABILITY, DriftThresholds::chi2PValue),
    CHI2_MIN_SHARE_CHANGE("chi2.min-share-change", SettingRange.FRACTION, DriftThresholds::chi2MinShareChange),
    ROBUST_LINF_THRESHOLD("robust-linf.threshold", SettingRange.FRACTION, DriftThresholds::robustLinf),
    WASSERSTEIN_NORM_THRESHOLD("wasserstein-norm.threshold", SettingRange.POSITIVE_OR_OFF, DriftThresholds::wassersteinNorm),
    JS_DISTANCE_THRESHOLD("js-distance.threshold", SettingRange.FRACTION, DriftThresholds::jsDistance),
    NEW_CATEGORY_RATE_THRESHOLD("new-category-rate.threshold", SettingRange.FRACTION, DriftThresholds::newCategoryRate),
    OUT_OF_RANGE_RATE_THRESHOLD("out-of-range-rate.threshold", SettingRange.FRACTION, DriftThresholds::outOfRangeRate),
    OUT_OF_RANGE_RATE_P_VALUE("out-of-range-rate.p-value", SettingRange.PROBABILITY, DriftThresholds::outOfRangePValue),
    MISSING_RATE_P_VALUE("missing-rate.p-value", SettingRange.PROBABILITY, DriftThresholds::missingRatePValue),
    MISSING_RATE_MIN_CHANGE("missing-rate.min-change", SettingRange.FRACTION, DriftThresholds::missingRateChange),
    TYPE_MISMATCH_RATE_P_VALUE("type-mismatch-rate.p-value", SettingRange.PROBABILITY,
            DriftThresholds::typeMismatchRatePValue),
    TYPE_MISMATCH_RATE_MIN_CHANGE("type-mismatch-rate.min-change", SettingRange.FRACTION,
            DriftThresholds::typeMismatchRateChange),
    /** Model level: a verdict over all the features, so one feature cannot have its own. */
    DRIFT_SHARE_THRESHOLD("drift-share.threshold", SettingRange.FRACTION, DriftThresholds::driftShare),
    /**
     * Model level: the distances' "beyond chance" gate reads p-values adjusted over the model's whole
     * family of tests, so it is one level for the family, as the correction is.
     */
    CHANCE_P_VALUE("chance.p-value", SettingRange.PROBABILITY, DriftThresholds::chancePValue);

    /** The word that turns a rule off where that is allowed ({@link #WASSERSTEIN_NORM_THRESHOLD}). */
    public static final String OFF = SettingRange.OFF;

    private final String key;
    private final SettingRange range;
    private final ToDoubleFunction<DriftThresholds> value;

    RuleSetting(String key, SettingRange range, ToDoubleFunction<DriftThresholds> value) {
        this.key = key;
        this.range = range;
        this.value = value;
    }

    /** The key under {@code rules.}, e.g. {@code psi.threshold}. */
    public String key() {
        return key;
    }

    /** Whether only entries that apply to a whole model may set it. */
    public boolean modelLevel() {
        return this == DRIFT_SHARE_THRESHOLD || this == CHANCE_P_VALUE;
    }

    /** This setting's value in {@code thresholds}. */
    public double of(DriftThresholds thresholds) {
        return value.applyAsDouble(thresholds);
    }

    /** What the setting takes, with its default as the example, e.g. "a positive number such as 0.2". */
    public String expectation() {
        return range.expectation(of(DriftThresholds.DEFAULTS));
    }

    /** The value {@code text} sets, or null when the setting does not take it. */
    public Double parse(String text) {
        return range.parse(text);
    }

    /** Throws IllegalArgumentException naming the config key when {@code v} is out of range. */
    void require(double v) {
        if (!range.contains(v)) {
            throw new IllegalArgumentException("rules." + key + ": expected " + expectation() + ", got " + v);
        }
    }
}
