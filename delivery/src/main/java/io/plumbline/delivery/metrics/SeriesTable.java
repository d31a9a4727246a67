package io.plumbline.delivery.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private final MeterRegistry registry;
    private final Clock clock;
    private final int maxSeries;
    private final Counter dropped;
    private final Map<SeriesId, Entry> entries = new HashMap<>();
    private final Map<List<String>, Owned> byOwner = new HashMap<>();

    SeriesTable(MeterRegistry registry, Clock clock, int maxSeries) {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("serve.metrics.max-series must be at least 1, got " + maxSeries);
        }
        this.registry = registry;
        this.clock = clock;
        this.maxSeries = maxSeries;
        this.dropped = Counter.builder(DROPPED)
                .description("Series not created because serve.metrics.max-series was reached")
                .register(registry);
    }

    private void setGauge(SeriesId id, double value) {
        Entry entry = entries.get(id);
        if (entry == null) {
            LatestValue holder = new LatestValue();
            entry = create(id, () -> Gauge.builder(id.name(), holder, LatestValue::get)
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
            entry = create(id, () -> Counter.builder(id.name()).tags(id.labels()).register(registry), null, false);
            if (entry == null) {
                return;
            }
        }
        entry.updated = clock.instant();
        if (entry.windowEnds.firstTime(windowEnd) && amount > 0) {
            ((Counter) entry.meter).increment(amount);
        }
    }

    /** A gauge fixed at 1 that staleness never removes: a firing alert sends no record until it resolves. */
    void setFlag(SeriesId id) {
        if (!entries.containsKey(id)) {
            LatestValue one = new LatestValue();
            one.set(1);
            create(id, () -> Gauge.builder(id.name(), one, LatestValue::get)
                    .tags(id.labels()).strongReference(true).register(registry), one, true);
        }
    }

    void remove(SeriesId id) {
        Entry entry = entries.remove(id);
        if (entry != null) {
            registry.remove(entry.meter);
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
        Owned owned = byOwner.get(owner);
        if (owned != null) {
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

    int size() {
        return entries.size();
    }

    private Entry create(SeriesId id, Supplier<Meter> register, LatestValue value, boolean flag) {
        if (entries.size() >= maxSeries) {
            dropped.increment();
            return null;
        }
        Entry entry = new Entry(id, register.get(), value, flag, clock.instant());
        entries.put(id, entry);
        if (id.owner() != null) {
            byOwner.computeIfAbsent(id.owner(), o -> new Owned()).series.add(id);
        }
        return entry;
    }

    private static final class Entry {
        final SeriesId id;
        final Meter meter;
        final LatestValue value;
        final boolean flag;
        /** Counters only: a gauge shows one window and needs no memory of others. */
        final WindowEnds windowEnds;
        Instant updated;

        Entry(SeriesId id, Meter meter, LatestValue value, boolean flag, Instant updated) {
            this.id = id;
            this.meter = meter;
            this.value = value;
            this.flag = flag;
            this.updated = updated;
            this.windowEnds = meter instanceof Counter ? new WindowEnds(WINDOW_ENDS_KEPT) : null;
        }
    }

    /** The series of one owner, and the latest window shown for it: forgotten with its last series. */
    private static final class Owned {
        final Set<SeriesId> series = new HashSet<>();
        long windowEnd = Long.MIN_VALUE;
    }
}
