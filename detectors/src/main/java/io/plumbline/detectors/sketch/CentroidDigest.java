package io.plumbline.detectors.sketch;

import com.tdunning.math.stats.Centroid;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.ScaleFunction;
import java.util.Collection;
import java.util.List;

/**
 * The t-digest (com.tdunning 3.3, compression 200) of the values a numeric sketch does not hold exactly.
 *
 * <p>Sizing: {@code MergingDigest(200)} allocates 410 centroid slots and 2 050 buffer slots (~48 KB);
 * 820 buffer slots is the least its constructor accepts, ~23 KB, which is what fits the per-feature
 * heap budget. That sizing is also why we never use {@code fromBytes}: it rebuilds with default buffers
 * (and doubles the inner compression), so closed sketches are written as centroids and rebuilt here.
 *
 * <p>Scale function K_1 (arcsine): its centroids hold at most π/200 ≈ 1.6 % of the mass mid-distribution,
 * against 4–6 % for 3.3's default K_2, and KS and PSI are decided mid-distribution; measured, this
 * halves the KS error just above the exact-value capacity. Merges always run forward, which makes a
 * merge of already merged centroids a no-op: re-reading the centroids, or rebuilding a digest from them,
 * gives the same centroids, so a round trip through bytes changes no statistic.
 *
 * <p>MergingDigest asserts that its first and last centroids are single values. Weighted points are
 * therefore added through a fresh digest with their extremes split off as unit points, so the
 * assertions hold wherever assertions are enabled (tests).
 */
final class CentroidDigest {
    private static final double COMPRESSION = 200;
    private static final int CENTROID_SLOTS = 410;
    private static final int BUFFER_SLOTS = 2 * CENTROID_SLOTS;
    /** Distinct weighted points per fresh digest: with the two split-off extremes, below the point where a digest merges. */
    private static final int WEIGHTED_BATCH = CENTROID_SLOTS - 10;

    private final MergingDigest digest;

    CentroidDigest() {
        digest = new MergingDigest(COMPRESSION, BUFFER_SLOTS, CENTROID_SLOTS);
        digest.setScaleFunction(ScaleFunction.K_1);
        digest.useAlternatingSort = false;
    }

    /** Rebuilds a digest from centroids written by {@link #centroids()}. */
    static CentroidDigest of(Centroids centroids) {
        if (centroids.size() > CENTROID_SLOTS) {
            throw new IllegalArgumentException(
                    "a digest holds at most " + CENTROID_SLOTS + " centroids, got " + centroids.size());
        }
        CentroidDigest rebuilt = new CentroidDigest();
        double[] means = centroids.means();
        long[] weights = centroids.weights();
        for (int i = 0; i < means.length; i++) {
            rebuilt.addRepeated(means[i], weights[i]);
        }
        return rebuilt;
    }

    void add(double v) {
        digest.add(v);
    }

    /** Adds every value of {@code masses} with its count as weight. */
    void addAll(PointMasses masses) {
        boolean anyRepeated = false;
        for (int i = 0; i < masses.size(); i++) {
            if (masses.count(i) == 1) {
                digest.add(masses.value(i));
            } else {
                anyRepeated = true;
            }
        }
        if (anyRepeated) {
            addWeighted(masses.repeated());
        }
    }

    /** Points of weight ≥ 2 go through fresh digests, their extremes split off as single values. */
    private void addWeighted(PointMasses masses) {
        for (int from = 0; from < masses.size(); from += WEIGHTED_BATCH) {
            int to = Math.min(masses.size(), from + WEIGHTED_BATCH);
            CentroidDigest batch = new CentroidDigest();
            for (int i = from; i < to; i++) {
                double v = masses.value(i);
                long count = masses.count(i);
                if (i == from) {
                    batch.digest.add(v);
                    count--;
                }
                if (i == to - 1 && count > 0) {
                    batch.addRepeated(v, count - 1);
                    batch.digest.add(v);
                } else {
                    batch.addRepeated(v, count);
                }
            }
            merge(batch);
        }
    }

    void merge(CentroidDigest other) {
        digest.add(List.of(other.digest));
    }

    Centroids centroids() {
        Collection<Centroid> merged = digest.centroids();
        double[] means = new double[merged.size()];
        long[] weights = new long[merged.size()];
        int i = 0;
        for (Centroid c : merged) {
            means[i] = c.mean();
            weights[i] = c.count();
            i++;
        }
        return new Centroids(means, weights);
    }

    static long heapBytes() {
        // MergingDigest's own fields (~105 bytes) plus its five arrays, plus this wrapper.
        return HeapSizes.object(HeapSizes.REFERENCE)
                + HeapSizes.object(105)
                + 2 * HeapSizes.doubleArray(CENTROID_SLOTS)
                + 2 * HeapSizes.doubleArray(BUFFER_SLOTS)
                + HeapSizes.intArray(BUFFER_SLOTS);
    }

    private void addRepeated(double v, long count) {
        while (count > 0) {
            int w = (int) Math.min(count, Integer.MAX_VALUE);
            digest.add(v, w);
            count -= w;
        }
    }
}
