package io.plumbline.detectors.compare;

/**
 * A statistic and the p-value of a test of "no drift" on the same data; either NaN when it cannot be
 * computed.
 */
public record TestedStatistic(double value, double pValue) {

    public static final TestedStatistic NONE = new TestedStatistic(Double.NaN, Double.NaN);
}
