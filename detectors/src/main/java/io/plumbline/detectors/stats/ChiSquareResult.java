package io.plumbline.detectors.stats;

/**
 * A chi-square test of homogeneity between two categorical samples: its p-value, and the largest
 * change of any category's share (the effect size a rule can require beside significance). NaN both
 * when either sample is empty.
 */
public record ChiSquareResult(double pValue, double maxShareChange) {
}
