package io.plumbline.detectors.compare;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every feature's comparison by feature name, sorted, and the prediction's (null when neither profile has
 * one). The prediction is no feature: whatever the features are named, it is kept apart.
 */
public record ProfileComparison(Map<String, FeatureComparison> features, FeatureComparison prediction) {

    public ProfileComparison {
        features = Collections.unmodifiableSortedMap(new TreeMap<>(features));
    }
}
