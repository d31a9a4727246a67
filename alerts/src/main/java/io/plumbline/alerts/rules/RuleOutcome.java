package io.plumbline.alerts.rules;

/**
 * One rule's verdict on one feature in one window.
 *
 * @param rule the rule name, also the alert's {@code alertname}: one of {@link DriftRules}' names
 * @param value the statistic the alert reports (the effect size)
 * @param threshold the threshold {@code value} is compared with
 * @param holds whether the rule's whole condition holds in this window
 * @param condition the whole condition in words, e.g. "D >= 0.05 and p < 0.001"
 * @param evidence the measured values behind the verdict, e.g. "D=0.081, p=2.1e-09"
 */
public record RuleOutcome(String rule, double value, double threshold, boolean holds,
                          String condition, String evidence) {
}
