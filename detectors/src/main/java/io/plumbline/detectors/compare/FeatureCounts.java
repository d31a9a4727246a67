package io.plumbline.detectors.compare;

/**
 * What every comparison holds, whatever the type: the sample sizes, and the missing and type-mismatch
 * counts and the change of their rates.
 *
 * @param missingRate current missing rate − baseline missing rate, and the two-proportion test of it
 * @param typeMismatchRate current type-mismatch rate − baseline type-mismatch rate, and its test
 */
public record FeatureCounts(long nBaseline, long nCurrent, long missingCurrent, long typeMismatchCurrent,
                            TestedStatistic missingRate, TestedStatistic typeMismatchRate) {
}
