package io.plumbline.delivery.metrics;

import io.micrometer.core.instrument.Tag;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Prometheus histograms that grow by whole windows: each window adds its bucket counts and sum, so
 * {@code histogram_quantile} over {@code rate()} of any range works as on a histogram that recorded every
 * call. Micrometer's histograms take one observation at a time and choose their own buckets, so these are
 * exposed through the Prometheus registry beside Micrometer's meters.
 *
 * <p>Written by the consumer thread, read by scrapes: each series holds an immutable state, replaced whole.
 */
final class WindowHistograms implements MultiCollector {

    private final ConcurrentMap<SeriesId, Series> series = new ConcurrentHashMap<>();

    /** A new series of these upper bounds (ascending, finite; the +Inf bucket is implied), its counts 0. */
    void create(SeriesId id, double[] bounds) {
        series.put(id, new Series(bounds.clone()));
    }

    /** The Prometheus series a histogram of these bounds exposes: a bucket per bound, +Inf, _sum and _count. */
    static int weight(double[] bounds) {
        return bounds.length + 3;
    }

    /** The bounds {@code id} was created with; null if it does not exist. */
    double[] bounds(SeriesId id) {
        Series s = series.get(id);
        return s == null ? null : s.bounds.clone();
    }

    /** Adds one window's counts (one per bound, then the count above every bound) and the sum of its values. */
    void add(SeriesId id, long[] counts, double sum) {
        series.get(id).add(counts, sum);
    }

    void remove(SeriesId id) {
        series.remove(id);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<HistogramSnapshot.HistogramDataPointSnapshot>> byName = new TreeMap<>();
        series.forEach((id, s) -> byName.computeIfAbsent(id.name(), name -> new ArrayList<>()).add(s.snapshot(id)));
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        byName.forEach((name, points) -> {
            HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(name);
            points.forEach(histogram::dataPoint);
            snapshots.metricSnapshot(histogram.build());
        });
        return snapshots.build();
    }

    private static final class Series {
        final double[] bounds;
        private volatile State state;

        Series(double[] bounds) {
            this.bounds = bounds;
            this.state = new State(new long[bounds.length + 1], 0);
        }

        void add(long[] counts, double sum) {
            State old = state;
            long[] added = old.counts.clone();
            for (int i = 0; i < added.length; i++) {
                added[i] = Sums.saturatingAdd(added[i], counts[i]);
            }
            double total = old.sum + sum;
            state = new State(added, Double.isFinite(total) ? total : Double.MAX_VALUE);
        }

        HistogramSnapshot.HistogramDataPointSnapshot snapshot(SeriesId id) {
            State s = state;
            double[] upper = Arrays.copyOf(bounds, bounds.length + 1);
            upper[bounds.length] = Double.POSITIVE_INFINITY;
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Tag tag : id.labels()) {
                names.add(tag.getKey());
                values.add(tag.getValue());
            }
            return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, s.counts))
                    .sum(s.sum)
                    .labels(Labels.of(names, values))
                    .build();
        }
    }

    private record State(long[] counts, double sum) {
    }
}
