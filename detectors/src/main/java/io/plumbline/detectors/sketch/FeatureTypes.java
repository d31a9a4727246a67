package io.plumbline.detectors.sketch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The fixed type of each feature, and of the prediction, of one (model, version): fixed by the first
 * non-missing value, so a later value of the other type is a type mismatch, not a second sketch. At most
 * {@code maxFeatures} features are typed, which bounds the state a misbehaving producer can create; values
 * of further features are dropped and counted.
 *
 * <p>Slots go by evidence, not by arrival, so that one event with a thousand junk names cannot keep a
 * model's real features out for good:
 * <ul>
 *   <li>While there are free slots, a feature takes one on its first value.
 *   <li>Once they are all taken, each dropped feature is a candidate, its events counted (the
 *       {@value #CANDIDATES} with the most evidence are kept, Misra–Gries style, so the count is bounded
 *       whatever a producer sends). When a window closes, {@link #rebalance} gives the slots of features
 *       seen in fewer than a minimum share of that window's events to the candidates seen in at least that
 *       share since the last close, most evidence first.
 *   <li>Types taken from a published reference baseline are {@linkplain #authoritative() authoritative}:
 *       the reference lists the model's features, so no other feature takes a slot, however often sent.
 * </ul>
 */
public final class FeatureTypes {
    public static final int DEFAULT_MAX_FEATURES = 1000;
    /** Candidates counted at once: more than a model's real features that could be out at one time. */
    public static final int CANDIDATES = 64;

    private final int maxFeatures;
    private final Map<String, FeatureType> types = new HashMap<>();
    private FeatureType predictionType;
    private long droppedFeatureValues;
    private boolean authoritative;
    /*
     * The evidence below is counted between two window closes. Format version 3 keeps it, so a state
     * backend that writes the types back after each event (RocksDB), or copies them while a snapshot runs,
     * loses none of it.
     */
    /** Features without a slot, since the last rebalance: their type and the events they came in. */
    private final Map<String, Tally> candidates = new HashMap<>();
    private long droppedSinceRebalance;
    private long eventsSinceRebalance;

    /** A feature without a slot: the type of its first value, and its events since the last rebalance. */
    public record Candidate(FeatureType type, long events) {
    }

    /** A candidate's count, updated in place: a dropped value must not allocate. */
    private static final class Tally {
        private final FeatureType type;
        private long events;

        Tally(FeatureType type, long events) {
            this.type = type;
            this.events = events;
        }
    }

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
     * Sets the evidence counted since the last rebalance, as {@link #of} leaves it empty: a restore's; throws
     * IllegalArgumentException for evidence no instance can hold.
     */
    public void restoreEvidence(long events, long droppedSince, Map<String, Candidate> restored) {
        if (events < 0 || droppedSince < 0 || droppedSince > droppedFeatureValues) {
            throw new IllegalArgumentException("invalid feature types: " + events + " events and " + droppedSince
                    + " dropped values since the last rebalance, of " + droppedFeatureValues + " dropped");
        }
        if (restored.size() > CANDIDATES || authoritative && !restored.isEmpty()) {
            throw new IllegalArgumentException("invalid feature types: " + restored.size() + " candidates"
                    + (authoritative ? " beside authoritative types" : ", more than " + CANDIDATES));
        }
        candidates.clear();
        for (Map.Entry<String, Candidate> e : restored.entrySet()) {
            if (e.getKey() == null || e.getValue().type() == null || e.getValue().events() <= 0
                    || types.containsKey(e.getKey())) {
                throw new IllegalArgumentException("invalid feature types: candidate '" + e.getKey() + "' "
                        + e.getValue() + (types.containsKey(e.getKey()) ? " has a slot" : ""));
            }
            candidates.put(e.getKey(), new Tally(e.getValue().type(), e.getValue().events()));
        }
        eventsSinceRebalance = events;
        droppedSinceRebalance = droppedSince;
    }

    /** From now on no feature but those typed takes a slot: they are a published reference's. */
    public void makeAuthoritative() {
        authoritative = true;
        candidates.clear();
    }

    /** Counts an event, the measure of every feature's share. */
    public void countEvent() {
        eventsSinceRebalance++;
    }

    /** Counts {@code n} events at once: a partial profile's. */
    public void countEvents(long n) {
        eventsSinceRebalance += n;
    }

    /** Counts {@code n} values dropped before they got here: a partial profile had no slot for them. */
    public void countDropped(long n) {
        droppedFeatureValues += n;
        droppedSinceRebalance += n;
    }

    /**
     * The feature's type: fixed to {@code observed} on its first call while a slot is free; null when the
     * feature has no slot, in which case the value is counted as dropped and the feature as a candidate.
     */
    public FeatureType resolve(String feature, FeatureType observed) {
        return resolve(feature, observed, 1);
    }

    /**
     * As {@link #resolve(String, FeatureType)} for {@code values} values of the feature at once, the first
     * of them of the type {@code observed}: a partial profile's.
     */
    public FeatureType resolve(String feature, FeatureType observed, long values) {
        FeatureType fixed = types.get(feature);
        if (fixed != null) {
            return fixed;
        }
        if (!authoritative && types.size() < maxFeatures) {
            types.put(feature, observed);
            return observed;
        }
        countDropped(values);
        if (!authoritative) {
            candidate(feature, observed, values);
        }
        return null;
    }

    /** Whether a feature without a type may still take one: missing values of it are worth keeping. */
    public boolean mayType(String feature) {
        return types.containsKey(feature) || !authoritative && types.size() < maxFeatures;
    }

    private void candidate(String feature, FeatureType observed, long events) {
        Tally seen = candidates.get(feature);
        if (seen != null) {
            seen.events += events;
        } else if (candidates.size() < CANDIDATES) {
            candidates.put(feature, new Tally(observed, events));
        } else {
            // Misra–Gries: a newcomer costs every candidate as many events as it brings, and those left with
            // none make room, so names sent once each never crowd out a feature sent with every event.
            candidates.values().removeIf(c -> (c.events -= events) <= 0);
        }
    }

    /**
     * When a window closes: if features were dropped since the last time, the slots of features seen in fewer
     * than {@code minShare} of the window's {@code events} go to candidates seen in at least {@code minShare}
     * of the events since then, one for one, the strongest candidate first and the weakest feature first.
     * Then the counts since the last rebalance start over.
     *
     * @param seen the events of the window a typed feature was seen in (with a value, missing, or mismatched)
     * @return the features that lost their slot
     */
    public List<String> rebalance(ToLongFunction<String> seen, long events, double minShare) {
        List<String> evicted = new ArrayList<>();
        if (!candidates.isEmpty() && events > 0 && eventsSinceRebalance > 0) {
            List<Map.Entry<String, Tally>> strong = candidates.entrySet().stream()
                    .filter(c -> c.getValue().events >= minShare * eventsSinceRebalance)
                    .sorted(Comparator.comparingLong((Map.Entry<String, Tally> c) -> -c.getValue().events)
                            .thenComparing(Map.Entry::getKey))
                    .toList();
            List<String> weak = types.keySet().stream()
                    .filter(f -> seen.applyAsLong(f) < minShare * events)
                    .sorted(Comparator.comparingLong(seen::applyAsLong).thenComparing(f -> f))
                    .toList();
            for (int i = 0; i < strong.size(); i++) {
                if (types.size() >= maxFeatures) {
                    if (i >= weak.size()) {
                        break;
                    }
                    types.remove(weak.get(i));
                    evicted.add(weak.get(i));
                }
                types.put(strong.get(i).getKey(), strong.get(i).getValue().type);
            }
        }
        candidates.clear();
        droppedSinceRebalance = 0;
        eventsSinceRebalance = 0;
        return evicted;
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

    /** Values dropped since the model version started. */
    public long droppedFeatureValues() {
        return droppedFeatureValues;
    }

    public boolean isAuthoritative() {
        return authoritative;
    }

    /** The features without a slot since the last rebalance, at most {@value #CANDIDATES}, sorted by name. */
    public SortedMap<String, Candidate> candidates() {
        SortedMap<String, Candidate> copy = new TreeMap<>();
        candidates.forEach((name, c) -> copy.put(name, new Candidate(c.type, c.events)));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Values dropped since the last rebalance. */
    public long droppedSinceRebalance() {
        return droppedSinceRebalance;
    }

    /** Events counted since the last rebalance. */
    public long eventsSinceRebalance() {
        return eventsSinceRebalance;
    }
}
