package io.plumbline.jobs.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.plumbline.monitor.drift.PartialProfile;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.types.Either;

/**
 * The first phase of the drift stage's two-phase aggregation, chained before the shuffle: it folds the events
 * of each (model, version) and pane into a {@link PanePartial}, so what crosses the keyBy is one partial per
 * key and pane rather than one record per event (DESIGN §4a), and the sketch updates run here, as parallel as
 * the source, even for one hot model.
 *
 * <p>Nothing is held across a watermark or a checkpoint: every partial goes out before the watermark that
 * follows its events (so the drift stage never finds them behind its windows) and before a checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), so the operator has no state to snapshot and a restore loses nothing.
 * A key's first event in a watermark interval is held as it is and sent alone if no second one comes, so a
 * key with one event per interval costs what it did without this operator. At most {@code maxKeys} keys are
 * held at once; events of further keys pass through one by one.
 */
public final class PaneCombiner extends AbstractStreamOperator<Either<PredictionRecord, PanePartial>>
        implements OneInputStreamOperator<PredictionRecord, Either<PredictionRecord, PanePartial>> {

    /**
     * A partial this large goes out at once: below {@code NumericSketch.EXACT_VALUE_CAPACITY}, so its numeric
     * sketches hold exact values, which the pane takes as they are, and no t-digest is built twice.
     */
    static final int MAX_EVENTS_PER_PARTIAL = 2048;

    private final long slide;
    private final int maxFeatures;
    private final int maxCategories;
    private final int maxKeys;

    /** By model_id, then model_version: the decoder's own strings, so no key is built per event. */
    private transient Map<String, Map<String, Held>> held;
    private transient int heldKeys;
    private transient StreamRecord<Either<PredictionRecord, PanePartial>> reusable;
    private transient Counter partialsSent;
    private transient Counter eventsCombined;

    /** What one key holds: its first event, or the partial of it and those that followed. */
    private static final class Held {
        final String key;
        long paneStart;
        PredictionRecord first;
        PanePartial partial;

        Held(String key) {
            this.key = key;
        }
    }

    /**
     * @param slide the panes' length, {@code window.slide}
     * @param maxFeatures {@code features.max-per-model}
     * @param maxCategories {@code features.max-categories}
     * @param maxKeys the most keys held at once, {@code limits.max-models}
     */
    public PaneCombiner(long slide, int maxFeatures, int maxCategories, int maxKeys) {
        if (slide <= 0 || maxKeys < 1) {
            throw new IllegalArgumentException("slide and maxKeys must be positive, got " + slide + " and " + maxKeys);
        }
        this.slide = slide;
        this.maxFeatures = maxFeatures;
        this.maxCategories = maxCategories;
        this.maxKeys = maxKeys;
    }

    @Override
    public void open() throws Exception {
        super.open();
        held = new HashMap<>();
        reusable = new StreamRecord<>(null);
        partialsSent = getMetricGroup().counter("panePartialsSent");
        eventsCombined = getMetricGroup().counter("eventsCombined");
    }

    @Override
    public void processElement(StreamRecord<PredictionRecord> element) throws Exception {
        PredictionRecord event = element.getValue();
        long time = event.timestamp();
        long paneStart = time - Math.floorMod(time, slide);
        Map<String, Held> versions = held.get(event.modelId());
        Held key = versions == null ? null : versions.get(event.modelVersion());
        if (key == null) {
            if (heldKeys >= maxKeys) {
                send(Either.Left(event), time);
                return;
            }
            key = new Held(ModelKey.of(event.modelId(), event.modelVersion()));
            held.computeIfAbsent(event.modelId(), id -> new HashMap<>()).put(event.modelVersion(), key);
            heldKeys++;
        } else if (key.paneStart != paneStart) {
            // An event of another pane than the key's last: out of order, or the next pane began. Send what
            // the key held, so one key holds one pane.
            sendHeld(key);
        }
        if (key.first == null && key.partial == null) {
            key.paneStart = paneStart;
            // The source reuses its record objects: what is held past this call is a copy.
            key.first = event.copy();
            return;
        }
        if (key.partial == null) {
            key.partial = new PanePartial(key.key, paneStart, new PartialProfile(maxFeatures, maxCategories));
            key.partial.add(key.first);
            key.first = null;
        }
        key.partial.add(event);
        if (key.partial.events() >= MAX_EVENTS_PER_PARTIAL) {
            sendHeld(key);
        }
    }

    private void sendHeld(Held key) {
        if (key.first != null) {
            send(Either.Left(key.first), key.first.timestamp());
            key.first = null;
        } else if (key.partial != null) {
            partialsSent.inc();
            eventsCombined.inc(key.partial.events());
            send(Either.Right(key.partial), key.paneStart);
            key.partial = null;
        }
    }

    private void send(Either<PredictionRecord, PanePartial> value, long timestamp) {
        output.collect(reusable.replace(value, timestamp));
    }

    /** Sends every key's events, and forgets the keys. */
    private void sendAll() {
        if (heldKeys == 0) {
            return;
        }
        List<Held> all = new ArrayList<>(heldKeys);
        for (Map<String, Held> versions : held.values()) {
            all.addAll(versions.values());
        }
        held.clear();
        heldKeys = 0;
        for (Held key : all) {
            sendHeld(key);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        sendAll();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        // An input going idle may hold the watermark back no longer: what it held must be out before.
        sendAll();
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sendAll();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        sendAll();
        super.finish();
    }
}
