package io.plumbline.jobs.drift;

import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.state.ModelProfileSerializer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;

/**
 * One key's panes by start time: open ones as live profiles, updated in place; sealed ones, whose time
 * has passed but which later windows (sliding, or a rolling baseline) still merge, as their
 * {@link ProfileFormat} bytes. A live numeric sketch holds ~24 KiB of t-digest buffers, its bytes
 * 1–2 KiB (DESIGN §4a), and most panes a key keeps are sealed: all but one of a sliding window's
 * size/slide, all of a rolling baseline's.
 */
final class Panes {
    /** Still named "windows", as when every pane was a whole tumbling window, so old checkpoints restore. */
    private final MapState<Long, ModelProfile> open;
    private final MapState<Long, byte[]> sealed;
    private final long slide;

    Panes(RuntimeContext context, long slide) {
        this.open = context.getMapState(
                new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, ModelProfileSerializer.INSTANCE));
        this.sealed = context.getMapState(
                new MapStateDescriptor<>("sealed-panes", LongSerializer.INSTANCE, BytePrimitiveArraySerializer.INSTANCE));
        this.slide = slide;
    }

    /**
     * The pane starting at {@code start} to record into, or null if it has none yet. A sealed pane is
     * opened again: an event behind its time is rare (events behind the watermark are dead-lettered
     * before the shuffle) but still belongs to the windows that are open.
     */
    ModelProfile forUpdate(long start) throws Exception {
        ModelProfile pane = open.get(start);
        if (pane == null) {
            byte[] bytes = sealed.get(start);
            if (bytes != null) {
                pane = ProfileFormat.read(bytes);
                sealed.remove(start);
                open.put(start, pane);
            }
        }
        return pane;
    }

    /** Keeps the open pane: a new one, or one changed in place, which RocksDB keeps only once it is put. */
    void put(long start, ModelProfile pane) throws Exception {
        open.put(start, pane);
    }

    /** The pane starting at {@code start} to read, or null; a sealed one is a fresh copy. */
    ModelProfile read(long start) throws Exception {
        ModelProfile pane = open.get(start);
        if (pane != null) {
            return pane;
        }
        byte[] bytes = sealed.get(start);
        return bytes == null ? null : ProfileFormat.read(bytes);
    }

    /**
     * The panes in [start, end) merged into a fresh profile; for one pane, that pane itself (empty
     * if there is none), which is only read: a tumbling window's pane is removed once it closes,
     * a rolling baseline's is no longer written to.
     */
    ModelProfile merged(long start, long end) throws Exception {
        if (end - start == slide) {
            ModelProfile pane = read(start);
            return pane == null ? new ModelProfile() : pane;
        }
        ModelProfile window = new ModelProfile();
        for (long p = start; p < end; p += slide) {
            ModelProfile pane = read(p);
            if (pane != null) {
                window.merge(pane);
            }
        }
        return window;
    }

    /** Seals the open panes that end at or before {@code time}: no event on time reaches them any more. */
    void sealUpTo(long time) throws Exception {
        for (Long start : startsOf(open.keys(), Long.MAX_VALUE)) {
            if (start + slide <= time) {
                sealed.put(start, ProfileFormat.write(open.get(start)));
                open.remove(start);
            }
        }
    }

    /** Drops the panes, open or sealed, that start before {@code start}. */
    void removeBefore(long start) throws Exception {
        for (Long p : startsOf(open.keys(), start)) {
            open.remove(p);
        }
        for (Long p : startsOf(sealed.keys(), start)) {
            sealed.remove(p);
        }
    }

    /** The start of the latest pane, open or sealed; {@code Long.MIN_VALUE} if there is none. */
    long latestStart() throws Exception {
        long latest = Long.MIN_VALUE;
        for (Long p : open.keys()) {
            latest = Math.max(latest, p);
        }
        for (Long p : sealed.keys()) {
            latest = Math.max(latest, p);
        }
        return latest;
    }

    /** Drops every pane: the key is retired. */
    void clear() {
        open.clear();
        sealed.clear();
    }

    /** The starts before {@code limit}, copied: a map state's keys may not be removed while iterated. */
    private static List<Long> startsOf(Iterable<Long> starts, long limit) {
        List<Long> before = new ArrayList<>();
        for (Long p : starts) {
            if (p < limit) {
                before.add(p);
            }
        }
        return before;
    }
}
