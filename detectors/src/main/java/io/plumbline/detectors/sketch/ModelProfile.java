package io.plumbline.detectors.sketch;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every feature's sketch and the prediction's sketch of one (model, version) over one window, pane or
 * baseline: the unit a keyed stage updates in place, and the unit that crosses a shuffle when partial
 * profiles are pre-aggregated. A missing value of a feature whose type is not known yet is remembered
 * and folded into the feature's sketch when the first typed value creates it.
 */
public final class ModelProfile {
    private long events;
    /** Hashed for the per-event lookups; {@link #sorted} holds the same sketches in name order. */
    private final Map<String, FeatureSketch> byName = new HashMap<>();
    private final SortedMap<String, FeatureSketch> sorted = new TreeMap<>();
    private final Map<String, Long> untypedMissing = new HashMap<>();
    private FeatureSketch prediction;
    private long untypedPredictionMissing;

    public ModelProfile() {
    }

    /**
     * A profile of these parts, adopting (not copying) the sketches; throws IllegalArgumentException for
     * parts no profile can hold.
     */
    public static ModelProfile of(long events, Map<String, ? extends FeatureSketch> features, FeatureSketch prediction,
                                  Map<String, Long> untypedMissing, long untypedPredictionMissing) {
        if (events < 0 || untypedPredictionMissing < 0) {
            throw new IllegalArgumentException("invalid model profile: negative event or missing-prediction count");
        }
        if (prediction != null && untypedPredictionMissing != 0) {
            throw new IllegalArgumentException("invalid model profile: untyped missing predictions beside a prediction sketch");
        }
        ModelProfile profile = new ModelProfile();
        profile.events = events;
        for (Map.Entry<String, ? extends FeatureSketch> e : features.entrySet()) {
            profile.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Long> e : untypedMissing.entrySet()) {
            if (profile.byName.containsKey(e.getKey()) || e.getValue() <= 0) {
                throw new IllegalArgumentException("invalid model profile: untyped missing count " + e.getValue()
                        + " for feature '" + e.getKey() + "'" + (profile.byName.containsKey(e.getKey()) ? ", which has a sketch" : ""));
            }
            profile.untypedMissing.put(e.getKey(), e.getValue());
        }
        profile.prediction = prediction;
        profile.untypedPredictionMissing = untypedPredictionMissing;
        return profile;
    }

    public void countEvent() {
        events++;
    }

    /** Counts {@code n} events at once: a partial profile's, merged sketch by sketch. */
    public void countEvents(long n) {
        events += n;
    }

    public long events() {
        return events;
    }

    /** The feature's numeric sketch, created if absent; IllegalStateException if the feature is categorical. */
    public NumericSketch numericFeature(String name) {
        FeatureSketch sketch = byName.get(name);
        if (sketch == null) {
            NumericSketch created = new NumericSketch();
            create(name, created);
            return created;
        }
        if (sketch instanceof NumericSketch numeric) {
            return numeric;
        }
        throw new IllegalStateException("feature '" + name + "' is categorical, not numeric");
    }

    /** The feature's categorical sketch, created with the default K if absent; IllegalStateException if the feature is numeric. */
    public CategoricalSketch categoricalFeature(String name) {
        return categoricalFeature(name, CategoricalSketch.DEFAULT_MAX_DISTINCT);
    }

    /**
     * The feature's categorical sketch, created naming up to {@code maxDistinct} categories if absent (an existing
     * one keeps its K); IllegalStateException if the feature is numeric.
     */
    public CategoricalSketch categoricalFeature(String name, int maxDistinct) {
        FeatureSketch sketch = byName.get(name);
        if (sketch == null) {
            CategoricalSketch created = new CategoricalSketch(maxDistinct);
            create(name, created);
            return created;
        }
        if (sketch instanceof CategoricalSketch categorical) {
            return categorical;
        }
        throw new IllegalStateException("feature '" + name + "' is numeric, not categorical");
    }

    /** Counts a missing value of a feature, whether or not its type is known yet. */
    public void addMissing(String name) {
        addMissing(name, 1);
    }

    /** Counts {@code n} missing values of a feature, whether or not its type is known yet. */
    public void addMissing(String name, long n) {
        FeatureSketch sketch = byName.get(name);
        if (sketch != null) {
            sketch.addMissing(n);
        } else {
            untypedMissing.merge(name, n, Long::sum);
        }
    }

    /** The feature's sketch; null if it has none. */
    public FeatureSketch feature(String name) {
        return byName.get(name);
    }

    /** Read-only view of the features' sketches, sorted by name. */
    public SortedMap<String, FeatureSketch> features() {
        return Collections.unmodifiableSortedMap(sorted);
    }

