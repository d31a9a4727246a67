package io.plumbline.alerts.rules;

/**
 * One numeric setting of the drift rules: the rule it sets, its key under {@code rules.} (and under each
 * entry of {@code rules.overrides}), the values it takes and its default. The one place the keys are spelt,
 * so that the config, the validation messages and the docs agree. The multiple-testing correction is the
 * one setting that is not a number: see {@link DriftPolicy}.
 */
public enum RuleSetting {
    PSI_THRESHOLD(DriftRule.PSI, "threshold", SettingRange.POSITIVE, 0.2),
    KS_P_VALUE(DriftRule.KS, "p-value", SettingRange.PROBABILITY, 0.01),
    KS_MIN_STATISTIC(DriftRule.KS, "min-statistic", SettingRange.FRACTION, 0.05),
    CHI2_P_VALUE(DriftRule.CHI2, "p-value", SettingRange.PROBABILITY, 0.01),
    CHI2_MIN_SHARE_CHANGE(DriftRule.CHI2, "min-share-change", SettingRange.FRACTION, 0.05),
    ROBUST_LINF_THRESHOLD(DriftRule.ROBUST_LINF, "threshold", SettingRange.FRACTION, 0.05),
    /**
     * Off by default: at Evidently's 0.1, gated by its null at α = 0.01, it still fired in stable windows of a
     * skewed feature compared with one fixed baseline (the null is unconditional, a baseline that is off by
     * chance stays off for every window). The statistic is reported either way.
     */
    WASSERSTEIN_NORM_THRESHOLD(DriftRule.WASSERSTEIN_NORM, "threshold", SettingRange.POSITIVE_OR_OFF,
            Double.POSITIVE_INFINITY),
    JS_DISTANCE_THRESHOLD(DriftRule.JS_DISTANCE, "threshold", SettingRange.FRACTION, 0.1),
    NEW_CATEGORY_RATE_THRESHOLD(DriftRule.NEW_CATEGORY_RATE, "threshold", SettingRange.FRACTION, 0.05),
    OUT_OF_RANGE_RATE_THRESHOLD(DriftRule.OUT_OF_RANGE_RATE, "threshold", SettingRange.FRACTION, 0.05),
    OUT_OF_RANGE_RATE_P_VALUE(DriftRule.OUT_OF_RANGE_RATE, "p-value", SettingRange.PROBABILITY, 0.01),
    MISSING_RATE_P_VALUE(DriftRule.MISSING_RATE, "p-value", SettingRange.PROBABILITY, 0.01),
    MISSING_RATE_MIN_CHANGE(DriftRule.MISSING_RATE, "min-change", SettingRange.FRACTION, 0.05),
    TYPE_MISMATCH_RATE_P_VALUE(DriftRule.TYPE_MISMATCH_RATE, "p-value", SettingRange.PROBABILITY, 0.01),
    TYPE_MISMATCH_RATE_MIN_CHANGE(DriftRule.TYPE_MISMATCH_RATE, "min-change", SettingRange.FRACTION, 0.05),
    /** Model level: a verdict over all the features, so one feature cannot have its own. */
    DRIFT_SHARE_THRESHOLD(DriftRule.DRIFT_SHARE, "threshold", SettingRange.FRACTION, 0.5),
    /**
     * Model level, and no one rule's: the distances' "beyond chance" gate reads p-values adjusted over the
     * model's whole family of tests, so it is one level for the family, as the correction is.
     */
    CHANCE_P_VALUE(null, "chance.p-value", SettingRange.PROBABILITY, 0.01);

    /** The word that turns a rule off where that is allowed ({@link #WASSERSTEIN_NORM_THRESHOLD}). */
    public static final String OFF = SettingRange.OFF;

    private final DriftRule rule;
    private final String key;
    private final SettingRange range;
    private final double defaultValue;

    /** @param name the key under the rule's, e.g. {@code threshold} for {@code psi.threshold} */
    RuleSetting(DriftRule rule, String name, SettingRange range, double defaultValue) {
        this.rule = rule;
        this.key = rule == null ? name : rule.alertName().replace('_', '-') + "." + name;
        this.range = range;
        this.defaultValue = defaultValue;
    }

    /** The key under {@code rules.}, e.g. {@code psi.threshold}. */
    public String key() {
        return key;
    }

    /** Whether only entries that apply to a whole model may set it. */
    public boolean modelLevel() {
        return rule == null || rule == DriftRule.DRIFT_SHARE;
    }

    /** Its value where nothing sets it. */
    double defaultValue() {
        return defaultValue;
    }

    /** This setting's value in {@code thresholds}. */
    public double of(DriftThresholds thresholds) {
        return thresholds.get(this);
    }

    /** What the setting takes, with its default as the example, e.g. "a positive number such as 0.2". */
    public String expectation() {
        return range.expectation(defaultValue);
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
