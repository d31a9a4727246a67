package io.plumbline.monitor.drift;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.schemas.event.PredictionRecord;

/**
 * Events of one (model, version) and pane, profiled before the keyed stage that fixes each feature's type
 * has seen them: the pre-aggregated record that crosses the shuffle in place of the events. It cannot know
 * the types, so it keeps each value as what it is, a number in {@link #numbers}, a category in
 * {@link #categories}, and remembers which kind came first; {@link #mergeInto} then does what
 * {@link ProfileRecorder#record} would have done event by event: values of the fixed type are merged, those
 * of the other count as type mismatches, those of features without a slot are dropped and counted.
 *
 * <p>Where the result can differ from recording event by event: a value of no supported type (a JSON array
 * or object) that came before the feature's first typed value counts as a type mismatch, not as missing; a
 * feature's first kind is the first in this partial, not in the key's whole stream; categorical sketches
 * past their K, and t-digests past their exact values, are merged rather than updated value by value.
 * A partial keeps at most {@code maxFeatures} + {@value FeatureTypes#CANDIDATES} features (enough for every
 * slot and every candidate for one); values of further features are counted as dropped.
 */
public final class PartialProfile {

    private final ModelProfile numbers;
    private final ModelProfile categories;
    /** Each feature's first kind in this partial, and the prediction's; its slots bound the features kept. */
    private final FeatureTypes firstKinds;
    private final Map<String, Long> missing;
    /** Values of no supported type: a mismatch once the feature has a type, missing before. */
    private final Map<String, Long> unsupported;
    private long missingPredictions;
    private long unsupportedPredictions;
    private final int maxCategories;

    /**
     * @param maxFeatures {@code features.max-per-model}
     * @param maxCategories {@code features.max-categories}, the K of the categorical sketches it creates
     */
    public PartialProfile(int maxFeatures, int maxCategories) {
        this(new ModelProfile(), new ModelProfile(), new FeatureTypes(maxFeatures + FeatureTypes.CANDIDATES),
                new HashMap<>(), new HashMap<>(), 0, 0, maxCategories);
    }

    private PartialProfile(ModelProfile numbers, ModelProfile categories, FeatureTypes firstKinds,
                           Map<String, Long> missing, Map<String, Long> unsupported, long missingPredictions,
                           long unsupportedPredictions, int maxCategories) {
        this.numbers = numbers;
        this.categories = categories;
        this.firstKinds = firstKinds;
        this.missing = missing;
        this.unsupported = unsupported;
        this.missingPredictions = missingPredictions;
        this.unsupportedPredictions = unsupportedPredictions;
        this.maxCategories = maxCategories;
    }

    /**
     * A partial of these parts, adopting them, as a serializer reads it back; throws IllegalArgumentException
     * for parts no partial can hold.
     */
    public static PartialProfile of(ModelProfile numbers, ModelProfile categories, FeatureTypes firstKinds,
                                    Map<String, Long> missing, Map<String, Long> unsupported,
                                    long missingPredictions, long unsupportedPredictions, int maxCategories) {
        Objects.requireNonNull(numbers, "numbers");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(firstKinds, "firstKinds");
        for (FeatureSketch sketch : numbers.features().values()) {
            require(sketch instanceof NumericSketch, "a categorical sketch among the numbers");
        }
        for (FeatureSketch sketch : categories.features().values()) {
            require(sketch instanceof CategoricalSketch, "a numeric sketch among the categories");
        }
        require(numbers.prediction() == null || numbers.prediction() instanceof NumericSketch,
                "a categorical prediction among the numbers");
        require(categories.prediction() == null || categories.prediction() instanceof CategoricalSketch,
                "a numeric prediction among the categories");
        require(missingPredictions >= 0 && unsupportedPredictions >= 0, "a negative prediction count");
        require(maxCategories >= 1, "max categories " + maxCategories);
        requireCounts(missing);
        requireCounts(unsupported);
        return new PartialProfile(numbers, categories, firstKinds, new HashMap<>(missing), new HashMap<>(unsupported),
                missingPredictions, unsupportedPredictions, maxCategories);
    }

