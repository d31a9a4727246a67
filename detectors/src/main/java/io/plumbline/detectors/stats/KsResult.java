package io.plumbline.detectors.stats;

/**
 * A two-sample Kolmogorov-Smirnov result: D = sup |F_baseline - F_current|, its p-value P(D ≥ d) under
 * the null hypothesis, and the sample sizes. NaN statistic and p-value when either sample is empty.
 */
public record KsResult(double statistic, double pValue, long n, long m) {
}
