package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The counts of each category in a baseline and a current sketch, at the resolution both share.
 *
 * <p>A sketch names at most K categories and counts the rest as "other", and two sketches past K
 * name different tails; past K a sketch may also name a category only after some of its values went
 * to "other" (at most {@link CategoricalSketch#uncounted} of them). A category either side does not
 * name, or names with more possibly hidden than the Poisson noise of its count (√count), would pair a
 * count with an unknown part of itself missing and could invent a difference: such a category is folded
 * into "other" on both sides. A heavy category named late, a few values hidden, still compares by name;
 * a light one that keeps changing places with others does not. While neither sketch is past K, nothing is
 * folded and the pairs are exact.
 */
record PairedCounts(long[] baseline, long[] current) {

    /** Counts aligned by index: per category sorted by name, then "other" last. */
    static PairedCounts of(CategoricalSketch baseline, CategoricalSketch current) {
        SortedMap<String, Long> baselineCounts = baseline.counts();
        SortedMap<String, Long> currentCounts = current.counts();
        Map<String, long[]> pairs = pairsByName(baselineCounts, currentCounts);
        long[] other = {baseline.otherCount(), current.otherCount()};
        pairs.entrySet().removeIf(e -> {
            if (!comparable(baseline, e.getKey()) || !comparable(current, e.getKey())) {
                other[0] += e.getValue()[0];
                other[1] += e.getValue()[1];
                return true;
            }
            return false;
        });
        List<long[]> all = new ArrayList<>(pairs.values());
        all.add(other);
        return new PairedCounts(all.stream().mapToLong(pair -> pair[0]).toArray(),
                all.stream().mapToLong(pair -> pair[1]).toArray());
    }

    /** Every category either sketch names, sorted by name, without "other": exact while neither is past K. */
    static PairedCounts byName(CategoricalSketch baseline, CategoricalSketch current) {
        Map<String, long[]> pairs = pairsByName(baseline.counts(), current.counts());
        return new PairedCounts(pairs.values().stream().mapToLong(pair -> pair[0]).toArray(),
                pairs.values().stream().mapToLong(pair -> pair[1]).toArray());
    }

    private static boolean comparable(CategoricalSketch sketch, String category) {
        double hidden = sketch.uncounted(category);
        return sketch.countsExactly(category) || sketch.count(category) > 0 && hidden * hidden <= sketch.count(category);
    }

    private static Map<String, long[]> pairsByName(Map<String, Long> baseline, Map<String, Long> current) {
        Map<String, long[]> pairs = new TreeMap<>();
        baseline.forEach((name, n) -> pairs.computeIfAbsent(name, k -> new long[2])[0] = n);
        current.forEach((name, n) -> pairs.computeIfAbsent(name, k -> new long[2])[1] = n);
        return pairs;
    }

    /** Without the categories empty in both samples (chi-square cannot take them). */
    PairedCounts withoutEmpty() {
        int[] kept = IntStream.range(0, baseline.length)
                .filter(i -> baseline[i] != 0 || current[i] != 0).toArray();
        return new PairedCounts(Arrays.stream(kept).mapToLong(i -> baseline[i]).toArray(),
                Arrays.stream(kept).mapToLong(i -> current[i]).toArray());
    }

    int size() {
        return baseline.length;
    }
}
