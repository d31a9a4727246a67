package io.plumbline.alerts.rules;

import static io.plumbline.alerts.text.AlertText.number;

import io.plumbline.alerts.text.AlertText;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.stats.MultipleTesting;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decides, per feature and window, which drift rules hold: one rule per statistic.
 *
 * <p>A rule whose statistics could not be computed (NaN: an empty window, a type that changed)
 * yields no outcome at all, so an alert neither fires nor resolves on missing evidence; so does a
 * distance whose test of "no drift" could not be made (new categories against a baseline past its K
 * that was written before sketches kept a sample of their categories).
 */
public final class DriftRules implements Serializable {

    public static final String PSI = "psi";
    public static final String KS = "ks";
    public static final String CHI2 = "chi2";
    public static final String ROBUST_LINF = "robust_linf";
    public static final String WASSERSTEIN = "wasserstein_norm";
    public static final String JS = "js_distance";
    public static final String NEW_CATEGORY = "new_category_rate";
    public static final String OUT_OF_RANGE = "out_of_range_rate";
    public static final String MISSING_RATE = "missing_rate";
    public static final String TYPE_MISMATCH_RATE = "type_mismatch_rate";
    /** Model level: the share of drifted features. */
    public static final String DRIFT_SHARE = "drift_share";
    /** Every rule {@link #evaluate} can name, so a retirement finds whatever a feature has firing. */
    static final List<String> FEATURE_RULES = List.of(PSI, KS, ROBUST_LINF, WASSERSTEIN, CHI2, JS, NEW_CATEGORY,
            OUT_OF_RANGE, MISSING_RATE, TYPE_MISMATCH_RATE);
    /** Every drift rule, the model's included: each the {@code alertname} of its alerts. */
    public static final List<String> NAMES = Stream.concat(FEATURE_RULES.stream(), Stream.of(DRIFT_SHARE)).toList();

