package io.plumbline.detectors.stats;

/**
 * A two-proportion test: the baseline and current rates, their difference (current − baseline) and the
 * two-sided p-value. A side without events has a NaN rate, and then difference and p-value are NaN too.
 */
public record ProportionResult(double baselineRate, double currentRate, double difference, double pValue) {
}
