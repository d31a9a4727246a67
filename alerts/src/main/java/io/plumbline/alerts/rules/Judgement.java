package io.plumbline.alerts.rules;

import static io.plumbline.alerts.text.AlertText.number;

import io.plumbline.alerts.text.AlertText;

/**
 * One rule's judgement of one comparison: what it reads (its statistic, its test's p-value unadjusted and
 * adjusted within the window's family of {@code tests}) and how its alerts word a verdict.
 */
record Judgement(DriftRule rule, DriftThresholds thresholds, double value, double p, double adjusted, int tests) {

    /** The value of the rule's setting {@code name}, e.g. {@code threshold}. */
    double threshold(String name) {
        return thresholds.get(RuleSetting.of(rule, name));
    }

    /** The level of "beyond chance" of the distances, the model's. */
    double chance() {
        return thresholds.get(RuleSetting.CHANCE_P_VALUE);
    }

    RuleOutcome outcome(double threshold, boolean holds, String condition, String evidence) {
        return new RuleOutcome(rule.alertName(), value, threshold, holds, condition, evidence);
    }

    /**
     * A distance that must pass both its fixed {@code threshold} and the test of "no drift" on the same data: at a
     * small window's sizes the fixed threshold alone is reached by chance.
     */
    RuleOutcome gated(String name, String test) {
        double threshold = threshold("threshold");
        double chance = chance();
        return outcome(threshold, value >= threshold && adjusted < chance,
                name + " >= " + number(threshold) + " and beyond chance: " + test + " " + pCondition(chance),
                name + "=" + number(value) + ", " + test + " " + pEvidence());
    }

    /**
     * A rate (missing, type mismatch) that changed both significantly ({@code p-value}) and by enough to
     * matter ({@code min-change}).
     */
    RuleOutcome rate(String what) {
        double minChange = threshold("min-change");
        double pThreshold = threshold("p-value");
        return outcome(minChange, Math.abs(value) >= minChange && adjusted < pThreshold,
                "|change of the " + what + " rate| >= " + number(minChange) + " and " + pCondition(pThreshold),
                what + " rate changed by " + (value >= 0 ? "+" : "") + number(value) + ", " + pEvidence());
    }

    String pCondition(double threshold) {
        return AlertText.pCondition(threshold, tests, thresholds.correction(), "the model's");
    }

    /** The test's p-value as evidence. */
    String pEvidence() {
        return AlertText.pEvidence(p, adjusted, tests, thresholds.correction());
    }
}
