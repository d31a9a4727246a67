package io.plumbline.alerts.rules;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One numeric setting of the drift rules: the rule that declares it ({@link DriftRule}), its key under
 * {@code rules.} (and under each entry of {@code rules.overrides}), the values it takes and its default.
 * The one place the keys are spelt, so that the config, the validation messages and the docs agree. The
 * multiple-testing correction is the one setting that is not a number: see {@link DriftPolicy}.
 *
 * <p>There is one instance per setting, in {@link #values()}: each rule's, in the rules' order, then the
 * chance level. The constants below name the ones code outside their rule reads.
 */
public final class RuleSetting implements Comparable<RuleSetting>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Model level, and no one rule's: the distances' "beyond chance" gate reads p-values adjusted over the
     * model's whole family of tests, so it is one level for the family, as the correction is.
     */
    private static final DriftRule.Setting CHANCE = new DriftRule.Setting("chance.p-value", SettingRange.PROBABILITY,
            0.01);
    private static final RuleSetting[] VALUES = declared();
    private static final Map<String, RuleSetting> BY_KEY = Arrays.stream(VALUES)
            .collect(Collectors.toUnmodifiableMap(RuleSetting::key, Function.identity()));

    public static final RuleSetting PSI_THRESHOLD = of("psi.threshold");
    public static final RuleSetting KS_P_VALUE = of("ks.p-value");
    public static final RuleSetting KS_MIN_STATISTIC = of("ks.min-statistic");
    public static final RuleSetting CHI2_P_VALUE = of("chi2.p-value");
    public static final RuleSetting CHI2_MIN_SHARE_CHANGE = of("chi2.min-share-change");
    public static final RuleSetting ROBUST_LINF_THRESHOLD = of("robust-linf.threshold");
    public static final RuleSetting WASSERSTEIN_NORM_THRESHOLD = of("wasserstein-norm.threshold");
    public static final RuleSetting JS_DISTANCE_THRESHOLD = of("js-distance.threshold");
    public static final RuleSetting NEW_CATEGORY_RATE_THRESHOLD = of("new-category-rate.threshold");
    public static final RuleSetting OUT_OF_RANGE_RATE_THRESHOLD = of("out-of-range-rate.threshold");
    public static final RuleSetting OUT_OF_RANGE_RATE_P_VALUE = of("out-of-range-rate.p-value");
    public static final RuleSetting MISSING_RATE_P_VALUE = of("missing-rate.p-value");
    public static final RuleSetting MISSING_RATE_MIN_CHANGE = of("missing-rate.min-change");
    public static final RuleSetting TYPE_MISMATCH_RATE_P_VALUE = of("type-mismatch-rate.p-value");
    public static final RuleSetting TYPE_MISMATCH_RATE_MIN_CHANGE = of("type-mismatch-rate.min-change");
    public static final RuleSetting DRIFT_SHARE_THRESHOLD = of("drift-share.threshold");
    public static final RuleSetting CHANCE_P_VALUE = of(CHANCE.name());

    /** The word that turns a rule off where that is allowed ({@link #WASSERSTEIN_NORM_THRESHOLD}). */
    public static final String OFF = SettingRange.OFF;

    private final transient DriftRule rule;
    private final String key;
    private final transient SettingRange range;
    private final transient double defaultValue;
    private final transient int ordinal;

    private RuleSetting(DriftRule rule, DriftRule.Setting declared, int ordinal) {
        this.rule = rule;
        this.key = rule == null ? declared.name() : rule.alertName().replace('_', '-') + "." + declared.name();
        this.range = declared.range();
        this.defaultValue = declared.defaultValue();
        this.ordinal = ordinal;
    }

    private static RuleSetting[] declared() {
        List<RuleSetting> all = new ArrayList<>();
        for (DriftRule rule : DriftRule.values()) {
            for (DriftRule.Setting setting : rule.settings()) {
                all.add(new RuleSetting(rule, setting, all.size()));
            }
        }
        all.add(new RuleSetting(null, CHANCE, all.size()));
        return all.toArray(RuleSetting[]::new);
    }

    /** Every setting: each rule's in the rules' order, then the chance level. */
    public static RuleSetting[] values() {
        return VALUES.clone();
    }

    /** The setting of this key under {@code rules.}; throws IllegalArgumentException for no setting's. */
    public static RuleSetting of(String key) {
        RuleSetting setting = BY_KEY.get(key);
        if (setting == null) {
            throw new IllegalArgumentException("no drift rule setting rules." + key);
        }
        return setting;
    }

    /** The setting {@code rule} declares under {@code name}, e.g. {@code threshold}. */
    static RuleSetting of(DriftRule rule, String name) {
        return of(rule.alertName().replace('_', '-') + "." + name);
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

    /** In {@link #values()}' order. */
    @Override
    public int compareTo(RuleSetting other) {
        return Integer.compare(ordinal, other.ordinal);
    }

    /** One instance per setting: equal is the same. */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }

    /** One instance per setting, as in {@link #values()}: a copy travels as its key. */
    @Serial
    private Object readResolve() {
        return of(key);
    }
}
