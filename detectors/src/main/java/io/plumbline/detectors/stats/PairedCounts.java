package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts of each category in a baseline and a current sketch, over the union of their categories. */
final class PairedCounts {
    private PairedCounts() {
    }

    /** {baseline, current} per category, sorted by name, then one pair for "other". */
    static List<long[]> of(CategoricalSketch baseline, CategoricalSketch current) {
        Map<String, long[]> pairs = new TreeMap<>();
        baseline.counts().forEach((name, n) -> pairs.computeIfAbsent(name, k -> new long[2])[0] = n);
        current.counts().forEach((name, n) -> pairs.computeIfAbsent(name, k -> new long[2])[1] = n);
        List<long[]> all = new ArrayList<>(pairs.values());
        all.add(new long[] {baseline.otherCount(), current.otherCount()});
        return all;
    }
}
