package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.FeatureType;

/**
 * A feature whose values cannot be compared: in only one of the profiles, or of differing types in
 * baseline and current. Only its counts and rates are.
 *
 * @param type the baseline's type, or the current one's when the baseline has none
 */
public record UnpairedComparison(FeatureType type, FeatureCounts counts) implements FeatureComparison {
}