    /** A comparison's p-values after the correction for the window's whole family of tests. */
    public record AdjustedPValues(double ks, double chi2, double psi, double outOfRange, double missingRate,
                                  double typeMismatchRate, double newCategory) {

        /** The comparison's own p-values: a family of one. */
        static AdjustedPValues unadjusted(FeatureComparison c) {
            double[] p = pValues(c);
            return new AdjustedPValues(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        }

        double[] values() {
            return new double[] {ks, chi2, psi, outOfRange, missingRate, typeMismatchRate, newCategory};
        }
    }

    private static final int P_RULES = 7;

    private final DriftThresholds thresholds;

    public DriftRules(DriftThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The rules on one comparison tested alone, its p-values unadjusted. */
    public List<RuleOutcome> evaluate(FeatureComparison c) {
        return evaluate(c, AdjustedPValues.unadjusted(c), 1);
    }

    /**
     * Every p-value of these comparisons (one model's features and prediction in one window) adjusted as
     * one family by the thresholds' correction; in the comparisons' order.
     */
    public List<AdjustedPValues> adjust(List<FeatureComparison> comparisons) {
        double[] p = new double[comparisons.size() * P_RULES];
        for (int i = 0; i < comparisons.size(); i++) {
            System.arraycopy(pValues(comparisons.get(i)), 0, p, i * P_RULES, P_RULES);
        }
        double[] a = MultipleTesting.adjust(p, thresholds.correction());
        List<AdjustedPValues> adjusted = new ArrayList<>(comparisons.size());
        for (int i = 0; i < comparisons.size(); i++) {
            int k = i * P_RULES;
            adjusted.add(new AdjustedPValues(a[k], a[k + 1], a[k + 2], a[k + 3], a[k + 4], a[k + 5], a[k + 6]));
        }
        return adjusted;
    }

    /**
     * A comparison's tests in {@link AdjustedPValues}' order. A p-value whose rule yields no outcome is not
     * a test: NaN keeps it out of the family. A categorical PSI is judged by the chi-square of the same
     * categories, which is already in the family, so it is not counted twice.
     */
    private static double[] pValues(FeatureComparison c) {
        return new double[] {
            Double.isNaN(c.ksStatistic()) ? Double.NaN : c.ksPValue(),
            Double.isNaN(c.maxShareChange()) ? Double.NaN : c.chi2PValue(),
            c.type() == FeatureType.NUMERIC && !Double.isNaN(c.psi()) ? c.psiPValue() : Double.NaN,
            Double.isNaN(c.outOfRangeRate()) ? Double.NaN : c.outOfRangePValue(),
            Double.isNaN(c.missingRateChange()) ? Double.NaN : c.missingRatePValue(),
            Double.isNaN(c.typeMismatchRateChange()) ? Double.NaN : c.typeMismatchRatePValue(),
            Double.isNaN(c.newCategoryRate()) ? Double.NaN : c.newCategoryPValue()};
    }

    /** The number of tests in a family of {@link #adjust}ed p-values, for the evidence. */
    public static int tests(List<AdjustedPValues> family) {
        int n = 0;
        for (AdjustedPValues a : family) {
            for (double p : a.values()) {
                n += Double.isNaN(p) ? 0 : 1;
            }
        }
        return n;
    }

    /**
     * The rules on one comparison, with its p-values {@code adjusted} within a family of {@code tests} tests.
     */
    public List<RuleOutcome> evaluate(FeatureComparison c, AdjustedPValues adjusted, int tests) {
        List<RuleOutcome> outcomes = new ArrayList<>(6);
        String sizes = "n=" + c.nBaseline() + ", m=" + c.nCurrent();
        boolean numeric = c.type() == FeatureType.NUMERIC;
        double psiP = numeric ? c.psiPValue() : c.chi2PValue();
        if (!Double.isNaN(c.psi()) && !Double.isNaN(psiP)) {
            outcomes.add(gated(PSI, "PSI", c.psi(), thresholds.psi(), numeric ? "PSI's chi-square limit" : "chi-square",
                    psiP, numeric ? adjusted.psi() : adjusted.chi2(), tests));
        }
        if (!Double.isNaN(c.ksStatistic()) && !Double.isNaN(c.ksPValue())) {
            boolean holds = adjusted.ks() < thresholds.ksPValue() && c.ksStatistic() >= thresholds.ksMinStatistic();
            outcomes.add(new RuleOutcome(KS, c.ksStatistic(), thresholds.ksMinStatistic(), holds,
                    "D >= " + number(thresholds.ksMinStatistic()) + " and " + pCondition(thresholds.ksPValue(), tests),
                    "D=" + number(c.ksStatistic()) + ", " + pEvidence(c.ksPValue(), adjusted.ks(), tests)));
        }
        if (!Double.isNaN(c.robustLinf()) && !Double.isNaN(c.ksPValue())) {
            boolean holds = c.robustLinf() > thresholds.robustLinf() && adjusted.ks() < thresholds.chancePValue();
            outcomes.add(new RuleOutcome(ROBUST_LINF, c.robustLinf(), thresholds.robustLinf(), holds,
                    "robust L-inf > " + number(thresholds.robustLinf()) + " (D less its chance level at alpha "
                            + number(ProfileComparator.ROBUST_LINF_ALPHA) + ") and KS " + pCondition(
                            thresholds.chancePValue(), tests),
                    "robust L-inf=" + number(c.robustLinf()) + " (D=" + number(c.ksStatistic()) + ", " + sizes
                            + "), KS "
                            + pEvidence(c.ksPValue(), adjusted.ks(), tests)));
        }
        if (!Double.isNaN(c.wassersteinNorm()) && !Double.isNaN(c.ksPValue())
                && !Double.isInfinite(thresholds.wassersteinNorm())) {
            outcomes.add(gated(WASSERSTEIN, "normalized Wasserstein", c.wassersteinNorm(), thresholds.wassersteinNorm(),
                    "KS", c.ksPValue(), adjusted.ks(), tests));
        }
        if (!Double.isNaN(c.chi2PValue()) && !Double.isNaN(c.maxShareChange())) {
            boolean holds = adjusted.chi2() < thresholds.chi2PValue()
                    && c.maxShareChange() >= thresholds.chi2MinShareChange();
            outcomes.add(new RuleOutcome(CHI2, c.maxShareChange(), thresholds.chi2MinShareChange(), holds,
                    "largest share change >= " + number(thresholds.chi2MinShareChange())
                            + " and " + pCondition(thresholds.chi2PValue(), tests),
                    "share change=" + number(c.maxShareChange()) + ", "
                            + pEvidence(c.chi2PValue(), adjusted.chi2(), tests)));
        }
        if (!Double.isNaN(c.jsDistance()) && !Double.isNaN(c.chi2PValue())) {
            outcomes.add(gated(JS, "Jensen-Shannon distance", c.jsDistance(), thresholds.jsDistance(), "chi-square",
                    c.chi2PValue(), adjusted.chi2(), tests));
        }
        if (!Double.isNaN(c.newCategoryRate()) && !Double.isNaN(c.newCategoryPValue())) {
            outcomes.add(gated(NEW_CATEGORY, "share of values in categories the baseline never saw",
                    c.newCategoryRate(), thresholds.newCategoryRate(), "random-split test of unseen values",
                    c.newCategoryPValue(), adjusted.newCategory(), tests));
        }
        if (!Double.isNaN(c.outOfRangeRate()) && !Double.isNaN(c.outOfRangePValue())) {
            boolean holds = c.outOfRangeRate() >= thresholds.outOfRangeRate()
                    && adjusted.outOfRange() < thresholds.outOfRangePValue();
            outcomes.add(new RuleOutcome(OUT_OF_RANGE, c.outOfRangeRate(), thresholds.outOfRangeRate(), holds,
                    "share outside the baseline's range >= " + number(thresholds.outOfRangeRate()) + " and "
                            + pCondition(thresholds.outOfRangePValue(), tests)
                            + " against the 2/(n+1) expected by chance",
                    "out-of-range share=" + number(c.outOfRangeRate()) + ", "
                            + pEvidence(c.outOfRangePValue(), adjusted.outOfRange(), tests)));
        }
        if (!Double.isNaN(c.missingRateChange()) && !Double.isNaN(c.missingRatePValue())) {
            outcomes.add(rate(MISSING_RATE, "missing", c.missingRateChange(), c.missingRatePValue(),
                    adjusted.missingRate(), tests, thresholds.missingRateChange(), thresholds.missingRatePValue()));
        }
        if (!Double.isNaN(c.typeMismatchRateChange()) && !Double.isNaN(c.typeMismatchRatePValue())) {
            outcomes.add(rate(TYPE_MISMATCH_RATE, "type-mismatch", c.typeMismatchRateChange(),
                    c.typeMismatchRatePValue(), adjusted.typeMismatchRate(), tests,
                    thresholds.typeMismatchRateChange(), thresholds.typeMismatchRatePValue()));
        }
        return outcomes;
    }

    /** The model-level rule over the features' verdicts (the prediction is not a feature: not counted). */
    RuleOutcome driftShare(int drifted, int total, List<String> driftedNames) {
        double share = (double) drifted / total;
        String names = String.join(", ", driftedNames.subList(0, Math.min(5, driftedNames.size())))
                + (driftedNames.size() > 5 ? ", ..." : "");
        return new RuleOutcome(DRIFT_SHARE, share, thresholds.driftShare(), share >= thresholds.driftShare(),
                "share of drifted features >= " + number(thresholds.driftShare()),
                drifted + " of " + total + " features drifted (share=" + number(share) + ")"
                        + (drifted == 0 ? "" : ": " + names));
    }

    /**
     * A distance that must pass both its fixed threshold and the test of "no drift" on the same data: at a
     * small window's sizes the fixed threshold alone is reached by chance.
     */
    private RuleOutcome gated(String rule, String name, double value, double threshold, String test, double p,
                              double adjustedP, int tests) {
        boolean holds = value >= threshold && adjustedP < thresholds.chancePValue();
        return new RuleOutcome(rule, value, threshold, holds,
                name + " >= " + number(threshold) + " and beyond chance: " + test + " "
                        + pCondition(thresholds.chancePValue(), tests),
                name + "=" + number(value) + ", " + test + " " + pEvidence(p, adjustedP, tests));
    }

    /** A rate (missing, type mismatch) that changed both significantly and by enough to matter. */
    private RuleOutcome rate(String rule, String what, double change, double p, double adjustedP, int tests,
                             double minChange, double pThreshold) {
        boolean holds = Math.abs(change) >= minChange && adjustedP < pThreshold;
        return new RuleOutcome(rule, change, minChange, holds,
                "|change of the " + what + " rate| >= " + number(minChange) + " and " + pCondition(pThreshold, tests),
                what + " rate changed by " + (change >= 0 ? "+" : "") + number(change) + ", "
                        + pEvidence(p, adjustedP, tests));
    }

    private String pCondition(double threshold, int tests) {
        return AlertText.pCondition(threshold, tests, thresholds.correction(), "the model's");
    }

    private String pEvidence(double p, double adjusted, int tests) {
        return AlertText.pEvidence(p, adjusted, tests, thresholds.correction());
    }



}
