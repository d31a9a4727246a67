package io.plumbline.monitor.drift;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.schemas.event.PredictionRecord;
import java.io.Serializable;

/**
 * Adds one event to a window's profile. Each feature's type, and the prediction's, is fixed by its
 * first non-missing value for the (model, version), in {@code types}: a later value of the other
 * type, or of no supported type (a JSON array or object), is counted as a type mismatch of that
 * feature, not as a second sketch. Features without a slot in {@code types} are dropped (and counted
 * there, as candidates for a slot), which bounds the state one misbehaving producer can create.
 * Each categorical sketch it creates, the prediction's included, names {@code maxCategories} categories
 * ({@code features.max-categories}).
 */
public final class ProfileRecorder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxCategories;

    /** @param maxCategories K of the categorical sketches it creates */
    public ProfileRecorder(int maxCategories) {
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1, got " + maxCategories);
        }
        this.maxCategories = maxCategories;
    }

    /**
     * @return the values this event pushed into "other" of a categorical sketch naming {@code maxCategories}
     *     categories already: a new category takes the lightest one's slot, and its values go to "other"
     */
    public long record(PredictionRecord event, ModelProfile window, FeatureTypes types) {
        return record(event, window, types, true);
    }

    /**
     * Adds an event that {@link #record} has just added to another profile to a second one, such as a warmup
     * baseline: the types are read, not fixed again, so the event and its dropped values count once.
     */
    public void recordAgain(PredictionRecord event, ModelProfile window, FeatureTypes types) {
        record(event, window, types, false);
    }

    private long record(PredictionRecord event, ModelProfile window, FeatureTypes types, boolean first) {
        long pushedToOther = 0;
        window.countEvent();
        if (first) {
            types.countEvent();
        }
        for (int i = 0, n = event.featureCount(); i < n; i++) {
            String name = event.featureName(i);
            switch (event.featureKind(i)) {
                case NUMBER -> {
                    FeatureType type = first ? types.resolve(name, FeatureType.NUMERIC) : types.typeOf(name);
                    if (type == FeatureType.NUMERIC) {
                        window.numericFeature(name).add(event.number(i));
                    } else if (type != null) {
                        feature(window, name, type).addTypeMismatch();
                    }
                }
                case CATEGORY -> {
                    FeatureType type = first ? types.resolve(name, FeatureType.CATEGORICAL) : types.typeOf(name);
                    if (type == FeatureType.CATEGORICAL) {
                        pushedToOther += add(window.categoricalFeature(name, maxCategories), event.category(i));
                    } else if (type != null) {
                        feature(window, name, type).addTypeMismatch();
                    }
                }
                case MISSING -> missing(window, types, name);
                case UNSUPPORTED -> {
                    FeatureType type = types.typeOf(name);
                    if (type != null) {
                        feature(window, name, type).addTypeMismatch();
                    } else {
                        // no type to mismatch yet, and no value a sketch could use
                        missing(window, types, name);
                    }
                }
            }
        }
        return pushedToOther + recordPrediction(event, window, types);
    }

    /** @return the values of other categories the prediction pushed into "other" */
    private long recordPrediction(PredictionRecord event, ModelProfile window, FeatureTypes types) {
        switch (event.predictionKind()) {
            case NUMBER -> {
                if (types.predictionType(FeatureType.NUMERIC) == FeatureType.NUMERIC) {
                    window.numericPrediction().add(event.predictionNumber());
                } else {
                    window.categoricalPrediction(maxCategories).addTypeMismatch();
                }
            }
            case CATEGORY -> {
                if (types.predictionType(FeatureType.CATEGORICAL) == FeatureType.CATEGORICAL) {
                    return add(window.categoricalPrediction(maxCategories), event.predictionCategory());
                } else {
                    window.numericPrediction().addTypeMismatch();
                }
            }
            case MISSING -> window.addMissingPrediction();
            case UNSUPPORTED -> {
                FeatureType type = types.predictionType();
                if (type == FeatureType.NUMERIC) {
                    window.numericPrediction().addTypeMismatch();
                } else if (type == FeatureType.CATEGORICAL) {
                    window.categoricalPrediction(maxCategories).addTypeMismatch();
                } else {
                    window.addMissingPrediction();
                }
            }
        }
        return 0;
    }

    /** Adds the value; returns how many values that pushed into "other". */
    private static long add(CategoricalSketch sketch, String category) {
        long other = sketch.otherCount();
        sketch.add(category);
        return sketch.otherCount() - other;
    }

    /**
     * A missing value of a feature not typed yet is remembered by name until its type is known;
     * once the feature can no longer take a slot, new names are dropped instead.
     */
    private static void missing(ModelProfile window, FeatureTypes types, String name) {
        if (types.mayType(name)) {
            window.addMissing(name);
        }
    }

    private FeatureSketch feature(ModelProfile window, String name, FeatureType type) {
        return type == FeatureType.NUMERIC ? window.numericFeature(name) : window.categoricalFeature(name, maxCategories);
    }
}
