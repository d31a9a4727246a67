package io.plumbline.detectors.sketch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exact counts of up to K distinct categories (default 100), plus one "other" count for the rest.
 * While a stream has at most K categories the counts are exact and merging is exact and independent of
 * order. Past K, adding keeps the first K categories seen; merging keeps the K heaviest of both (equal
 * counts: the alphabetically first), so a merge is deterministic, though which categories a long stream
 * names depends on its order. Adding does not allocate once a category is known.
 */
public final class CategoricalSketch extends FeatureSketch {
    public static final int DEFAULT_MAX_DISTINCT = 100;

    private final int maxDistinct;
    private final Map<String, Integer> slots = new HashMap<>();
    private String[] names;
    private long[] counts;
    private long other;
    private long total;

    public CategoricalSketch() {
        this(DEFAULT_MAX_DISTINCT);
    }

    /** @param maxDistinct K, the number of categories counted by name */
    public CategoricalSketch(int maxDistinct) {
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("maxDistinct must be at least 1, got " + maxDistinct);
        }
        this.maxDistinct = maxDistinct;
        int initial = Math.min(maxDistinct, 8);
        names = new String[initial];
        counts = new long[initial];
    }

    /**
     * Rebuilds a sketch from its parts (see {@link #counts()}, {@link #otherCount()}, ...); throws
     * IllegalArgumentException for parts no sketch can hold.
     */
    public static CategoricalSketch of(int maxDistinct, Map<String, Long> counts, long other, long missing, long typeMismatches) {
        CategoricalSketch sketch = new CategoricalSketch(maxDistinct);
        if (counts.size() > maxDistinct) {
            throw new IllegalArgumentException(
                    "invalid categorical sketch: " + counts.size() + " categories exceed its limit of " + maxDistinct);
        }
        if (other < 0 || missing < 0 || typeMismatches < 0) {
            throw new IllegalArgumentException("invalid categorical sketch: negative other, missing or type-mismatch count");
        }
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
            if (e.getValue() == null || e.getValue() <= 0) {
                throw new IllegalArgumentException("invalid categorical sketch: category '" + e.getKey() + "' has count " + e.getValue());
            }
            sketch.put(e.getKey(), e.getValue());
            sketch.total += e.getValue();
        }
        sketch.other = other;
        sketch.total += other;
        sketch.addMissing(missing);
        sketch.addTypeMismatches(typeMismatches);
        return sketch;
    }

    @Override
    public FeatureType type() {
        return FeatureType.CATEGORICAL;
    }

    public int maxDistinct() {
        return maxDistinct;
    }

    public void add(String category) {
        Objects.requireNonNull(category, "category");
        total++;
        Integer slot = slots.get(category);
        if (slot != null) {
            counts[slot]++;
        } else if (slots.size() < maxDistinct) {
            put(category, 1);
        } else {
            other++;
        }
    }

    /** Adds {@code other}'s counts to this sketch (keeping this sketch's K); {@code other} is left as it was. */
    public void merge(CategoricalSketch other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a sketch into itself");
        }
        mergeCounts(other);
        total += other.total;
        this.other += other.other;
        List<String> newcomers = new ArrayList<>();
        for (int i = 0; i < other.slots.size(); i++) {
            Integer slot = slots.get(other.names[i]);
            if (slot != null) {
                counts[slot] += other.counts[i];
            } else {
                newcomers.add(other.names[i]);
            }
        }
        if (slots.size() + newcomers.size() <= maxDistinct) {
            for (String name : newcomers) {
                put(name, other.count(name));
            }
        } else {
            keepHeaviest(other, newcomers);
        }
    }

    /** Count of values of this category: 0 if it was never seen, or only after K others (then it is in {@link #otherCount()}). */
    public long count(String category) {
        Integer slot = slots.get(category);
        return slot == null ? 0 : counts[slot];
    }

    /** Values of categories beyond the first K. */
    public long otherCount() {
        return other;
    }

    /** The named categories' counts, sorted by name (a copy). */
    public SortedMap<String, Long> counts() {
        SortedMap<String, Long> copy = new TreeMap<>();
        for (int i = 0; i < slots.size(); i++) {
            copy.put(names[i], counts[i]);
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    @Override
    public long count() {
        return total;
    }


    private void put(String category, long count) {
        int slot = slots.size();
        if (slot == names.length) {
            int grown = Math.min(maxDistinct, 2 * names.length);
            names = Arrays.copyOf(names, grown);
            counts = Arrays.copyOf(counts, grown);
        }
        names[slot] = category;
        counts[slot] = count;
        slots.put(category, slot);
    }

    private void keepHeaviest(CategoricalSketch other, List<String> newcomers) {
        Map<String, Long> all = new HashMap<>(counts());
        for (String name : newcomers) {
            all.put(name, other.count(name));
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(all.entrySet());
        ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        slots.clear();
        names = new String[maxDistinct];
        counts = new long[maxDistinct];
        for (int i = 0; i < ranked.size(); i++) {
            if (i < maxDistinct) {
                put(ranked.get(i).getKey(), ranked.get(i).getValue());
            } else {
                this.other += ranked.get(i).getValue();
            }
        }
    }
}
