package io.plumbline.detectors.compare;

import java.util.List;

/** Every feature's comparison, sorted by feature name, and the prediction's (null when neither profile has one). */
public record ProfileComparison(List<FeatureComparison> features, FeatureComparison prediction) {

    public ProfileComparison {
        features = List.copyOf(features);
    }
}