    private static void requireCounts(Map<String, Long> counts) {
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            require(e.getKey() != null && e.getValue() != null && e.getValue() > 0,
                    "count " + e.getValue() + " for feature '" + e.getKey() + "'");
        }
    }

    private static void require(boolean valid, String what) {
        if (!valid) {
            throw new IllegalArgumentException("invalid partial profile: " + what);
        }
    }

    /** Adds one event, each value as the kind it is. */
    public void record(PredictionRecord event) {
        numbers.countEvent();
        for (int i = 0, n = event.featureCount(); i < n; i++) {
            String name = event.featureName(i);
            switch (event.featureKind(i)) {
                case NUMBER -> {
                    if (firstKinds.resolve(name, FeatureType.NUMERIC) != null) {
                        numbers.numericFeature(name).add(event.number(i));
                    }
                }
                case CATEGORY -> {
                    if (firstKinds.resolve(name, FeatureType.CATEGORICAL) != null) {
                        categories.categoricalFeature(name, maxCategories).add(event.category(i));
                    }
                }
                case MISSING -> count(missing, name);
                case UNSUPPORTED -> count(unsupported, name);
            }
        }
        switch (event.predictionKind()) {
            case NUMBER -> {
                firstKinds.predictionType(FeatureType.NUMERIC);
                numbers.numericPrediction().add(event.predictionNumber());
            }
            case CATEGORY -> {
                firstKinds.predictionType(FeatureType.CATEGORICAL);
                categories.categoricalPrediction(maxCategories).add(event.predictionCategory());
            }
            case MISSING -> missingPredictions++;
            case UNSUPPORTED -> unsupportedPredictions++;
        }
    }

    /** Counts a value without a sketch; a feature that can no longer take a slot here is dropped instead. */
    private void count(Map<String, Long> counts, String name) {
        if (firstKinds.mayType(name) && (counts.size() < firstKinds.maxFeatures() || counts.containsKey(name))) {
            counts.merge(name, 1L, Long::sum);
        }
    }

    /**
     * Adds this partial to a pane of the keyed stage, whose {@code types} fix each feature's type (and are
     * updated as the partial's events would have updated them); the partial is left as it was.
     *
     * @return the values this partial pushed into "other" of the pane's categorical sketches
     */
    public long mergeInto(ModelProfile pane, FeatureTypes types) {
        long events = numbers.events();
        pane.countEvents(events);
        types.countEvents(events);
        types.countDropped(firstKinds.droppedFeatureValues());
        long pushedToOther = 0;
        for (Map.Entry<String, FeatureType> first : firstKinds.types().entrySet()) {
            String name = first.getKey();
            FeatureSketch asNumbers = numbers.feature(name);
            FeatureSketch asCategories = categories.feature(name);
            FeatureType type = types.resolve(name, first.getValue(), countOf(asNumbers) + countOf(asCategories));
            if (type == FeatureType.NUMERIC) {
                mergeNumbers(pane.numericFeature(name), asNumbers, asCategories);
            } else if (type == FeatureType.CATEGORICAL) {
                pushedToOther += mergeCategories(pane.categoricalFeature(name, maxCategories), asCategories, asNumbers);
            }
        }
        for (Map.Entry<String, Long> e : missing.entrySet()) {
            FeatureSketch sketch = sketchOf(pane, types.typeOf(e.getKey()), e.getKey());
            if (sketch != null) {
                sketch.addMissing(e.getValue());
            } else if (types.mayType(e.getKey())) {
                pane.addMissing(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Long> e : unsupported.entrySet()) {
            FeatureSketch sketch = sketchOf(pane, types.typeOf(e.getKey()), e.getKey());
            if (sketch != null) {
                sketch.addTypeMismatches(e.getValue());
            } else if (types.mayType(e.getKey())) {
                pane.addMissing(e.getKey(), e.getValue());
            }
        }
        return pushedToOther + mergePrediction(pane, types);
    }

    private long mergePrediction(ModelProfile pane, FeatureTypes types) {
        long pushedToOther = 0;
        FeatureType first = firstKinds.predictionType();
        if (first != null) {
            if (types.predictionType(first) == FeatureType.NUMERIC) {
                mergeNumbers(pane.numericPrediction(), numbers.prediction(), categories.prediction());
            } else {
                pushedToOther = mergeCategories(pane.categoricalPrediction(maxCategories), categories.prediction(),
                        numbers.prediction());
            }
        }
        if (unsupportedPredictions > 0) {
            FeatureType type = types.predictionType();
            if (type == FeatureType.NUMERIC) {
                pane.numericPrediction().addTypeMismatches(unsupportedPredictions);
            } else if (type == FeatureType.CATEGORICAL) {
                pane.categoricalPrediction(maxCategories).addTypeMismatches(unsupportedPredictions);
            } else {
                pane.addMissingPredictions(unsupportedPredictions);
            }
        }
        pane.addMissingPredictions(missingPredictions);
        return pushedToOther;
    }

    private static void mergeNumbers(NumericSketch into, FeatureSketch values, FeatureSketch otherKind) {
        if (values != null) {
            into.merge((NumericSketch) values);
        }
        into.addTypeMismatches(countOf(otherKind));
    }

    /** @return the values the merge pushed into "other" */
    private static long mergeCategories(CategoricalSketch into, FeatureSketch values, FeatureSketch otherKind) {
        long other = into.otherCount();
        if (values != null) {
            into.merge((CategoricalSketch) values);
        }
        into.addTypeMismatches(countOf(otherKind));
        return into.otherCount() - other;
    }

    private FeatureSketch sketchOf(ModelProfile pane, FeatureType type, String name) {
        if (type == null) {
            return null;
        }
        return type == FeatureType.NUMERIC ? pane.numericFeature(name) : pane.categoricalFeature(name, maxCategories);
    }

    private static long countOf(FeatureSketch sketch) {
        return sketch == null ? 0 : sketch.count();
    }

    public long events() {
        return numbers.events();
    }

    /** The numbers, each feature's and the prediction's: read-only, for a serializer. */
    public ModelProfile numbers() {
        return numbers;
    }

    /** The categories, each feature's and the prediction's: read-only, for a serializer. */
    public ModelProfile categories() {
        return categories;
    }

    /** Each feature's first kind and the prediction's, and the values dropped: read-only, for a serializer. */
    public FeatureTypes firstKinds() {
        return firstKinds;
    }

    public Map<String, Long> missing() {
        return Collections.unmodifiableMap(missing);
    }

    public Map<String, Long> unsupported() {
        return Collections.unmodifiableMap(unsupported);
    }

    public long missingPredictions() {
        return missingPredictions;
    }

    public long unsupportedPredictions() {
        return unsupportedPredictions;
    }

    public int maxCategories() {
        return maxCategories;
    }
}
