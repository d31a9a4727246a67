package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.Map;

/**
 * Share of the current window's values in categories the baseline never saw: a new category (a new
 * country, an unmapped code) is a data-quality signal of its own, which PSI and chi-square dilute among
 * the known categories.
 */
public final class UnseenCategories {
    private UnseenCategories() {
    }

    /**
     * Values of current categories the baseline does not name, over the current count; NaN when the
     * current sample is empty, every current value unseen when the baseline is. Exact while neither
     * sketch has overflowed its K. Past that it can only be bounded: the current "other" is not counted
     * (its names are unknown, so this may undercount), and a category unnamed in the baseline may hide in
     * the baseline's "other" (so this may overcount).
     */
    public static double share(CategoricalSketch baseline, CategoricalSketch current) {
        if (current.count() == 0) {
            return Double.NaN;
        }
        Map<String, Long> known = baseline.counts();
        long unseen = 0;
        for (Map.Entry<String, Long> e : current.counts().entrySet()) {
            if (!known.containsKey(e.getKey())) {
                unseen += e.getValue();
            }
        }
        return (double) unseen / current.count();
    }
}
