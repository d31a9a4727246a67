package io.plumbline.jobs.drift;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.rules.DriftEvaluator;
import io.plumbline.alerts.rules.DriftPolicy;
import io.plumbline.alerts.rules.Retirement;
import io.plumbline.alerts.rules.WindowContext;
import io.plumbline.alerts.rules.WindowResult;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.config.PlumblineConfig.BaselineKind;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.kafka.OutputKey;
import io.plumbline.jobs.kafka.WindowLateness;
import io.plumbline.jobs.state.AlertBookSerializer;
import io.plumbline.jobs.state.BaselineSerializer;
import io.plumbline.jobs.state.FeatureTypesSerializer;
import io.plumbline.jobs.state.KeyLimit;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The drift stage, keyed by (model, version) ({@link ModelKey}): one event in, at most one sketch
 * update per feature. Event-time windows of {@code size} end every {@code slide}, aligned to the
 * epoch (tumbling when the two are equal). The keyed state holds one {@link ModelProfile} per pane
 * of the slide length, so an event updates one pane's sketches, never size/slide windows' worth
 * (DESIGN §4a). When the watermark passes a window's end, its panes are merged into a fresh
 * profile and compared with the key's baseline; its {@link DriftStats} come out on the main output,
 * its alert state changes on {@link #ALERTS}, both as keyed JSON. A pane whose time has passed is
 * kept serialised while later windows still merge it ({@link Panes}), and removed once the last
 * window that contains it has closed.
 *
 * <p>Baselines (DESIGN §4), per key:
 * <ul>
 *   <li>{@code warmup}: the first complete window, the first that starts at or after the key's first
 *       event, so a key first seen mid-window does not learn a partial window, and that has at least
 *       {@code minEvents}; or, with {@code warmupEvents}, the profile of the key's first that many
 *       events as they arrive, spanning their earliest to their latest event time. Windows that close
 *       before the baseline is complete are not compared; later ones are, even where they overlap it.
 *   <li>{@code rolling}: the {@code rollingWindows} window lengths just before the window, merged
 *       from the panes kept that long: for a sliding window the windows that end at its start, at
 *       that minus the size, and so on, none overlapping it. Only complete windows count (from the
 *       key's first event on): the first window is not compared, the next ones with the complete
 *       windows there are until there are K. A baseline of fewer than {@code minEvents} (a key that
 *       was silent) compares nothing.
 *   <li>{@code reference}: a profile built offline ({@code plumbline baseline build}) that arrives on
 *       the second input, keyed by the same (model, version). It replaces the key's warmup or rolling
 *       baseline from the next window that closes on, also for a key that is running already, and the
 *       newest reference of a key replaces an older one. Its feature types become the key's fixed
 *       types, so a feature the stream sends with another type counts as a type mismatch. It has no
 *       span of event time: DriftStats' {@code baseline_window_start} and {@code _end} both carry its
 *       build time. Another model version is another key, so it never sees this reference.
 * </ul>
 *
 * <p>A window of fewer than {@code minEvents} events is too small to judge: its statistics are
 * reported with {@code drifted} null (and the model record's {@code drift_share},
 * {@code features_drifted} and {@code prediction_drifted} null), and it neither fires nor resolves
 * an alert. Its {@code n_current} says why.
 *
 * <p>A key without events for {@code idleAfter} ({@code model-idle-after}) is retired
 * ({@link DriftEvaluator#retire}): its firing alerts resolve, saying so, and its panes, learnt baselines and
 * alert state are cleared, so a model version that is no longer called costs nothing. A published reference
 * is kept, with the feature types it fixed: the baselines topic is read from its start only when the job
 * starts without a checkpoint, so a reference dropped here would not come back, and the key would be judged
 * against a learnt baseline if the version sends predictions again. The end of a bounded input (the
 * watermark at {@code Long.MAX_VALUE}) is no time without events: it retires nothing.
 *
 * <p>Timers: a window's fires at its last millisecond, registered with the window's first pane. A key with
 * events has exactly one retirement timer besides, at {@link #retirementTimer} of its latest pane's end,
 * moved when a later pane opens. Flink keeps one timer per key and timestamp, so the two kinds must never
 * share one: the retirement timer is at least {@code idleAfter} (at least {@code size}) after the latest
 * pane, so after the last window containing it ends, and an older retirement timer, which a window of a new
 * pane may share, is deleted before that window's timer is registered. A firing is told apart by the key's
 * state: the retirement timer is the one at {@link #retirementTimer} of the latest pane's end. A key restored
 * from a checkpoint of a job that retired nothing takes its retirement timer when its next window closes;
 * one without an open window has no timer to fire, and is retired only after its next predictions.
 *
 * <p>Hostile input is bounded: at most {@code maxModels} keys have state in one instance ({@link KeyLimit}); an
 * event that would start another, or that arrives behind the watermark (see {@link KeyedStageDeadLetters}),
 * goes to {@link DeadLetterRouter#DEAD_LETTERS} by its source position. When a window closes, feature slots
 * are rebalanced by evidence ({@link FeatureTypes#rebalance}) and the model's DriftStats say how many
 * values had no slot.
 *
 * <p>Panes and feature types are updated in place, without writing them back: that is only correct
 * on the heap state backend, which the job forces ({@code state.backend.type: hashmap}). With
 * RocksDB each event would have to write its pane's whole profile back.
 *
 * <p>Each feature is compared as the {@link DriftPolicy} types it (or, where it does not, as its
 * baseline decides) and judged by the thresholds the policy resolves for its model and name.
 */
public final class DriftWindowFunction
        extends KeyedCoProcessFunction<String, PredictionRecord, ReferenceBaseline, KeyedMessage>
        implements CheckpointedFunction {

    /** The config key of {@link #models}' limit, named in its dead letters. */
    static final String MAX_MODELS = "limits.max-models";

    /** What DriftStats and alerts call a baseline published to the baselines topic. */
    static final String REFERENCE = "reference";

    public static final OutputTag<KeyedMessage> ALERTS = new OutputTag<>("alerts", PlumblineTypes.KEYED_MESSAGE);

    private final long size;
    private final long slide;
    private final WindowLateness lateness;
    private final long idleAfter;
    private final long minEvents;
    private final int maxFeatures;
    private final ProfileRecorder recorder;
    private final double minShare;
    private final BaselineKind baselineKind;
    private final long warmupEvents;
    private final int rollingWindows;
    private final DriftPolicy policy;
    private final DriftEvaluator evaluator;

    private transient Panes panes;
    /** {@code warmup}: set once, then never changed. */
    private transient ValueState<Baseline> baseline;
    /** {@code reference}: the newest published reference of the key, its span its build time. */
    private transient ValueState<Baseline> reference;
    /** {@code warmup} of N events: the events so far, until there are N. */
    private transient ValueState<Baseline> warmup;
    private transient ValueState<FeatureTypes> types;
    private transient ValueState<Long> firstEventTime;
    private transient ValueState<AlertBook> alertBook;
    /** The end of the key's latest pane: the key had no events since. */
    private transient ValueState<Long> lastPaneEnd;
    private final KeyedStageDeadLetters deadLetters;
    /** The (model, version) keys with state here: from a key's first event to its retirement. */
    private final KeyLimit models;
    private transient Counter modelsRetired;

    /**
     * @param idleAfter how long a (model, version) goes without events before it is retired, at least the
     *     window size
     * @param features how many features each (model, version) keeps sketches of, and how their slots go
     * @param policy each model's and feature's thresholds, and the features whose type is forced
     * @param runbooks what each alert's runbook_url links to
     * @param maxModels the most (model, version) keys this instance keeps state for; an event that would
     *     start one more is dead-lettered as {@code over_limit}
     * @param deadLetters the dead letters of events this stage finds behind its watermark or over the limit,
     *     on {@link DeadLetterRouter#DEAD_LETTERS}
     */
    public DriftWindowFunction(PlumblineConfig.Window window, Duration idleAfter,
                               PlumblineConfig.BaselineSettings baseline, PlumblineConfig.Features features,
                               int maxModels,
                               DriftPolicy policy, Runbooks runbooks, KeyedStageDeadLetters deadLetters) {
        if (idleAfter.compareTo(window.size()) < 0) {
            throw new IllegalArgumentException("model-idle-after must be at least window.size " + window.size()
                    + ", got " + idleAfter);
        }
        this.size = window.size().toMillis();
        this.slide = window.slide().toMillis();
        this.lateness = new WindowLateness(size, slide);
        this.idleAfter = idleAfter.toMillis();
        this.minEvents = window.minEvents();
        this.maxFeatures = features.maxPerModel();
        this.recorder = new ProfileRecorder(features.maxCategories());
        this.minShare = features.minShare();
        this.baselineKind = baseline.kind();
        this.warmupEvents = baseline.warmupEvents();
        this.rollingWindows = baseline.rollingWindows();
        this.policy = policy;
        this.evaluator = new DriftEvaluator(policy, runbooks);
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.models = new KeyLimit(maxModels);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        models.initialize(context, "live-models");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        models.snapshot();
    }

    @Override
    public void open(OpenContext context) {
        panes = new Panes(getRuntimeContext(), slide);
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline", BaselineSerializer.INSTANCE));
        reference = getRuntimeContext().getState(new ValueStateDescriptor<>("reference", BaselineSerializer.INSTANCE));
        warmup = getRuntimeContext().getState(new ValueStateDescriptor<>("warmup", BaselineSerializer.INSTANCE));
        types = getRuntimeContext().getState(new ValueStateDescriptor<>("feature-types", FeatureTypesSerializer.INSTANCE));
        firstEventTime = getRuntimeContext().getState(
                new ValueStateDescriptor<>("first-event-time", LongSerializer.INSTANCE));
        alertBook = getRuntimeContext().getState(new ValueStateDescriptor<>("alerts", AlertBookSerializer.INSTANCE));
        lastPaneEnd = getRuntimeContext().getState(
                new ValueStateDescriptor<>("last-pane-end", LongSerializer.INSTANCE));
        deadLetters.open(getRuntimeContext().getMetricGroup());
        modelsRetired = getRuntimeContext().getMetricGroup().counter("modelsRetired");
        getRuntimeContext().getMetricGroup().gauge("models", models::live);
    }

    @Override
    public void processElement1(PredictionRecord event, Context ctx, Collector<KeyedMessage> out) throws Exception {
        long time = event.timestamp();
        long paneStart = time - Math.floorMod(time, slide);
        long watermark = ctx.timerService().currentWatermark();
        if (lateness.isLate(time, watermark)) {
            // Every window containing it has closed: see KeyedStageDeadLetters for how that can happen here.
            ctx.output(DeadLetterRouter.DEAD_LETTERS, deadLetters.late(event, time, watermark));
            return;
        }
        Long first = firstEventTime.value();
        if (first == null && !models.admit()) {
            ctx.output(DeadLetterRouter.DEAD_LETTERS, deadLetters.overLimit(event,
                    "model version " + event.modelId() + "/" + event.modelVersion(), models.limit(), MAX_MODELS));
            return;
        }
        if (first == null || time < first) {
            firstEventTime.update(time);
        }
        ModelProfile pane = panes.forUpdate(paneStart);
        if (pane == null) {
            pane = new ModelProfile();
            panes.add(paneStart, pane);
            Long latest = lastPaneEnd.value();
            if (latest == null || paneStart + slide > latest) {
                // Before the pane's window timers: one of them may share the old retirement timer's timestamp.
                if (latest != null) {
                    ctx.timerService().deleteEventTimeTimer(retirementTimer(latest));
                }
                lastPaneEnd.update(paneStart + slide);
                ctx.timerService().registerEventTimeTimer(retirementTimer(paneStart + slide));
            }
            // One timer per window containing the pane; windows ending at the same time share theirs.
            // A window that has closed already is not reported again.
            for (long end = paneStart + slide; end <= paneStart + size; end += slide) {
                if (end - 1 > watermark) {
                    ctx.timerService().registerEventTimeTimer(end - 1);
                }
            }
        }
        FeatureTypes fixed = types.value();
        if (fixed == null) {
            fixed = new FeatureTypes(maxFeatures);
            types.update(fixed);
        }
        recorder.record(event, pane, fixed);
        if (baselineKind == BaselineKind.WARMUP && warmupEvents > 0 && baseline.value() == null
                && reference.value() == null) {
            learn(event, fixed);
        }
    }

    /**
     * A published reference for this key: the baseline of every window that closes from now on. The
     * learnt baselines it replaces are dropped; the panes stay, as they belong to windows still open.
     * The profile is kept as the baselines are, serialised in keyed state; the types replace the key's
     * own, which the open panes go on recording with.
     */
    @Override
    public void processElement2(ReferenceBaseline published, Context ctx, Collector<KeyedMessage> out)
            throws Exception {
        reference.update(new Baseline(published.profile(), published.builtAtMillis(), published.builtAtMillis()));
        FeatureTypes fixed = published.types();
        fixed.makeAuthoritative();
        types.update(fixed);
        baseline.clear();
        warmup.clear();
    }

    /**
     * Adds the event to the warmup profile of the first {@code warmupEvents} events, a second sketch
     * update that only these events pay.
     */
    private void learn(PredictionRecord event, FeatureTypes fixed) throws Exception {
        long time = event.timestamp();
        Baseline sofar = warmup.value();
        ModelProfile profile = sofar == null ? new ModelProfile() : sofar.profile();
        recorder.recordAgain(event, profile, fixed);
        Baseline learnt = sofar == null ? new Baseline(profile, time, time + 1)
                : new Baseline(profile, Math.min(sofar.windowStart(), time), Math.max(sofar.windowEnd(), time + 1));
        if (profile.events() >= warmupEvents) {
            baseline.update(learnt);
            warmup.clear();
        } else {
            warmup.update(learnt);
        }
    }

    /**
     * Fires at the last millisecond of a window, when every event of the window is in; or at the key's
     * retirement timer, when no window of it is left open.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        Long idleSince = lastPaneEnd.value();
        if (idleSince != null && timestamp == retirementTimer(idleSince)) {
            // When a bounded input ends, the watermark jumps to the end of time: that is no time without
            // events, and what still fires stays firing, as the input left it.
            if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
                retire(new Retirement(ModelKey.modelId(ctx.getCurrentKey()),
                        ModelKey.modelVersion(ctx.getCurrentKey()), idleSince, timestamp + 1, idleAfter), ctx);
            }
            return;
        }
        if (idleSince == null) {
            // A key restored from a checkpoint of a job that retired nothing: it has windows but no
            // retirement timer yet. Its latest pane is still kept, as a window containing it is open.
            idleSince = panes.latestStart() + slide;
            lastPaneEnd.update(idleSince);
            ctx.timerService().registerEventTimeTimer(retirementTimer(idleSince));
        }
        long end = timestamp + 1;
        long start = end - size;
        ModelProfile closed = merged(start, end);
        long droppedValues = rebalanceFeatures(closed);
        Baseline published = reference.value();
        boolean rolling = published == null && baselineKind == BaselineKind.ROLLING;
        Baseline compared = published != null ? published : learnt(start, end, closed);
        // The next window starts a slide later; a rolling baseline reaches K window lengths before it.
        panes.removeBefore(start + slide - (rolling ? rollingWindows * size : 0));
        panes.sealUpTo(end);
        if (compared == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        String modelId = ModelKey.modelId(key);
        WindowContext window = new WindowContext(modelId, ModelKey.modelVersion(key), start, end,
                published != null ? REFERENCE : baselineKind.wireName(), compared.windowStart(),
                compared.windowEnd(), compared.profile().events(), closed.events());
        ProfileComparison comparison = ProfileComparator.compare(compared.profile(), closed,
                feature -> policy.type(modelId, feature));
        WindowResult result;
        if (closed.events() < minEvents) {
            result = evaluator.report(window, comparison);
        } else {
            AlertBook book = alertBook.value();
            if (book == null) {
                book = new AlertBook();
            }
            result = evaluator.evaluate(window, comparison, book);
            alertBook.update(book);
        }

        for (DriftStats stats : result.stats()) {
            if (stats.getScope().equals("model")) {
                stats.setFeatureValuesDropped(droppedValues);
            }
            out.collect(new KeyedMessage(statsKey(stats), JsonRecordWriter.toJson(stats)));
        }
        for (Alert alert : result.alerts()) {
            alert(alert, ctx);
        }
    }

    /**
     * Gives the slots of features barely seen in the closed window to dropped features seen more, if any
     * were dropped ({@link FeatureTypes#rebalance}); returns how many values were dropped since the last
     * window closed, which the model's DriftStats publish.
     */
    private long rebalanceFeatures(ModelProfile closed) throws Exception {
        FeatureTypes fixed = types.value();
        if (fixed == null) {
            return 0;
        }
        long dropped = fixed.droppedSinceRebalance();
        fixed.rebalance(feature -> seenIn(closed, feature), closed.events(), minShare);
        return dropped;
    }

    /** The window's events that carried the feature: with a value, missing, or of the wrong type. */
    private static long seenIn(ModelProfile window, String feature) {
        FeatureSketch sketch = window.feature(feature);
        long untyped = window.untypedMissing(feature);
        return sketch == null ? untyped : untyped + sketch.count() + sketch.missing() + sketch.typeMismatches();
    }

    /**
     * Resolves what the key has firing and clears its state, but for a published reference and the feature
     * types it fixed; its timer is the one firing. Its features are those it recorded and its baselines had.
     */
    private void retire(Retirement retirement, OnTimerContext ctx) throws Exception {
        AlertBook book = alertBook.value();
        if (book != null && book.firingCount() > 0) {
            Set<String> features = new TreeSet<>();
            FeatureTypes fixed = types.value();
            if (fixed != null) {
                features.addAll(fixed.types().keySet());
            }
            for (Baseline compared : new Baseline[] {reference.value(), baseline.value()}) {
                if (compared != null) {
                    features.addAll(compared.profile().features().keySet());
                }
            }
            for (Alert resolved : evaluator.retire(retirement, features, book)) {
                alert(resolved, ctx);
            }
        }
        panes.clear();
        baseline.clear();
        warmup.clear();
        firstEventTime.clear();
        alertBook.clear();
        lastPaneEnd.clear();
        if (reference.value() == null) {
            types.clear();
        }
        models.release();
        modelsRetired.inc();
    }

    /**
     * The key's retirement timer: the last millisecond of the first window ending at least {@code idleAfter}
     * after {@code idleSince}, its latest pane's end. Windows end on multiples of {@code slide}.
     */
    private long retirementTimer(long idleSince) {
        long due = idleSince + idleAfter;
        return due + Math.floorMod(-due, slide) - 1;
    }

    private static void alert(Alert alert, Context ctx) {
        ctx.output(ALERTS, new KeyedMessage(alert.getFingerprint(), JsonRecordWriter.toJson(alert)));
    }

    /**
     * What the window [start, end) is compared with when no reference was published: the key's warmup
     * or rolling baseline; null when there is nothing to compare with yet.
     */
    private Baseline learnt(long start, long end, ModelProfile closed) throws Exception {
        long first = firstEventTime.value();
        if (baselineKind == BaselineKind.ROLLING) {
            long windows = start < first ? 0 : Math.min(rollingWindows, (start - first) / size);
            if (windows == 0) {
                return null;
            }
            long from = start - windows * size;
            ModelProfile profile = merged(from, start);
            return profile.events() >= minEvents ? new Baseline(profile, from, start) : null;
        }
        Baseline learnt = baseline.value();
        if (learnt == null && warmupEvents == 0 && start >= first && closed.events() >= minEvents) {
            baseline.update(new Baseline(closed, start, end));
        }
        return learnt;
    }

    /**
     * The panes in [start, end) merged into a fresh profile; for one pane, that pane itself (empty
     * if there is none), which is only read: a tumbling window's pane is removed once it closes,
     * a rolling baseline's is no longer written to.
     */
    private ModelProfile merged(long start, long end) throws Exception {
        if (end - start == slide) {
            ModelProfile pane = panes.read(start);
            return pane == null ? new ModelProfile() : pane;
        }
        ModelProfile window = new ModelProfile();
        for (long p = start; p < end; p += slide) {
            ModelProfile pane = panes.read(p);
            if (pane != null) {
                window.merge(pane);
            }
        }
        return window;
    }

    /** What a consumer of the stats groups by: model_id/model_version/feature. */
    static String statsKey(DriftStats stats) {
        return OutputKey.of(stats.getModelId(), stats.getModelVersion(), stats.getFeature());
    }
}