    /** Missing values of a feature that has no sketch yet (0 once it has one: they moved into the sketch). */
    public long untypedMissing(String name) {
        return untypedMissing.getOrDefault(name, 0L);
    }

    /** Missing values of features without a sketch, sorted by name (a copy). */
    public SortedMap<String, Long> untypedMissing() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(untypedMissing));
    }

    public NumericSketch numericPrediction() {
        if (prediction == null) {
            NumericSketch created = new NumericSketch();
            createPrediction(created);
            return created;
        }
        if (prediction instanceof NumericSketch numeric) {
            return numeric;
        }
        throw new IllegalStateException("the prediction is categorical, not numeric");
    }

    public CategoricalSketch categoricalPrediction() {
        return categoricalPrediction(CategoricalSketch.DEFAULT_MAX_DISTINCT);
    }

    /** The prediction's categorical sketch, created naming up to {@code maxDistinct} categories if absent. */
    public CategoricalSketch categoricalPrediction(int maxDistinct) {
        if (prediction == null) {
            CategoricalSketch created = new CategoricalSketch(maxDistinct);
            createPrediction(created);
            return created;
        }
        if (prediction instanceof CategoricalSketch categorical) {
            return categorical;
        }
        throw new IllegalStateException("the prediction is numeric, not categorical");
    }

    public void addMissingPrediction() {
        addMissingPredictions(1);
    }

    /** Counts {@code n} missing predictions at once. */
    public void addMissingPredictions(long n) {
        if (prediction != null) {
            prediction.addMissing(n);
        } else {
            untypedPredictionMissing += n;
        }
    }

    /** The prediction's sketch; null if none. */
    public FeatureSketch prediction() {
        return prediction;
    }

    /** Missing predictions counted before the prediction had a sketch. */
    public long untypedPredictionMissing() {
        return untypedPredictionMissing;
    }

    /**
     * Adds {@code other} to this profile, which is left as it was. A feature typed differently in the two
     * keeps this profile's type, and the other's values of it count as type mismatches, as they would
     * have had they arrived here one by one.
     */
    public void merge(ModelProfile other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a profile into itself");
        }
        events += other.events;
        for (Map.Entry<String, FeatureSketch> e : other.sorted.entrySet()) {
            FeatureSketch mine = byName.get(e.getKey());
            if (mine == null) {
                create(e.getKey(), copyOf(e.getValue()));
            } else {
                mergeInto(mine, e.getValue());
            }
        }
        for (Map.Entry<String, Long> e : other.untypedMissing.entrySet()) {
            FeatureSketch mine = byName.get(e.getKey());
            if (mine != null) {
                mine.addMissing(e.getValue());
            } else {
                untypedMissing.merge(e.getKey(), e.getValue(), Long::sum);
            }
        }
        if (other.prediction != null) {
            if (prediction == null) {
                createPrediction(copyOf(other.prediction));
            } else {
                mergeInto(prediction, other.prediction);
            }
        }
        if (prediction != null) {
            prediction.addMissing(other.untypedPredictionMissing);
        } else {
            untypedPredictionMissing += other.untypedPredictionMissing;
        }
    }

    private void create(String name, FeatureSketch sketch) {
        Long pending = untypedMissing.remove(name);
        if (pending != null) {
            sketch.addMissing(pending);
        }
        put(name, sketch);
    }

    private void put(String name, FeatureSketch sketch) {
        if (name == null || sketch == null) {
            throw new IllegalArgumentException("a feature needs a name and a sketch");
        }
        byName.put(name, sketch);
        sorted.put(name, sketch);
    }

    private void createPrediction(FeatureSketch sketch) {
        sketch.addMissing(untypedPredictionMissing);
        untypedPredictionMissing = 0;
        prediction = sketch;
    }

    private static FeatureSketch copyOf(FeatureSketch sketch) {
        if (sketch instanceof NumericSketch numeric) {
            NumericSketch copy = new NumericSketch();
            copy.merge(numeric);
            return copy;
        }
        CategoricalSketch categorical = (CategoricalSketch) sketch;
        CategoricalSketch copy = new CategoricalSketch(categorical.maxDistinct());
        copy.merge(categorical);
        return copy;
    }

    private static void mergeInto(FeatureSketch mine, FeatureSketch theirs) {
        if (mine instanceof NumericSketch numeric && theirs instanceof NumericSketch other) {
            numeric.merge(other);
        } else if (mine instanceof CategoricalSketch categorical && theirs instanceof CategoricalSketch other) {
            categorical.merge(other);
        } else {
            mine.addTypeMismatches(theirs.count() + theirs.typeMismatches());
            mine.addMissing(theirs.missing());
        }
    }

}
