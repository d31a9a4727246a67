package io.plumbline.alerts.rules;

import static io.plumbline.alerts.text.AlertText.number;

import io.plumbline.detectors.compare.CategoricalComparison;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.NumericComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The drift rules, one per statistic: each its alert's {@code alertname}, the statistic it judges, the
 * p-value of the test of "no drift" that gates it, the DriftStats fields it reports them in, and when it
 * holds in the words of its alerts, and its settings with their defaults (the keys {@link RuleSetting} gives
 * them). The order is the order of a feature's verdicts and of its alerts in a window, and of the settings.
 *
 * <p>A rule whose statistic or p-value is NaN (a type it does not apply to, an empty window, a type that
 * changed) yields no verdict, so an alert neither fires nor resolves on missing evidence; so does a distance
 * whose test could not be made (new categories against a baseline past its K written before sketches kept a
 * sample of their categories).
 */
public enum DriftRule {
    /** Numeric: gated by its own χ² limit on the 10 bins; categorical: by the chi-square of the same categories. */
    PSI("psi", "psi", "psi_pvalue",
            setting("threshold", SettingRange.POSITIVE, 0.2)) {
        @Override
        double value(FeatureComparison c) {
            return c instanceof NumericComparison n ? n.psi().value()
                    : c instanceof CategoricalComparison k ? k.psi() : Double.NaN;
        }

        @Override
        double pValue(FeatureComparison c) {
            return c instanceof NumericComparison n ? n.psi().pValue() : CHI2.pValue(c);
        }

        @Override
        DriftRule test(FeatureComparison c) {
            return c instanceof NumericComparison ? PSI : CHI2;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return j.gated("PSI", c instanceof NumericComparison ? "PSI's chi-square limit" : "chi-square");
        }
    },
    KS("ks", "ks_statistic", "ks_pvalue",
            setting("p-value", SettingRange.PROBABILITY, 0.01),
            setting("min-statistic", SettingRange.FRACTION, 0.05)) {
        @Override
        double value(FeatureComparison c) {
            return numeric(c, n -> n.ks().statistic());
        }

        @Override
        double pValue(FeatureComparison c) {
            return numeric(c, n -> n.ks().pValue());
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            double min = j.threshold("min-statistic");
            double p = j.threshold("p-value");
            return j.outcome(min, j.adjusted() < p && j.value() >= min,
                    "D >= " + number(min) + " and " + j.pCondition(p), "D=" + number(j.value()) + ", " + j.pEvidence());
        }
    },
    CHI2("chi2", "max_share_change", "chi2_pvalue",
            setting("p-value", SettingRange.PROBABILITY, 0.01),
            setting("min-share-change", SettingRange.FRACTION, 0.05)) {
        @Override
        double value(FeatureComparison c) {
            return categorical(c, k -> k.chi2().maxShareChange());
        }

        @Override
        double pValue(FeatureComparison c) {
            return categorical(c, k -> k.chi2().pValue());
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            double min = j.threshold("min-share-change");
            double p = j.threshold("p-value");
            return j.outcome(min, j.adjusted() < p && j.value() >= min,
                    "largest share change >= " + number(min) + " and " + j.pCondition(p),
                    "share change=" + number(j.value()) + ", " + j.pEvidence());
        }
    },
    /** Gated by the KS test of the same data. */
    ROBUST_LINF("robust_linf", "robust_linf", null,
            setting("threshold", SettingRange.FRACTION, 0.05)) {
        @Override
        double value(FeatureComparison c) {
            return numeric(c, NumericComparison::robustLinf);
        }

        @Override
        DriftRule test(FeatureComparison c) {
            return KS;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            double threshold = j.threshold("threshold");
            double chance = j.chance();
            return j.outcome(threshold, j.value() > threshold && j.adjusted() < chance,
                    "robust L-inf > " + number(threshold) + " (D less its chance level at alpha "
                            + number(ProfileComparator.ROBUST_LINF_ALPHA) + ") and KS " + j.pCondition(chance),
                    "robust L-inf=" + number(j.value()) + " (D=" + number(KS.value(c)) + ", n="
                            + c.counts().nBaseline() + ", m=" + c.counts().nCurrent() + "), KS " + j.pEvidence());
        }
    },
    /**
     * Gated by the KS test of the same data; off (no verdict) while its threshold is infinite, as by default:
     * at Evidently's 0.1, gated by its null at α = 0.01, it still fired in stable windows of a skewed feature
     * compared with one fixed baseline (the null is unconditional, a baseline that is off by chance stays off
     * for every window). The statistic is reported either way.
     */
    WASSERSTEIN_NORM("wasserstein_norm", "wasserstein_norm", null,
            setting("threshold", SettingRange.POSITIVE_OR_OFF, Double.POSITIVE_INFINITY)) {
        @Override
        double value(FeatureComparison c) {
            return numeric(c, NumericComparison::wassersteinNorm);
        }

        @Override
        DriftRule test(FeatureComparison c) {
            return KS;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return Double.isInfinite(j.threshold("threshold")) ? null : j.gated("normalized Wasserstein", "KS");
        }
    },
    /** Gated by the chi-square test of the same categories. */
    JS_DISTANCE("js_distance", "js_distance", null,
            setting("threshold", SettingRange.FRACTION, 0.1)) {
        @Override
        double value(FeatureComparison c) {
            return categorical(c, CategoricalComparison::jsDistance);
        }

        @Override
        DriftRule test(FeatureComparison c) {
            return CHI2;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return j.gated("Jensen-Shannon distance", "chi-square");
        }
    },
    NEW_CATEGORY_RATE("new_category_rate", "new_category_rate", "new_category_pvalue",
            setting("threshold", SettingRange.FRACTION, 0.05)) {
        @Override
        double value(FeatureComparison c) {
            return categorical(c, k -> k.newCategory().value());
        }

        @Override
        double pValue(FeatureComparison c) {
            return categorical(c, k -> k.newCategory().pValue());
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return j.gated("share of values in categories the baseline never saw",
                    "random-split test of unseen values");
        }
    },
    OUT_OF_RANGE_RATE("out_of_range_rate", "out_of_range_rate", "out_of_range_pvalue",
            setting("threshold", SettingRange.FRACTION, 0.05),
            setting("p-value", SettingRange.PROBABILITY, 0.01)) {
        @Override
        double value(FeatureComparison c) {
            return numeric(c, n -> n.outOfRange().value());
        }

        @Override
        double pValue(FeatureComparison c) {
            return numeric(c, n -> n.outOfRange().pValue());
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            double threshold = j.threshold("threshold");
            double p = j.threshold("p-value");
            return j.outcome(threshold, j.value() >= threshold && j.adjusted() < p,
                    "share outside the baseline's range >= " + number(threshold) + " and " + j.pCondition(p)
                            + " against the 2/(n+1) expected by chance",
                    "out-of-range share=" + number(j.value()) + ", " + j.pEvidence());
        }
    },
    MISSING_RATE("missing_rate", "missing_rate_change", "missing_rate_pvalue",
            setting("p-value", SettingRange.PROBABILITY, 0.01),
            setting("min-change", SettingRange.FRACTION, 0.05)) {
        @Override
        double value(FeatureComparison c) {
            return c.counts().missingRate().value();
        }

        @Override
        double pValue(FeatureComparison c) {
            return c.counts().missingRate().pValue();
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return j.rate("missing");
        }
    },
    TYPE_MISMATCH_RATE("type_mismatch_rate", "type_mismatch_rate_change", "type_mismatch_rate_pvalue",
            setting("p-value", SettingRange.PROBABILITY, 0.01),
            setting("min-change", SettingRange.FRACTION, 0.05)) {
        @Override
        double value(FeatureComparison c) {
            return c.counts().typeMismatchRate().value();
        }

        @Override
        double pValue(FeatureComparison c) {
            return c.counts().typeMismatchRate().pValue();
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return j.rate("type-mismatch");
        }
    },
    /** Model level: the share of drifted features, judged over the features' verdicts (see {@link DriftRules}). */
    DRIFT_SHARE("drift_share", null, null,
            setting("threshold", SettingRange.FRACTION, 0.5)) {
        @Override
        double value(FeatureComparison c) {
            return Double.NaN;
        }

        @Override
        double pValue(FeatureComparison c) {
            return Double.NaN;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            throw new UnsupportedOperationException("drift_share judges a model, not a feature");
        }
    };

