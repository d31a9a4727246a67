package io.plumbline.alerts.rules;

import static io.plumbline.alerts.text.AlertText.number;

import io.plumbline.detectors.compare.CategoricalComparison;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.NumericComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import java.util.function.ToDoubleFunction;

/**
 * The drift rules, one per statistic: each its alert's {@code alertname}, the statistic it judges, the
 * p-value of the test of "no drift" that gates it, the DriftStats fields it reports them in, and when it
 * holds in the words of its alerts. Its settings are the {@link RuleSetting}s that name it. The order is the
 * order of a feature's verdicts, and of its alerts in a window.
 *
 * <p>A rule whose statistic or p-value is NaN (a type it does not apply to, an empty window, a type that
 * changed) yields no verdict, so an alert neither fires nor resolves on missing evidence; so does a distance
 * whose test could not be made (new categories against a baseline past its K written before sketches kept a
 * sample of their categories).
 */
public enum DriftRule {
    /** Numeric: gated by its own χ² limit on the 10 bins; categorical: by the chi-square of the same categories. */
    PSI("psi", "psi", "psi_pvalue") {
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
            return j.gated(RuleSetting.PSI_THRESHOLD, "PSI",
                    c instanceof NumericComparison ? "PSI's chi-square limit" : "chi-square");
        }
    },
    KS("ks", "ks_statistic", "ks_pvalue") {
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
            double min = j.threshold(RuleSetting.KS_MIN_STATISTIC);
            double p = j.threshold(RuleSetting.KS_P_VALUE);
            return j.outcome(min, j.adjusted() < p && j.value() >= min,
                    "D >= " + number(min) + " and " + j.pCondition(p), "D=" + number(j.value()) + ", " + j.pEvidence());
        }
    },
    /** Gated by the KS test of the same data. */
    ROBUST_LINF("robust_linf", "robust_linf", null) {
        @Override
        double value(FeatureComparison c) {
            return numeric(c, NumericComparison::robustLinf);
        }

        @Override
        double pValue(FeatureComparison c) {
            return KS.pValue(c);
        }

        @Override
        DriftRule test(FeatureComparison c) {
            return KS;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            double threshold = j.threshold(RuleSetting.ROBUST_LINF_THRESHOLD);
            double chance = j.threshold(RuleSetting.CHANCE_P_VALUE);
            return j.outcome(threshold, j.value() > threshold && j.adjusted() < chance,
                    "robust L-inf > " + number(threshold) + " (D less its chance level at alpha "
                            + number(ProfileComparator.ROBUST_LINF_ALPHA) + ") and KS " + j.pCondition(chance),
                    "robust L-inf=" + number(j.value()) + " (D=" + number(KS.value(c)) + ", n="
                            + c.counts().nBaseline() + ", m=" + c.counts().nCurrent() + "), KS " + j.pEvidence());
        }
    },
    /** Gated by the KS test of the same data; off (no verdict) while its threshold is infinite. */
    WASSERSTEIN_NORM("wasserstein_norm", "wasserstein_norm", null) {
        @Override
        double value(FeatureComparison c) {
            return numeric(c, NumericComparison::wassersteinNorm);
        }

        @Override
        double pValue(FeatureComparison c) {
            return KS.pValue(c);
        }

        @Override
        DriftRule test(FeatureComparison c) {
            return KS;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return Double.isInfinite(j.threshold(RuleSetting.WASSERSTEIN_NORM_THRESHOLD)) ? null
                    : j.gated(RuleSetting.WASSERSTEIN_NORM_THRESHOLD, "normalized Wasserstein", "KS");
        }
    },
    CHI2("chi2", "max_share_change", "chi2_pvalue") {
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
            double min = j.threshold(RuleSetting.CHI2_MIN_SHARE_CHANGE);
            double p = j.threshold(RuleSetting.CHI2_P_VALUE);
            return j.outcome(min, j.adjusted() < p && j.value() >= min,
                    "largest share change >= " + number(min) + " and " + j.pCondition(p),
                    "share change=" + number(j.value()) + ", " + j.pEvidence());
        }
    },
    /** Gated by the chi-square test of the same categories. */
    JS_DISTANCE("js_distance", "js_distance", null) {
        @Override
        double value(FeatureComparison c) {
            return categorical(c, CategoricalComparison::jsDistance);
        }

        @Override
        double pValue(FeatureComparison c) {
            return CHI2.pValue(c);
        }

        @Override
        DriftRule test(FeatureComparison c) {
            return CHI2;
        }

        @Override
        RuleOutcome judge(FeatureComparison c, Judgement j) {
            return j.gated(RuleSetting.JS_DISTANCE_THRESHOLD, "Jensen-Shannon distance", "chi-square");
        }
    },
    NEW_CATEGORY_RATE("new_category_rate", "new_category_rate", "new_category_pvalue") {
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
            return j.gated(RuleSetting.NEW_CATEGORY_RATE_THRESHOLD, "share of values in categories the baseline never saw",
                    "random-split test of unseen values");
        }
    },
    OUT_OF_RANGE_RATE("out_of_range_rate", "out_of_range_rate", "out_of_range_pvalue") {
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
            double threshold = j.threshold(RuleSetting.OUT_OF_RANGE_RATE_THRESHOLD);
            double p = j.threshold(RuleSetting.OUT_OF_RANGE_RATE_P_VALUE);
            return j.outcome(threshold, j.value() >= threshold && j.adjusted() < p,
                    "share outside the baseline's range >= " + number(threshold) + " and " + j.pCondition(p)
                            + " against the 2/(n+1) expected by chance",
                    "out-of-range share=" + number(j.value()) + ", " + j.pEvidence());
        }
    },
    MISSING_RATE("missing_rate", "missing_rate_change", "missing_rate_pvalue") {
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
            return j.rate("missing", RuleSetting.MISSING_RATE_MIN_CHANGE, RuleSetting.MISSING_RATE_P_VALUE);
        }
    },
    TYPE_MISMATCH_RATE("type_mismatch_rate", "type_mismatch_rate_change", "type_mismatch_rate_pvalue") {
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
            return j.rate("type-mismatch", RuleSetting.TYPE_MISMATCH_RATE_MIN_CHANGE,
                    RuleSetting.TYPE_MISMATCH_RATE_P_VALUE);
        }
    },
    /** Model level: the share of drifted features, judged over the features' verdicts (see {@link DriftRules}). */
    DRIFT_SHARE("drift_share", null, null) {
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

    /**
     * @param valueField the DriftStats field of its statistic
     * @param pValueField the DriftStats field of its test's p-value; null when the test is another rule's
     */
    DriftRule(String alertName, String valueField, String pValueField) {
        this.alertName = alertName;
        this.valueField = valueField;
        this.pValueField = pValueField;
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
    abstract double pValue(FeatureComparison c);

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
