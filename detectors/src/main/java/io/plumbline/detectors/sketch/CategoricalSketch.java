package io.plumbline.detectors.sketch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts of up to K distinct categories by name (default 100), one "other" count for the rest, and past
 * K a {@link DistinctSample} of all the categories.
 *
 * <p>While a stream has at most K categories the counts are exact and merging is exact and independent
 * of order. Past K the sketch keeps the heaviest categories, whatever order they come in (space-saving,
 * Metwally et al. 2005): a new category takes the slot of the lightest named one, whose count goes to
 * "other", and the newcomer carries that slot's weight as a bound on how many of its own values went to
 * "other" before ({@link #uncounted(String)}). Every category of more than 1/K of the values is then
 * named. A name's count is what was counted since it was named, so the named counts and "other" still
 * add up to every value; a name with nothing uncounted is counted exactly ({@link #countsExactly}), and
 * only such counts may be compared with another sketch's by name. Merging keeps the K heaviest of both
 * (equal weights: the alphabetically first), so a merge is deterministic. What "other" holds has no
 * names, so two sketches past K could not tell a stable tail from one wholly replaced: the sample of
 * distinct categories can (see {@link io.plumbline.detectors.stats.UnseenCategories}). It starts when the
 * first value goes to "other", from the named categories, which are all there is until then; before
 * that it is derived from the names when asked for.
 *
 * <p>Cost per value: one map lookup; past K also one hash of the value's UTF-8 bytes (cached for the named
 * categories), a comparison with the sample's largest hash, and a step or two down a heap of the slots by
 * weight; a new category past K also replaces one map entry (the only allocation once past K). Heap, at
 * the default K and bounded whatever the stream: the names' map and arrays about 7 KiB, the sample 8 KiB
 * and the heap 1 KiB once past K, plus the K names' strings (5.6 KiB for names of 15 characters);
 * {@link #estimatedHeapBytes()} has it.
 */
public final class CategoricalSketch extends FeatureSketch {
    public static final int DEFAULT_MAX_DISTINCT = 100;

    private final int maxDistinct;
    private final Map<String, Integer> slots = new HashMap<>();
    private String[] names;
    /** Each name's values counted since it was named. */
    private long[] counts;
    /** Each name's bound on its values that went to "other" before it was named: 0 when named from its first value. */
    private long[] uncounted;
    /** Each name's {@link CategoryHash}, so the sample is kept without hashing a known category again. */
    private long[] hashes;
    private long other;
    private long total;
    /**
     * Null while {@link #other} is 0: the names are then every category. Past that the sample of all
     * categories, or null when it is unknown: a sketch past K read from a format before samples.
     */
    private DistinctSample sample;
    /** The slots by weight, built at the first replacement past K; null before, and after a merge reweighed them. */
    private LightestSlots lightest;

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
        uncounted = new long[initial];
        hashes = new long[initial];
    }

    /**
     * Rebuilds a sketch from its parts without a sample: past K (other &gt; 0) its sample is unknown, and
     * new categories cannot be told from its "other".
     */
    public static CategoricalSketch of(int maxDistinct, Map<String, Long> counts, long other, long missing, long typeMismatches) {
        return of(maxDistinct, counts, other, missing, typeMismatches, null);
    }

    /**
     * Rebuilds a sketch from its parts (see {@link #counts()}, {@link #otherCount()}, {@link #distinctSample()},
     * ...); throws IllegalArgumentException for parts no sketch can hold.
     *
     * @param sample the sample of a sketch past K; null when that is unknown, and always while other is 0
     *     (the names are the sample then)
     */
    public static CategoricalSketch of(int maxDistinct, Map<String, Long> counts, long other, long missing,
                                       long typeMismatches, DistinctSample sample) {
        return of(maxDistinct, counts, Map.of(), other, missing, typeMismatches, sample);
    }

    /**
     * Rebuilds a sketch from its parts, {@code uncounted} holding the names' bounds that are not 0 (see
     * {@link #uncounted(String)}); throws IllegalArgumentException for parts no sketch can hold.
     */
    public static CategoricalSketch of(int maxDistinct, Map<String, Long> counts, Map<String, Long> uncounted, long other,
                                       long missing, long typeMismatches, DistinctSample sample) {
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
            long before = uncounted.getOrDefault(e.getKey(), 0L);
            if (before < 0 || before > 0 && other == 0) {
                throw new IllegalArgumentException("invalid categorical sketch: category '" + e.getKey() + "' has "
                        + before + " uncounted values" + (before > 0 ? " though none went to other" : ""));
            }
            sketch.put(e.getKey(), e.getValue(), before, CategoryHash.of(e.getKey()));
            sketch.total += e.getValue();
        }
        for (String name : uncounted.keySet()) {
            if (!counts.containsKey(name)) {
                throw new IllegalArgumentException("invalid categorical sketch: uncounted values of '" + name
                        + "', a category it does not name");
            }
        }
        sketch.other = other;
        sketch.total += other;
        sketch.addMissing(missing);
        sketch.addTypeMismatches(typeMismatches);
        if (sample != null) {
            sketch.checkSample(sample);
            sketch.sample = sample.copy();
        }
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
        long hash;
        if (slot != null) {
            counts[slot]++;
            hash = hashes[slot];
            if (lightest != null) {
                lightest.grew(slot);
            }
        } else if (slots.size() < maxDistinct) {
            hash = CategoryHash.of(category);
            put(category, 1, unnamedBound(), hash);
        } else {
            if (other == 0) {
                sample = namedSample();
            }
            hash = CategoryHash.of(category);
            replaceLightest(category, hash);
        }
        if (sample != null) {
            sample.add(hash, 1);
        }
    }

    /**
     * Adds {@code other}'s counts and sample to this sketch (keeping this sketch's K); {@code other} is left
     * as it was. When either sample is unknown, so is the merged one.
     */
    public void merge(CategoricalSketch other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a sketch into itself");
        }
        DistinctSample union = null;
        if (this.other > 0 || other.other > 0 || slots.size() + other.slots.size() > maxDistinct) {
            DistinctSample mine = sampleOrNamed();
            DistinctSample theirs = other.sampleOrNamed();
            union = mine == null || theirs == null ? null : mine.union(theirs);
        }
        // A name one side lacks may have values in that side's "other".
        long hiddenHere = unnamedBound();
        long hiddenThere = other.unnamedBound();
        mergeCounts(other);
        total += other.total;
        this.other += other.other;
        for (int i = 0; i < slots.size(); i++) {
            if (!other.slots.containsKey(names[i])) {
                uncounted[i] += hiddenThere;
            }
        }
        List<Integer> newcomers = new ArrayList<>();
        for (int i = 0; i < other.slots.size(); i++) {
            Integer slot = slots.get(other.names[i]);
            if (slot != null) {
                counts[slot] += other.counts[i];
                uncounted[slot] += other.uncounted[i];
            } else {
                newcomers.add(i);
            }
        }
        if (slots.size() + newcomers.size() <= maxDistinct) {
            for (int i : newcomers) {
                put(other.names[i], other.counts[i], other.uncounted[i] + hiddenHere, other.hashes[i]);
            }
        } else {
            keepHeaviest(other, newcomers, hiddenHere);
        }
        sample = this.other > 0 ? union : null;
        lightest = null;
    }

    /**
     * Values of this category counted since it was named: 0 if it is not named (never seen, or its values
     * are in {@link #otherCount()}); exact when {@link #countsExactly} says so.
     */
    public long count(String category) {
        Integer slot = slots.get(category);
        return slot == null ? 0 : counts[slot];
    }

    /**
     * A bound on how many values of this named category went to "other" before it was named past K: 0
     * when it was named from its first value (and for a category not named).
     */
    public long uncounted(String category) {
        Integer slot = slots.get(category);
        return slot == null ? 0 : uncounted[slot];
    }

    /**
     * True when {@link #count(String)} is every value of this category added: it was named from its first
     * value, or it is not named and nothing went to "other" (it was never seen).
     */
    public boolean countsExactly(String category) {
        Integer slot = slots.get(category);
        return slot == null ? other == 0 : uncounted[slot] == 0;
    }

    /** Values not counted by name: of categories not named, and of named ones before they were named. */
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

    /**
     * A sample of the distinct categories of every value counted, a copy: while no value went to "other"
     * (see {@link #otherCount()}) the named categories' bottom k, past that the sample kept beside the
     * names. Null when it is unknown: a sketch past K read from a format before samples.
     */
    public DistinctSample distinctSample() {
        if (other == 0) {
            return namedSample();
        }
        return sample == null ? null : sample.copy();
    }

    /**
     * Estimated heap of this sketch and everything it owns, the names' strings included (compact strings),
     * in bytes, for a 64-bit JVM with compressed oops.
     */
    public long estimatedHeapBytes() {
        // HashMap: its table (a power of two, at least 16, filled to 3/4 at most), a node per entry, and the
        // boxed slots past the Integer cache.
        int table = Math.max(16, Integer.highestOneBit(Math.max(1, (int) Math.ceil(slots.size() / 0.75)) * 2 - 1));
        long bytes = HeapSizes.object(7 * HeapSizes.REFERENCE + 4 + 4 * 8)
                + HeapSizes.object(4 * HeapSizes.REFERENCE + 4 * 4)
                + (slots.isEmpty() ? 0 : HeapSizes.referenceArray(table))
                + slots.size() * HeapSizes.object(3 * HeapSizes.REFERENCE + 4)
                + Math.max(0, slots.size() - 128) * HeapSizes.object(4)
                + HeapSizes.referenceArray(names.length) + 3 * HeapSizes.longArray(counts.length)
                + (lightest == null ? 0 : lightest.heapBytes());
        for (int i = 0; i < slots.size(); i++) {
            bytes += HeapSizes.string(names[i]);
        }
        return bytes + (sample == null ? 0 : sample.heapBytes());
    }

    /** A bound on the values of a category this sketch does not name that went to "other". */
    private long unnamedBound() {
        long bound = other;
        for (int i = 0; i < slots.size() && bound > 0; i++) {
            bound = Math.min(bound, weight(i));
        }
        return bound;
    }

    /** A slot's count and its bound on earlier values: at least as many values as its category has. */
    private long weight(int slot) {
        return counts[slot] + uncounted[slot];
    }

    /**
     * The space-saving step: {@code category} takes the slot of the lightest name, whose count goes to
     * "other"; that slot's weight bounds how many values of {@code category} went there before.
     */
    private void replaceLightest(String category, long hash) {
        if (lightest == null) {
            lightest = new LightestSlots(slots.size(), this::weight);
        }
        int slot = lightest.lightest();
        long bound = weight(slot);
        other += counts[slot];
        slots.remove(names[slot]);
        names[slot] = category;
        counts[slot] = 1;
        uncounted[slot] = bound;
        hashes[slot] = hash;
        slots.put(category, slot);
        lightest.grew(slot);
    }

    private DistinctSample sampleOrNamed() {
        return other == 0 ? namedSample() : sample;
    }

    /** The bottom k of the named categories: the sample of every value while none went to "other". */
    private DistinctSample namedSample() {
        DistinctSample named = new DistinctSample(DistinctSample.CAPACITY);
        for (int i = 0; i < slots.size(); i++) {
            named.add(hashes[i], counts[i]);
        }
        return named;
    }

    /**
     * A sample holds every value's category, each with its full count; so each named category below its
     * largest hash (all of them when it is complete) is in it, with at least the named count.
     */
    private void checkSample(DistinctSample s) {
        if (other == 0) {
            throw new IllegalArgumentException("invalid categorical sketch: a sample beside names that hold every value");
        }
        long values = s.values();
        if (values > total || s.isComplete() && values != total) {
            throw new IllegalArgumentException("invalid categorical sketch: its sample holds " + values + " of its "
                    + total + " values" + (s.isComplete() ? ", though it holds every category" : ""));
        }
        for (int i = 0; i < slots.size(); i++) {
            boolean covered = s.isComplete() || s.size() > 0 && hashes[i] <= s.hash(s.size() - 1);
            if (covered && s.countOf(hashes[i]) < counts[i]) {
                throw new IllegalArgumentException("invalid categorical sketch: category '" + names[i]
                        + "' has count " + counts[i] + " but " + s.countOf(hashes[i]) + " in its sample");
            }
        }
    }

    private void put(String category, long count, long before, long hash) {
        int slot = slots.size();
        if (slot == names.length) {
            int grown = Math.min(maxDistinct, 2 * names.length);
            names = Arrays.copyOf(names, grown);
            counts = Arrays.copyOf(counts, grown);
            uncounted = Arrays.copyOf(uncounted, grown);
            hashes = Arrays.copyOf(hashes, grown);
        }
        names[slot] = category;
        counts[slot] = count;
        uncounted[slot] = before;
        hashes[slot] = hash;
        slots.put(category, slot);
    }

    /**
     * Keeps the K heaviest of this sketch's categories and {@code other}'s newcomers (its slots), each
     * newcomer with up to {@code hiddenHere} of its values in this sketch's "other"; the rest goes to "other".
     */
    private void keepHeaviest(CategoricalSketch other, List<Integer> newcomers, long hiddenHere) {
        int known = slots.size();
        String[] allNames = Arrays.copyOf(names, known + newcomers.size());
        long[] allCounts = Arrays.copyOf(counts, allNames.length);
        long[] allUncounted = Arrays.copyOf(uncounted, allNames.length);
        long[] allHashes = Arrays.copyOf(hashes, allNames.length);
        for (int i = 0; i < newcomers.size(); i++) {
            int slot = newcomers.get(i);
            allNames[known + i] = other.names[slot];
            allCounts[known + i] = other.counts[slot];
            allUncounted[known + i] = other.uncounted[slot] + hiddenHere;
            allHashes[known + i] = other.hashes[slot];
        }
        Integer[] ranked = new Integer[allNames.length];
        Arrays.setAll(ranked, i -> i);
        Arrays.sort(ranked, Comparator.<Integer>comparingLong(i -> -(allCounts[i] + allUncounted[i]))
                .thenComparing(i -> allNames[i]));
        slots.clear();
        names = new String[maxDistinct];
        counts = new long[maxDistinct];
        uncounted = new long[maxDistinct];
        hashes = new long[maxDistinct];
        for (int r = 0; r < ranked.length; r++) {
            int i = ranked[r];
            if (r < maxDistinct) {
                put(allNames[i], allCounts[i], allUncounted[i], allHashes[i]);
            } else {
                this.other += allCounts[i];
            }
        }
    }
}
