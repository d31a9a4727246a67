package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.FeatureType;
import java.util.function.Function;

/**
 * The types configuration forces on a model's features and its prediction; null where the baseline
 * decides. A numeric feature forced {@link FeatureType#CATEGORICAL} is compared by the levels its sketches
 * count exactly, one forced {@link FeatureType#NUMERIC} as numeric however few its levels. A string feature
 * stays categorical whatever it is forced to, and its comparison says so.
 */
public interface ForcedTypes {

    /** Every type decided by the baseline. */
    ForcedTypes NONE = features(name -> null);

    /** The type forced on the feature named {@code name}, or null. */
    FeatureType feature(String name);

    /** The type forced on the prediction, or null. */
    FeatureType prediction();

    /** The features' types as {@code types} gives them; the prediction's decided by its baseline. */
    static ForcedTypes features(Function<String, FeatureType> types) {
        return new ForcedTypes() {
            @Override
            public FeatureType feature(String name) {
                return types.apply(name);
            }

            @Override
            public FeatureType prediction() {
                return null;
            }
        };
    }
}
