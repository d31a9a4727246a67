package io.plumbline.detectors.sketch;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fixed type of each feature, and of the prediction, of one (model, version): fixed by the first
 * non-missing value, so a later value of the other type is a type mismatch, not a second sketch. At most
 * {@code maxFeatures} features are typed; values of further features are counted as dropped, which
 * bounds the state a misbehaving producer can create.
 */
public final class FeatureTypes {
    public static final int DEFAULT_MAX_FEATURES = 1000;

    private final int maxFeatures;
    private final Map<String, FeatureType> types = new HashMap<>();
    private FeatureType predictionType;
    private long droppedFeatureValues;

    public FeatureTypes() {
        this(DEFAULT_MAX_FEATURES);
    }

    public FeatureTypes(int maxFeatures) {
        if (maxFeatures < 0) {
            throw new IllegalArgumentException("maxFeatures must not be negative, got " + maxFeatures);
        }
        this.maxFeatures = maxFeatures;
    }

    /** Types rebuilt from their parts; throws IllegalArgumentException for parts no instance can hold. */
    public static FeatureTypes of(int maxFeatures, Map<String, FeatureType> types, FeatureType predictionType,
                                  long droppedFeatureValues) {
        FeatureTypes restored = new FeatureTypes(maxFeatures);
        if (types.size() > maxFeatures) {
            throw new IllegalArgumentException(
                    "invalid feature types: " + types.size() + " features exceed the limit of " + maxFeatures);
        }
        if (droppedFeatureValues < 0) {
            throw new IllegalArgumentException("invalid feature types: negative dropped count " + droppedFeatureValues);
        }
        for (Map.Entry<String, FeatureType> e : types.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("invalid feature types: a null feature name or type");
            }
            restored.types.put(e.getKey(), e.getValue());
        }
        restored.predictionType = predictionType;
        restored.droppedFeatureValues = droppedFeatureValues;
        return restored;
    }

    /**
     * The feature's type: fixed to {@code observed} on its first call; null when the feature is new and
     * the limit is reached, in which case the value is counted as dropped.
     */
    public FeatureType resolve(String feature, FeatureType observed) {
        FeatureType fixed = types.get(feature);
        if (fixed != null) {
            return fixed;
        }
        if (types.size() >= maxFeatures) {
            droppedFeatureValues++;
            return null;
        }
        types.put(feature, observed);
        return observed;
    }

    /** The prediction's type: fixed to {@code observed} on the first call. */
    public FeatureType predictionType(FeatureType observed) {
        if (predictionType == null) {
            predictionType = observed;
        }
        return predictionType;
    }

    /** The prediction's fixed type; null before the first prediction. */
    public FeatureType predictionType() {
        return predictionType;
    }

    /** The feature's fixed type; null if it has none. */
    public FeatureType typeOf(String feature) {
        return types.get(feature);
    }

    /** Every typed feature, sorted by name (a copy). */
    public SortedMap<String, FeatureType> types() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(types));
    }

    public int size() {
        return types.size();
    }

    public int maxFeatures() {
        return maxFeatures;
    }

    public long droppedFeatureValues() {
        return droppedFeatureValues;
    }
}
