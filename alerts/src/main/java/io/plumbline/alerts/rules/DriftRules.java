package io.plumbline.alerts.rules;

import static io.plumbline.alerts.text.AlertText.number;

import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.stats.MultipleTesting;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;

/**
 * Decides, per feature and window, which {@link DriftRule}s hold under one set of thresholds. The p-values
 * of a window's comparisons are one family: each comparison's keyed by the rule whose test it is.
 */
public final class DriftRules implements Serializable {

    /** Every rule that judges features, in the order of their verdicts. */
    static final List<DriftRule> FEATURE_RULES = Arrays.stream(DriftRule.values())
            .filter(DriftRule::judgesFeatures).toList();

    private final DriftThresholds thresholds;

    public DriftRules(DriftThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The rules on one comparison tested alone, its p-values unadjusted. */
    public List<RuleOutcome> evaluate(FeatureComparison c) {
        return evaluate(c, pValues(c), 1);
    }

    /**
     * Every p-value of these comparisons (one model's features and prediction in one window) adjusted as
     * one family by the thresholds' correction; in the comparisons' order.
     */
    public List<EnumMap<DriftRule, Double>> adjust(List<FeatureComparison> comparisons) {
        List<EnumMap<DriftRule, Double>> family = new ArrayList<>(comparisons.size());
        for (FeatureComparison c : comparisons) {
            family.add(pValues(c));
        }
        return MultipleTesting.adjust(family, thresholds.correction());
    }

    /**
     * A comparison's tests, each under the rule whose test it is. A p-value whose rule yields no verdict is not
     * a test: NaN keeps it out of the family. A test that gates several rules (KS gates robust L∞ and
     * Wasserstein, chi-square gates Jensen-Shannon and a categorical PSI) is counted once.
     */
    private static EnumMap<DriftRule, Double> pValues(FeatureComparison c) {
        EnumMap<DriftRule, Double> p = new EnumMap<>(DriftRule.class);
        for (DriftRule rule : FEATURE_RULES) {
            if (rule.test(c) == rule) {
                p.put(rule, Double.isNaN(rule.value(c)) ? Double.NaN : rule.pValue(c));
            }
        }
        return p;
    }

    /** The number of tests in a family of {@link #adjust}ed p-values, for the evidence. */
    public static int tests(List<EnumMap<DriftRule, Double>> family) {
        return MultipleTesting.tests(family);
    }

    /**
     * The rules on one comparison, with its p-values {@code adjusted} within a family of {@code tests} tests.
     */
    public List<RuleOutcome> evaluate(FeatureComparison c, EnumMap<DriftRule, Double> adjusted, int tests) {
        List<RuleOutcome> outcomes = new ArrayList<>(FEATURE_RULES.size());
        for (DriftRule rule : FEATURE_RULES) {
            double value = rule.value(c);
            double p = rule.pValue(c);
            if (Double.isNaN(value) || Double.isNaN(p)) {
                continue;
            }
            RuleOutcome outcome = rule.judge(c,
                    new Judgement(rule, thresholds, value, p, adjusted.get(rule.test(c)), tests));
            if (outcome != null) {
                outcomes.add(outcome);
            }
        }
        return outcomes;
    }

    /** The model-level rule over the features' verdicts (the prediction is not a feature: not counted). */
    RuleOutcome driftShare(int drifted, int total, List<String> driftedNames) {
        double share = (double) drifted / total;
        double threshold = thresholds.get(RuleSetting.DRIFT_SHARE_THRESHOLD);
        String names = String.join(", ", driftedNames.subList(0, Math.min(5, driftedNames.size())))
                + (driftedNames.size() > 5 ? ", ..." : "");
        return new RuleOutcome(DriftRule.DRIFT_SHARE.alertName(), share, threshold, share >= threshold,
                "share of drifted features >= " + number(threshold),
                drifted + " of " + total + " features drifted (share=" + number(share) + ")"
                        + (drifted == 0 ? "" : ": " + names));
    }
}
