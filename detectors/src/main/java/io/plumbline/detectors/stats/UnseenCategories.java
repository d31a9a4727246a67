package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.HashMap;
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
        return (double) unseen(baseline, current) / current.count();
    }

    /** Pooled categories whose chance of being wholly in the window is below this add nothing we could see. */
    private static final double NEGLIGIBLE = 1e-15;

    /**
     * The chance of at least this many unseen values when baseline and window are one sample split at
     * random (a permutation test): a category of t pooled values is unseen exactly when all t fall in the
     * window, with probability C(m, t)/C(n + m, t), and then brings its t window values. The tail of that
     * sum of weighted coin flips is computed exactly (categories taken as independent), because a few rare
     * categories dominate it, where a normal approximation, or a binomial against Good and Turing's unseen
     * mass, was 3–8 times too small in simulation. A long-tailed feature thus keeps its unseen values
     * quiet, and a new category of any size stands out. NaN when either sample is empty, and when the
     * baseline is past its K categories: a category it does not name may be in its "other".
     */
    public static double pValue(CategoricalSketch baseline, CategoricalSketch current) {
        if (baseline.count() == 0 || current.count() == 0 || baseline.otherCount() > 0) {
            return Double.NaN;
        }
        long unseen = unseen(baseline, current);
        if (unseen == 0) {
            return 1;
        }
        Map<String, Long> pooled = new HashMap<>(baseline.counts());
        current.counts().forEach((name, count) -> pooled.merge(name, count, Long::sum));
        long n = baseline.count();
        long m = current.count();
        long[] weights = new long[pooled.size()];
        double[] chances = new double[pooled.size()];
        int kept = 0;
        long reachable = 0;
        double neglected = 0;
        for (long t : pooled.values()) {
            double chance = allInWindow(t, n, m);
            if (chance < NEGLIGIBLE) {
                neglected += chance;
            } else {
                weights[kept] = t;
                chances[kept++] = chance;
                reachable += t;
            }
        }
        if (unseen > reachable) {
            // Only categories we neglected could bring that many: at most the chance that one of them does.
            return Math.min(1, neglected);
        }
        return tail(weights, chances, kept, (int) unseen);
    }

    /** C(m, t) / C(n + m, t): all t pooled values of a category drawn into the window of m. */
    private static double allInWindow(long t, long n, long m) {
        double chance = 1;
        for (long i = 0; i < t && chance >= NEGLIGIBLE; i++) {
            chance *= (double) (m - i) / (n + m - i);
        }
        return chance;
    }

    /** P(Σ t_j·B_j ≥ k) for independent B_j ~ Bernoulli(p_j), by convolution capped at k. */
    private static double tail(long[] weights, double[] chances, int terms, int k) {
        double[] mass = new double[k + 1];
        mass[0] = 1;
        for (int j = 0; j < terms; j++) {
            int t = (int) Math.min(weights[j], k);
            double p = chances[j];
            for (int s = k; s >= 0; s--) {
                double moved = mass[s] * p;
                mass[s] -= moved;
                mass[Math.min(k, s + t)] += moved;
            }
        }
        return Math.min(1, mass[k]);
    }

    private static long unseen(CategoricalSketch baseline, CategoricalSketch current) {
        Map<String, Long> known = baseline.counts();
        long unseen = 0;
        for (Map.Entry<String, Long> e : current.counts().entrySet()) {
            if (!known.containsKey(e.getKey())) {
                unseen += e.getValue();
            }
        }
        return unseen;
    }
}
