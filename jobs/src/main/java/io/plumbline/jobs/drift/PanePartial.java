package io.plumbline.jobs.drift;

import java.util.Arrays;
import java.util.Objects;

import io.plumbline.monitor.drift.PartialProfile;
import io.plumbline.schemas.event.PredictionRecord;

/**
 * The events of one (model, version) key and pane that {@link PaneCombiner} folded before the shuffle: their
 * {@link PartialProfile}, and where each came from (partition, offset, event time), so the drift stage can
 * still dead-letter them one by one by their source position if it turns them away (late, or over the key
 * limit). That costs a few bytes per event across the shuffle, against the whole event it replaces.
 */
public final class PanePartial {

    private final String key;
    private final long paneStart;
    private final PartialProfile profile;
    private int[] partitions;
    private long[] offsets;
    private long[] times;
    private int events;

    public PanePartial(String key, long paneStart, PartialProfile profile) {
        this(key, paneStart, profile, 16);
    }

    /** @param capacity the events the positions hold before they grow */
    public PanePartial(String key, long paneStart, PartialProfile profile, int capacity) {
        this.key = Objects.requireNonNull(key, "key");
        this.paneStart = paneStart;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.partitions = new int[Math.max(1, capacity)];
        this.offsets = new long[partitions.length];
        this.times = new long[partitions.length];
    }

    /** Folds the event into the profile and remembers its position. */
    public void add(PredictionRecord event) {
        profile.record(event);
        locate(event.sourcePartition(), event.sourceOffset(), event.timestamp());
    }

    /** Remembers the position of an event the profile holds already: as a serializer reads it back. */
    public void locate(int partition, long offset, long time) {
        if (events == partitions.length) {
            int grown = events * 2;
            partitions = Arrays.copyOf(partitions, grown);
            offsets = Arrays.copyOf(offsets, grown);
            times = Arrays.copyOf(times, grown);
        }
        partitions[events] = partition;
        offsets[events] = offset;
        times[events] = time;
        events++;
    }

    public String key() {
        return key;
    }

    public long paneStart() {
        return paneStart;
    }

    public PartialProfile profile() {
        return profile;
    }

    /** The events folded in; their positions are indexed 0 to events - 1. */
    public int events() {
        return events;
    }

    public int partition(int i) {
        return partitions[Objects.checkIndex(i, events)];
    }

    public long offset(int i) {
        return offsets[Objects.checkIndex(i, events)];
    }

    public long time(int i) {
        return times[Objects.checkIndex(i, events)];
    }

    /** The earliest event time folded in; {@code Long.MAX_VALUE} for none. */
    public long minTime() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < events; i++) {
            min = Math.min(min, times[i]);
        }
        return min;
    }
}