    private final String alertName;
    private final String valueField;
    private final String pValueField;
    private final List<Setting> settings;

    /**
     * @param valueField the DriftStats field of its statistic
     * @param pValueField the DriftStats field of its test's p-value; null when the test is another rule's
     * @param settings its settings, each {@code rules.<its name, '_' as '-'>.<setting name>}
     */
    DriftRule(String alertName, String valueField, String pValueField, Setting... settings) {
        this.alertName = alertName;
        this.valueField = valueField;
        this.pValueField = pValueField;
        this.settings = List.of(settings);
    }

    /**
     * A setting a rule declares: its name under the rule's key, what it takes, its default.
     * {@link RuleSetting} makes each one a setting of the config.
     */
    record Setting(String name, SettingRange range, double defaultValue) {
    }

    private static Setting setting(String name, SettingRange range, double defaultValue) {
        return new Setting(name, range, defaultValue);
    }

    /** The settings it declares, in order. */
    List<Setting> settings() {
        return settings;
    }

    /** The rule name, also the alert's {@code alertname}. */
    public String alertName() {
        return alertName;
    }

    /** Whether it judges each feature and the prediction: all but {@link #DRIFT_SHARE}. */
    boolean judgesFeatures() {
        return this != DRIFT_SHARE;
    }

    /** The DriftStats field its statistic is reported in. */
    String valueField() {
        return valueField;
    }

    /** The DriftStats field its test's p-value is reported in; null when the test is another rule's. */
    String pValueField() {
        return pValueField;
    }

    /** The statistic of {@code c} it judges; NaN when it does not apply. */
    abstract double value(FeatureComparison c);

    /** The unadjusted p-value of the test of "no drift" that gates it; NaN when there is none. */
    double pValue(FeatureComparison c) {
        // A rule gated by another's test reads that test's p-value; a rule with a test of its own overrides this.
        return test(c).pValue(c);
    }

    /** The rule whose test gates it on {@code c}: whose entry of the adjusted family it reads. */
    DriftRule test(FeatureComparison c) {
        return this;
    }

    /** Its verdict, statistic and p-value known (not NaN); null when it is turned off. */
    abstract RuleOutcome judge(FeatureComparison c, Judgement j);

    private static double numeric(FeatureComparison c, ToDoubleFunction<NumericComparison> statistic) {
        return c instanceof NumericComparison n ? statistic.applyAsDouble(n) : Double.NaN;
    }

    private static double categorical(FeatureComparison c, ToDoubleFunction<CategoricalComparison> statistic) {
        return c instanceof CategoricalComparison k ? statistic.applyAsDouble(k) : Double.NaN;
    }
}
