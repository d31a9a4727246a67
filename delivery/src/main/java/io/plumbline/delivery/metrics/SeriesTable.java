package io.plumbline.delivery.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every series Plumbline exposes, with what hygiene needs: the owner that retires it, when it was last
 * updated, and a cap on how many exist. The registry alone cannot say which series belong to a model version
 * or have gone quiet, and an unbounded number of model ids or features must not grow the scrape without limit.
 * The cap counts what Prometheus stores: a gauge or a counter is one series, a histogram one per bucket (the
 * +Inf one included) plus its _sum and _count.
 *
 * <p>A gauge holds a {@link LatestValue} that each window replaces in place: re-registering a gauge per window
 * would return the first registration's value object, and Micrometer otherwise holds gauge objects weakly, so
 * registrations use a strong reference and the table keeps the holder too.
 *
 * <p>Not thread-safe: {@link StatsMetrics} serialises calls; scrapes only read the meters.
 */
final class SeriesTable {

    static final String DROPPED = "plumbline_metrics_series_dropped_total";
    private static final int WINDOW_ENDS_KEPT = 64;

    private final PrometheusMeterRegistry registry;
    private final WindowHistograms histograms = new WindowHistograms();
    private final Clock clock;
    private final int maxSeries;
    private final Counter dropped;
    private final Map<SeriesId, Entry> entries = new HashMap<>();
    private final Map<List<String>, Owned> byOwner = new HashMap<>();
    /** Prometheus series of every entry: its weight summed. */
    private int series;

