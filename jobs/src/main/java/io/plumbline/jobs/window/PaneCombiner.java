package io.plumbline.jobs.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.types.Either;

/**
 * The first phase of a keyed stage's two-phase aggregation, chained before the shuffle: it folds the events
 * of each key and pane into one partial ({@link Combining} says how), so what crosses the keyBy is one
 * partial per key and pane rather than one record per event (DESIGN §4a), and the sketch updates run here,
 * as parallel as the source, even for one hot key.
 *
 * <p>Nothing is held across a watermark or a checkpoint: every partial goes out before the watermark that
 * follows its events (so the keyed stage never finds them behind its windows) and before a checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), so the operator has no state to snapshot and a restore loses nothing.
 * A key's first event in a watermark interval is held as it is and sent alone if no second one comes, so a
 * key with one event per interval costs what it did without this operator. At most {@code maxKeys} keys are
 * held at once; events of further keys pass through one by one.
 *
 * @param <E> the events
 * @param <P> the partials
 */
public final class PaneCombiner<E, P> extends AbstractStreamOperator<Either<E, P>>
        implements OneInputStreamOperator<E, Either<E, P>> {

    /**
     * A partial this large goes out at once: below {@code NumericSketch.EXACT_VALUE_CAPACITY}, so its numeric
     * sketches hold exact values, which the keyed stage's sketch takes as they are, and no t-digest is built
     * twice.
     */
    public static final int MAX_EVENTS_PER_PARTIAL = 2048;

    private final Combining<E, P> combining;
    private final int maxKeys;

    private transient Map<String, Held<E, P>> held;
    private transient StreamRecord<Either<E, P>> reusable;
    private transient Counter partialsSent;
    private transient Counter eventsCombined;

    /** What one key holds: its first event, or the partial of it and those that followed. */
    private static final class Held<E, P> {
        final String key;
        long paneStart;
        E first;
        P partial;

        Held(String key) {
            this.key = key;
        }
    }

    /** @param maxKeys the most keys held at once: the keyed stage's key limit */
    public PaneCombiner(Combining<E, P> combining, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive, got " + maxKeys);
        }
        this.combining = Objects.requireNonNull(combining, "combining");
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
    public void processElement(StreamRecord<E> element) throws Exception {
        E event = element.getValue();
        long time = combining.time(event);
        long paneStart = combining.paneStart(time);
        String name = combining.key(event);
        Held<E, P> key = held.get(name);
        if (key == null) {
            if (held.size() >= maxKeys) {
                send(Either.Left(event), time);
                return;
            }
            key = new Held<>(name);
            held.put(name, key);
        } else if (key.paneStart != paneStart) {
            // An event of another pane than the key's last: out of order, or the next pane began. Send what
            // the key held, so one key holds one pane.
            sendHeld(key);
        }
        if (key.first == null && key.partial == null) {
            key.paneStart = paneStart;
            // The source reuses its record objects: what is held past this call is a copy.
            key.first = combining.copy(event);
            return;
        }
        if (key.partial == null) {
            key.partial = combining.open(key.key, paneStart);
            combining.add(key.partial, key.first);
            key.first = null;
        }
        combining.add(key.partial, event);
        if (combining.events(key.partial) >= MAX_EVENTS_PER_PARTIAL) {
            sendHeld(key);
        }
    }

    private void sendHeld(Held<E, P> key) {
        if (key.first != null) {
            send(Either.Left(key.first), combining.time(key.first));
            key.first = null;
        } else if (key.partial != null) {
            partialsSent.inc();
            eventsCombined.inc(combining.events(key.partial));
            send(Either.Right(key.partial), key.paneStart);
            key.partial = null;
        }
    }

    private void send(Either<E, P> value, long timestamp) {
        output.collect(reusable.replace(value, timestamp));
    }

    /** Sends every key's events, and forgets the keys. */
    private void sendAll() {
        if (held.isEmpty()) {
            return;
        }
        List<Held<E, P>> all = new ArrayList<>(held.values());
        held.clear();
        for (Held<E, P> key : all) {
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
