package io.plumbline.jobs.drift;

import io.plumbline.monitor.drift.ProfileRecorder;
import java.util.Set;

import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.monitor.config.PlumblineConfig.BaselineKind;
import io.plumbline.jobs.state.BaselineSerializer;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Baseline {@code warmup}: the first complete window, the first that starts at or after the key's first
 * event, so a key first seen mid-window does not learn a partial window, and that has at least
 * {@code minEvents}; or, with {@code events} above zero, the profile of the key's first that many events as
 * they arrive, spanning their earliest to their latest event time. Windows that close before the baseline is
 * complete are not compared; later ones are, even where they overlap it. While a reference is published it
 * learns nothing.
 */
final class WarmupBaseline implements BaselineStrategy {

    /** Set once, then never changed. */
    private final ValueState<Baseline> baseline;
    /** With {@code events}: the events so far, until there are that many. */
    private final ValueState<Baseline> warmup;
    private final ValueState<Long> firstEventTime;
    private final PublishedReference reference;
    private final ProfileRecorder recorder;
    private final long events;
    private final long minEvents;

    /** @param events how many first events the baseline profiles; 0: the first complete window */
    WarmupBaseline(RuntimeContext context, ValueState<Long> firstEventTime, PublishedReference reference,
                   ProfileRecorder recorder, long events, long minEvents) {
        this.baseline = context.getState(new ValueStateDescriptor<>("baseline", BaselineSerializer.INSTANCE));
        this.warmup = context.getState(new ValueStateDescriptor<>("warmup", BaselineSerializer.INSTANCE));
        this.firstEventTime = firstEventTime;
        this.reference = reference;
        this.recorder = recorder;
        this.events = events;
        this.minEvents = minEvents;
    }

    @Override
    public String name() {
        return BaselineKind.WARMUP.wireName();
    }

    /**
     * Adds the event to the warmup profile of the first {@code events} events, a second sketch update that
     * only these events pay.
     */
    @Override
    public void record(PredictionRecord event, FeatureTypes types) throws Exception {
        if (events == 0 || baseline.value() != null || reference.isPublished()) {
            return;
        }
        long time = event.timestamp();
        Baseline sofar = warmup.value();
        ModelProfile profile = sofar == null ? new ModelProfile() : sofar.profile();
        recorder.recordAgain(event, profile, types);
        Baseline learnt = sofar == null ? new Baseline(profile, time, time + 1)
                : new Baseline(profile, Math.min(sofar.windowStart(), time), Math.max(sofar.windowEnd(), time + 1));
        if (profile.events() >= events) {
            baseline.update(learnt);
            warmup.clear();
        } else {
            warmup.update(learnt);
        }
    }

    @Override
    public Baseline baselineOf(long start) throws Exception {
        return baseline.value();
    }

    /** Without {@code events}, the first complete window of at least {@code minEvents} becomes the baseline. */
    @Override
    public void learn(long start, long end, ModelProfile closed) throws Exception {
        if (events == 0 && closed.events() >= minEvents && start >= firstEventTime.value()
                && baseline.value() == null) {
            baseline.update(new Baseline(closed, start, end));
        }
    }

    /** The features the learnt baseline profiles; none before there is one. */
    Set<String> features() throws Exception {
        Baseline learnt = baseline.value();
        return learnt == null ? Set.of() : learnt.profile().features().keySet();
    }

    /** Forgets what was learnt: a reference replaced it, or the key retired. */
    void clear() {
        baseline.clear();
        warmup.clear();
    }
}