    SeriesTable(PrometheusMeterRegistry registry, Clock clock, int maxSeries) {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("serve.metrics.max-series must be at least 1, got " + maxSeries);
        }
        this.registry = registry;
        this.clock = clock;
        this.maxSeries = maxSeries;
        this.dropped = Counter.builder(DROPPED)
                .description("Series not created because serve.metrics.max-series was reached")
                .register(registry);
        registry.getPrometheusRegistry().register(histograms);
    }

    private void setGauge(SeriesId id, double value) {
        Entry entry = entries.get(id);
        if (entry == null) {
            LatestValue holder = new LatestValue();
            entry = create(id, 1, () -> Gauge.builder(id.name(), holder, LatestValue::get)
                    .tags(id.labels()).strongReference(true).register(registry), holder, false);
            if (entry == null) {
                return;
            }
        }
        entry.value.set(value);
        entry.updated = clock.instant();
    }

    /**
     * Shows a statistic of the window ending at {@code windowEnd}; one absent from that window (no data, or it
     * stopped applying) loses its series rather than keep showing an older window's value. A window older than
     * the owner's latest is ignored, so a replayed or late record neither puts an old value back nor brings
     * back a series a newer window removed.
     */
    void show(SeriesId id, long windowEnd, OptionalDouble value) {
        Owned owned = byOwner.get(id.owner());
        if (owned != null) {
            if (windowEnd < owned.windowEnd) {
                return;
            }
            owned.windowEnd = windowEnd;
        }
        if (value.isPresent()) {
            setGauge(id, value.getAsDouble());
            Owned created = byOwner.get(id.owner());
            if (created != null && owned == null) {
                created.windowEnd = windowEnd;
            }
        } else {
            remove(id);
        }
    }

    /** Adds a window's total to a counter once per window end, however often the window's record is read. */
    void addOnce(SeriesId id, long windowEnd, double amount) {
        Entry entry = entries.get(id);
        if (entry == null) {
            entry = create(id, 1, () -> Counter.builder(id.name()).tags(id.labels()).register(registry), null, false);
            if (entry == null) {
                return;
            }
        }
        if (firstTime(entry, windowEnd) && amount > 0) {
            ((Counter) entry.meter).increment(amount);
        }
    }

    /**
     * Adds a window's bucket counts (one per bound, then the count above every bound) and sum to a histogram
     * once per window end, as {@link #addOnce} a counter's total. Call {@link #checkBounds} first: a histogram
     * keeps the bounds it was created with.
     */
    void addBucketsOnce(SeriesId id, long windowEnd, double[] bounds, long[] counts, double sum) {
        Entry entry = entries.get(id);
        if (entry == null) {
            entry = create(id, WindowHistograms.weight(bounds), () -> {
                histograms.create(id, bounds);
                return null;
            }, null, false);
            if (entry == null) {
                return;
            }
        }
        if (firstTime(entry, windowEnd)) {
            histograms.add(id, counts, sum);
        }
    }

    /** Refuses bounds other than those an existing histogram was created with: its buckets would not add up. */
    void checkBounds(SeriesId id, double[] bounds) {
        double[] kept = histograms.bounds(id);
        if (kept != null && !Arrays.equals(kept, bounds)) {
            throw new IllegalArgumentException("histogram " + id.name() + id.labels() + " has the bucket bounds "
                    + Arrays.toString(kept) + ", a window brought " + Arrays.toString(bounds));
        }
    }

    /** Whether a window end is new to a counter or histogram; stamps the update and the owner's latest window. */
    private boolean firstTime(Entry entry, long windowEnd) {
        entry.updated = clock.instant();
        Owned owned = byOwner.get(entry.id.owner());
        if (owned != null) {
            owned.windowEnd = Math.max(owned.windowEnd, windowEnd);
        }
        return entry.windowEnds.firstTime(windowEnd);
    }

    /** A gauge fixed at 1 that staleness never removes: a firing alert sends no record until it resolves. */
    void setFlag(SeriesId id) {
        if (!entries.containsKey(id)) {
            LatestValue one = new LatestValue();
            one.set(1);
            create(id, 1, () -> Gauge.builder(id.name(), one, LatestValue::get)
                    .tags(id.labels()).strongReference(true).register(registry), one, true);
        }
    }

    void remove(SeriesId id) {
        Entry entry = entries.remove(id);
        if (entry != null) {
            if (entry.meter == null) {
                histograms.remove(id);
            } else {
                registry.remove(entry.meter);
            }
            series -= entry.weight;
            Owned owned = byOwner.get(entry.id.owner());
            if (owned != null) {
                owned.series.remove(id);
                if (owned.series.isEmpty()) {
                    byOwner.remove(entry.id.owner());
                }
            }
        }
    }

    void removeOwner(List<String> owner) {
        removeOwner(owner, Long.MAX_VALUE);
    }

    /**
     * Removes an owner's series unless it has shown a window ending after {@code notAfterWindowEnd}: a retirement
     * read after the owner came back (a replay, another topic's partition read first) must not take away
     * the series of its new windows.
     */
    void removeOwner(List<String> owner, long notAfterWindowEnd) {
        Owned owned = byOwner.get(owner);
        if (owned != null && owned.windowEnd <= notAfterWindowEnd) {
            new ArrayList<>(owned.series).forEach(this::remove);
        }
    }

    /** Removes every series, flags aside, not updated since {@code now - staleAfter}. */
    void sweep(Instant now, Duration staleAfter) {
        Instant cutoff = now.minus(staleAfter);
        List<SeriesId> stale = new ArrayList<>();
        entries.forEach((id, entry) -> {
            if (!entry.flag && entry.updated.isBefore(cutoff)) {
                stale.add(id);
            }
        });
        stale.forEach(this::remove);
    }

    /** Prometheus series kept: a histogram counts each of its buckets, its _sum and its _count. */
    int size() {
        return series;
    }

    /**
     * @param weight the Prometheus series the entry exposes
     * @param register registers the meter and returns it; a histogram registers with {@link #histograms}
     *     and returns null
     */
    private Entry create(SeriesId id, int weight, Supplier<Meter> register, LatestValue value, boolean flag) {
        if (series + weight > maxSeries) {
            dropped.increment(weight);
            return null;
        }
        Entry entry = new Entry(id, weight, register.get(), value, flag, clock.instant());
        entries.put(id, entry);
        series += weight;
        if (id.owner() != null) {
            byOwner.computeIfAbsent(id.owner(), o -> new Owned()).series.add(id);
        }
        return entry;
    }

    private static final class Entry {
        final SeriesId id;
        final int weight;
        /** Null for a histogram, which {@link #histograms} holds. */
        final Meter meter;
        final LatestValue value;
        final boolean flag;
        /** Counters and histograms only: a gauge shows one window and needs no memory of others. */
        final WindowEnds windowEnds;
        Instant updated;

        Entry(SeriesId id, int weight, Meter meter, LatestValue value, boolean flag, Instant updated) {
            this.id = id;
            this.weight = weight;
            this.meter = meter;
            this.value = value;
            this.flag = flag;
            this.updated = updated;
            this.windowEnds = value == null ? new WindowEnds(WINDOW_ENDS_KEPT) : null;
        }
    }

    /** The series of one owner, and the latest window shown or added for it: forgotten with its last series. */
    private static final class Owned {
        final Set<SeriesId> series = new HashSet<>();
        long windowEnd = Long.MIN_VALUE;
    }
}
