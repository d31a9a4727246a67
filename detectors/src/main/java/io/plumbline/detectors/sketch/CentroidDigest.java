package io.plumbline.detectors.sketch;

import com.tdunning.math.stats.Centroid;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.ScaleFunction;
import java.util.Collection;
import java.util.List;

/**
 * A t-digest (com.tdunning 3.3): by default the compression-200 digest of the values a numeric sketch
 * does not hold exactly; a {@link QuantileSketch} sizes its own.
 *
 * <p>Sizing: {@code MergingDigest(200)} allocates 410 centroid slots and 2 050 buffer slots (~48 KB);
 * 820 buffer slots is the least its constructor accepts, ~23 KB, which is what fits the per-feature
 * heap budget. Other compressions get the same least sizing: 2·compression + 10 centroid slots and
 * twice that for the buffer. That sizing is also why we never use {@code fromBytes}: it rebuilds with
 * default buffers (and doubles the inner compression), so closed sketches are written as centroids and
 * rebuilt here.
 *
 * <p>Scale function K_1 (arcsine) by default: its centroids hold at most π/200 ≈ 1.6 % of the mass
 * mid-distribution, against 4–6 % for 3.3's default K_2, and KS and PSI are decided mid-distribution;
 * measured, this halves the KS error just above the exact-value capacity. Merges always run forward,
 * which makes a merge of already merged centroids a no-op: re-reading the centroids, or rebuilding a
 * digest from them, gives the same centroids, so a round trip through bytes changes no statistic.
 *
 * <p>MergingDigest asserts that its first and last centroids are single values. Weighted points are
 * therefore added through a fresh digest with their extremes split off as unit points, so the
 * assertions hold wherever assertions are enabled (tests).
 */
final class CentroidDigest {
    private static final double DRIFT_COMPRESSION = 200;

    private final double compression;
    private final ScaleFunction scale;
    private final int centroidSlots;
    private final MergingDigest digest;

    CentroidDigest() {
        this(DRIFT_COMPRESSION, ScaleFunction.K_1);
    }

    CentroidDigest(double compression, ScaleFunction scale) {
        this.compression = compression;
        this.scale = scale;
        centroidSlots = (int) (2 * compression + 10);
        digest = new MergingDigest(compression, 2 * centroidSlots, centroidSlots);
        digest.setScaleFunction(scale);
        digest.useAlternatingSort = false;
    }

    /** Rebuilds a default digest from centroids written by {@link #centroids()}. */
    static CentroidDigest of(Centroids centroids) {
        return new CentroidDigest().adding(centroids);
    }

    /** Adds centroids written by {@link #centroids()} to this empty digest; returns it. */
    CentroidDigest adding(Centroids centroids) {
        if (centroids.size() > centroidSlots) {
            throw new IllegalArgumentException(
                    "a digest holds at most " + centroidSlots + " centroids, got " + centroids.size());
        }
        double[] means = centroids.means();
        long[] weights = centroids.weights();
        for (int i = 0; i < means.length; i++) {
            addRepeated(means[i], weights[i]);
        }
        return this;
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
        // Distinct weighted points per fresh digest: with the two split-off extremes, below the point where a digest merges.
        int batchSize = centroidSlots - 10;
        for (int from = 0; from < masses.size(); from += batchSize) {
            int to = Math.min(masses.size(), from + batchSize);
            CentroidDigest batch = new CentroidDigest(compression, scale);
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
        // 3.3 merges other digests with this one's centroids but not with the values it buffered for its next
        // merge; when the merge grows the centroids, buffer and centroids no longer fit its merge buffer and
        // the next add overflows it. Merged first, the buffer is empty.
        digest.compress();
        digest.add(List.of(other.digest));
    }

    Centroids centroids() {
        Collection<Centroid> merged = digest.centroids();
        double[] means = new double[merged.size()];
        long[] weights = new long[merged.size()];
        int i = 0;
        for (Centroid c : merged) {
            // Merged centroids of one repeated value may come out a rounding step apart, out of order: kept
            // in order, which moves a mean by that step, so the centroids read back.
            means[i] = i == 0 ? c.mean() : Math.max(c.mean(), means[i - 1]);
            weights[i] = c.count();
            i++;
        }
        return new Centroids(means, weights);
    }

    long heapBytes() {
        // MergingDigest's own fields (~105 bytes) plus its five arrays, plus this wrapper.
        return HeapSizes.object(8 + 2 * HeapSizes.REFERENCE + 4)
                + HeapSizes.object(105)
                + 2 * HeapSizes.doubleArray(centroidSlots)
                + 2 * HeapSizes.doubleArray(2 * centroidSlots)
                + HeapSizes.intArray(2 * centroidSlots);
    }

    private void addRepeated(double v, long count) {
        while (count > 0) {
            int w = (int) Math.min(count, Integer.MAX_VALUE);
            digest.add(v, w);
            count -= w;
        }
    }
}
