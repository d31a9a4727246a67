package io.plumbline.detectors.stats;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.DistinctSample;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Share of the current window's values in categories the baseline never saw: a new category (a new
 * country, an unmapped code) is a data-quality signal of its own, which PSI and chi-square dilute among
 * the known categories.
 *
 * <p>While neither sketch is past its K the named categories are all there is, and both the share and
 * its test are exact. Past K the names cannot tell a new category from one in the other side's "other"
 * (PSI and chi-square fold those together, so a feature whose 50 000 categories were all replaced reads
 * as unchanged); then both are computed on the categories of the pooled {@link DistinctSample}: a uniform
 * sample of up to {@value DistinctSample#CAPACITY} of the categories of baseline and window together,
 * each with its exact count on both sides. A sketch past K read from a format before samples has none;
 * then the names are all there is, as the methods say.
 */
public final class UnseenCategories {
    private UnseenCategories() {
    }

    /**
     * Values of current categories the baseline never saw, over the current count; NaN when the current
     * sample is empty, every current value unseen when the baseline is. Past K, the values of categories
     * both sketches name are seen, and the share of the rest is that in the pooled sample's current
     * categories (NaN if it holds none of them): a ratio estimate whose error is about √(s(1−s)/k') over
     * the k' current categories sampled when categories are of like size, more when a few hold most values
     * and a sample misses them. Without a sample it can only be bounded: the current "other" is
     * not counted (this may undercount), and a category unnamed in the baseline may hide in the baseline's
     * "other" (this may overcount).
     */
    public static double share(CategoricalSketch baseline, CategoricalSketch current) {
        if (current.count() == 0) {
            return Double.NaN;
        }
        Pooled pooled = Pooled.of(baseline, current);
        if (pooled == null) {
            return (double) unseen(PairedCounts.byName(baseline, current)) / current.count();
        }
        // The values of categories both sides name are seen: only the rest is estimated from the sample,
        // which the few heavy categories that both sides usually name would otherwise sway the most.
        Map<Long, Long> namedByBoth = new HashMap<>();
        Map<String, Long> baselineNames = baseline.counts();
        current.counts().forEach((name, n) -> {
            if (baselineNames.containsKey(name)) {
                namedByBoth.merge(DistinctSample.hashOf(name), n, Long::sum);
            }
        });
        long rest = current.count() - namedByBoth.values().stream().mapToLong(Long::longValue).sum();
        if (rest == 0) {
            return 0;
        }
        long restSampled = 0;
        long unseenSampled = 0;
        long[] inBaseline = pooled.counts.baseline();
        long[] inCurrent = pooled.counts.current();
        for (int i = 0; i < pooled.hashes.length; i++) {
            restSampled += inCurrent[i] - namedByBoth.getOrDefault(pooled.hashes[i], 0L);
            unseenSampled += inBaseline[i] == 0 ? inCurrent[i] : 0;
        }
        return restSampled == 0 ? Double.NaN : (double) rest / current.count() * unseenSampled / restSampled;
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
     * quiet, and a new category of any size stands out. Past K the test is made on the pooled sample's
     * categories, which are chosen by hash whatever the split, so it keeps its level; it then sees a
     * replacement of many categories, not one new category among thousands. NaN when either sample is
     * empty, and when the baseline is past its K categories without a sample: a category it does not name
     * may be in its "other".
     */
    public static double pValue(CategoricalSketch baseline, CategoricalSketch current) {
        if (baseline.count() == 0 || current.count() == 0) {
            return Double.NaN;
        }
        Pooled pooled = Pooled.of(baseline, current);
        if (pooled == null && baseline.otherCount() > 0) {
            return Double.NaN;
        }
        PairedCounts categories = pooled == null ? PairedCounts.byName(baseline, current) : pooled.counts;
        return randomSplitPValue(categories, baseline.count(), current.count());
    }

    /** The categories {@link DistinctSample#pooled} takes from both sketches' samples, in hash order. */
    private record Pooled(long[] hashes, PairedCounts counts) {

        /**
         * Null when the names decide: while neither sketch is past its K they are every category, and a
         * sketch past K without a sample leaves nothing better.
         */
        static Pooled of(CategoricalSketch baseline, CategoricalSketch current) {
            if (baseline.otherCount() == 0 && current.otherCount() == 0) {
                return null;
            }
            DistinctSample b = baseline.distinctSample();
            DistinctSample c = current.distinctSample();
            if (b == null || c == null) {
                return null;
            }
            LongStream.Builder hashes = LongStream.builder();
            LongStream.Builder inBaseline = LongStream.builder();
            LongStream.Builder inCurrent = LongStream.builder();
            DistinctSample.pooled(b, c, (hash, countInBaseline, countInCurrent) -> {
                hashes.add(hash);
                inBaseline.add(countInBaseline);
                inCurrent.add(countInCurrent);
            });
            return new Pooled(hashes.build().toArray(),
                    new PairedCounts(inBaseline.build().toArray(), inCurrent.build().toArray()));
        }
    }

    /** {@link #pValue} of these categories, baseline and window of n and m values. */
    private static double randomSplitPValue(PairedCounts categories, long n, long m) {
        long unseen = unseen(categories);
        if (unseen == 0) {
            return 1;
        }
        long[] weights = new long[categories.size()];
        double[] chances = new double[categories.size()];
        int kept = 0;
        long reachable = 0;
        double neglected = 0;
        for (int i = 0; i < categories.size(); i++) {
            long t = categories.baseline()[i] + categories.current()[i];
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

    /** Current values of the categories the baseline has none of. */
    private static long unseen(PairedCounts categories) {
        long unseen = 0;
        for (int i = 0; i < categories.size(); i++) {
            unseen += categories.baseline()[i] == 0 ? categories.current()[i] : 0;
        }
        return unseen;
    }
}
