package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.FeatureType;

/**
 * A feature's (or the prediction's) current window against its baseline: the statistics of the type it
 * was compared as, each in a named field of that type's record. A statistic that cannot be computed (an
 * empty sample) is NaN.
 *
 * <p>A numeric feature whose baseline holds at most {@link ProfileComparator#LOW_CARDINALITY} distinct
 * values (a flag, a rating) is compared as categorical: its statistics are then PSI, chi-square and
 * Jensen-Shannon over its levels, which is what a distance between step functions of five values would only
 * approximate. A type forced by configuration wins over that rule ({@link ForcedTypes}).
 */
public sealed interface FeatureComparison permits NumericComparison, CategoricalComparison, UnpairedComparison {

    /** The type compared, which the drift records report. */
    FeatureType type();

    /** Sizes, and the rates every type has. */
    FeatureCounts counts();
}
