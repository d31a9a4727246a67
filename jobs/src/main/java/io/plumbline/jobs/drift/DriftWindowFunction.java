package io.plumbline.jobs.drift;

import io.plumbline.monitor.drift.ProfileRecorder;
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
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.BaselineKind;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.kafka.OutputKey;
import io.plumbline.jobs.kafka.TurnedAway;
import io.plumbline.jobs.kafka.WindowLateness;
import io.plumbline.jobs.window.IdleRetirement;
import io.plumbline.jobs.window.SourcePositions;
import io.plumbline.jobs.state.AlertBookSerializer;
import io.plumbline.jobs.state.FeatureTypesSerializer;
import io.plumbline.jobs.state.KeyLimit;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Either;
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
 * <p>As Flink's {@code WindowOperator} separates assigner, trigger and function, this class is the wiring:
 * panes assign events to windows, the key's {@link BaselineStrategy} says what a window is compared with
 * (DESIGN §4: {@link WarmupBaseline}, {@link RollingBaseline}, or a {@link PublishedReference} once one
 * arrives on the second input), the {@link RetirementTimer} says when the key retires, and the
 * {@link DriftEvaluator} judges. A published reference's feature types become the key's fixed types, so a
 * feature the stream sends with another type counts as a type mismatch.
 *
 * <p>A window of fewer than {@code minEvents} events is too small to judge: its statistics are
 * reported with {@code drifted} null (and the model record's {@code drift_share},
 * {@code features_drifted} and {@code prediction_drifted} null), and it neither fires nor resolves
 * an alert. Its {@code n_current} says why.
 *
 * <p>A key without events for {@code idleAfter} ({@code model-idle-after}) is retired
 * ({@link DriftEvaluator#retire}): its firing alerts resolve, saying so, and its panes, learnt baselines and
 * alert state are cleared, so a model version that is no longer called costs nothing. A published reference
 * is kept, with the feature types it fixed, and judges the key if the version sends predictions again. The
 * end of a bounded input (the watermark at {@code Long.MAX_VALUE}) is no time without events: it retires
 * nothing.
 *
 * <p>Timers: a window's fires at its last millisecond, registered with the window's first pane; a key with
 * events has one retirement timer besides ({@link RetirementTimer}), and a firing is told apart by the key's
 * state. A key restored from a checkpoint of a job that retired nothing takes its retirement timer when its
 * next window closes; one without an open window has no timer to fire, and is retired only after its next
 * predictions.
 *
 * <p>Hostile input is bounded: at most {@code maxModels} keys have state in one instance ({@link KeyLimit}); an
 * event that would start another, or that arrives behind the watermark (see {@link KeyedStageDeadLetters}),
 * goes to {@link DeadLetterRouter#DEAD_LETTERS} by its source position. When a window closes, feature slots
 * are rebalanced by evidence ({@link FeatureTypes#rebalance}) and the model's DriftStats say how many
 * values had no slot. Each limit counts what it turned away ({@link TurnedAway}): events of model versions
 * past {@code limits.max-models}, values of features without a slot, and values a category past
 * {@code features.max-categories} pushed into "other" as it arrived.
 *
 * <p>The first input carries events one by one, or a {@link PanePartial} of many of one pane, folded before
 * the shuffle ({@link PredictionPartials}); a partial is merged into its pane as its events would have been
 * recorded ({@link io.plumbline.monitor.drift.PartialProfile}), and dead-lettered event by event if late or
 * over the limit.
 *
 * <p>Panes and feature types are updated in place and then put back, which is what keeps them on RocksDB
 * (which serializes what is put) and costs next to nothing on the heap backend. On RocksDB that is a
 * pane's whole profile per record: what makes it affordable is that records are mostly partials.
 *
 * <p>Each feature is compared as the {@link DriftPolicy} types it (or, where it does not, as its
 * baseline decides) and judged by the thresholds the policy resolves for its model and name.
 */
public final class DriftWindowFunction
        extends KeyedCoProcessFunction<String, Either<PredictionRecord, PanePartial>, ReferenceBaseline, KeyedMessage>
        implements CheckpointedFunction {

    /** The config keys of the limits this stage enforces, named in its dead letters and metrics. */
    static final String MAX_MODELS = "limits.max-models";
    static final String MAX_FEATURES = "features.max-per-model";
    static final String MAX_CATEGORIES = "features.max-categories";

    public static final OutputTag<KeyedMessage> ALERTS = new OutputTag<>("alerts", PlumblineTypes.KEYED_MESSAGE);

    private final long size;
    private final long slide;
    private final WindowLateness lateness;
    private final IdleRetirement idle;
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
    private transient PublishedReference reference;
    /** Registered whatever the kind, as a reference replaces what it learnt and a retirement clears it. */
    private transient WarmupBaseline warmup;
    /** The kind the config names: {@link #warmup}, or a {@link RollingBaseline}. */
    private transient BaselineStrategy configured;
    private transient ValueState<FeatureTypes> types;
    private transient ValueState<Long> firstEventTime;
    private transient ValueState<AlertBook> alertBook;
    private transient RetirementTimer retirement;
    private final KeyedStageDeadLetters deadLetters;
    /** The (model, version) keys with state here: from a key's first event to its retirement. */
    private final KeyLimit models;
    private transient Counter modelsRetired;
    /** Values of features without a slot ({@link #MAX_FEATURES}). */
    private transient Counter featureValuesDropped;
    /** Values a new category pushed into "other" of a full categorical sketch ({@link #MAX_CATEGORIES}). */
    private transient Counter valuesPushedToOther;

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
        this.idle = new IdleRetirement(idleAfter.toMillis(), slide);
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
        this.models = new KeyLimit(maxModels, MAX_MODELS);
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
        RuntimeContext runtime = getRuntimeContext();
        panes = new Panes(runtime, slide);
        types = runtime.getState(new ValueStateDescriptor<>("feature-types", FeatureTypesSerializer.INSTANCE));
        firstEventTime = runtime.getState(new ValueStateDescriptor<>("first-event-time", LongSerializer.INSTANCE));
        alertBook = runtime.getState(new ValueStateDescriptor<>("alerts", AlertBookSerializer.INSTANCE));
        reference = new PublishedReference(runtime);
        warmup = new WarmupBaseline(runtime, firstEventTime, reference, recorder, warmupEvents, minEvents);
        configured = baselineKind == BaselineKind.ROLLING
                ? new RollingBaseline(panes, firstEventTime, size, rollingWindows, minEvents) : warmup;
        retirement = new RetirementTimer(runtime, idle);
        deadLetters.open(runtime.getMetricGroup());
        modelsRetired = runtime.getMetricGroup().counter("modelsRetired");
        models.open(runtime.getMetricGroup(), "models");
        featureValuesDropped = TurnedAway.counter(runtime.getMetricGroup(), MAX_FEATURES);
        valuesPushedToOther = TurnedAway.counter(runtime.getMetricGroup(), MAX_CATEGORIES);
    }

    @Override
    public void processElement1(Either<PredictionRecord, PanePartial> update, Context ctx, Collector<KeyedMessage> out)
            throws Exception {
        if (update.isLeft()) {
            processEvent(update.left(), ctx);
        } else {
            processPartial(update.right(), ctx);
        }
    }

    private void processEvent(PredictionRecord event, Context ctx) throws Exception {
        long time = event.timestamp();
        long watermark = ctx.timerService().currentWatermark();
        if (lateness.isLate(time, watermark)) {
            // Every window containing it has closed: see KeyedStageDeadLetters for how that can happen here.
            ctx.output(DeadLetterRouter.DEAD_LETTERS, deadLetters.late(event, time, watermark));
            return;
        }
        if (!admit(time, 1)) {
            ctx.output(DeadLetterRouter.DEAD_LETTERS, deadLetters.overLimit(event,
                    "model version " + event.modelId() + "/" + event.modelVersion(), models));
            return;
        }
        long paneStart = time - Math.floorMod(time, slide);
        ModelProfile pane = paneOf(paneStart, watermark, ctx);
        FeatureTypes fixed = keyTypes();
        long dropped = fixed.droppedFeatureValues();
        valuesPushedToOther.inc(recorder.record(event, pane, fixed));
        featureValuesDropped.inc(fixed.droppedFeatureValues() - dropped);
        writeBack(paneStart, pane, fixed);
        configured.record(event, fixed);
    }

    /**
     * A partial of the key's events in one pane ({@link PredictionPartials}): as its events one by one, but that a
     * baseline of the first {@code baseline.warmup-events} events needs them one by one, so a job with one
     * sends no partials.
     */
    private void processPartial(PanePartial partial, Context ctx) throws Exception {
        if (warmupEvents > 0) {
            throw new IllegalStateException("a pane partial reached a drift stage with baseline.warmup-events: "
                    + "such a job must not pre-aggregate");
        }
        long paneStart = partial.paneStart();
        long watermark = ctx.timerService().currentWatermark();
        // Every event of a pane has the same windows, so the pane decides for all of them.
        SourcePositions positions = partial.positions();
        if (lateness.isLate(paneStart, watermark)) {
            deadLetters.late(positions, watermark, letter -> ctx.output(DeadLetterRouter.DEAD_LETTERS, letter));
            return;
        }
        if (!admit(positions.minTime(), positions.size())) {
            deadLetters.overLimit(positions, "model version " + ModelKey.modelId(partial.key()) + "/"
                    + ModelKey.modelVersion(partial.key()), models,
                    letter -> ctx.output(DeadLetterRouter.DEAD_LETTERS, letter));
            return;
        }
        ModelProfile pane = paneOf(paneStart, watermark, ctx);
        FeatureTypes fixed = keyTypes();
        long dropped = fixed.droppedFeatureValues();
        valuesPushedToOther.inc(partial.profile().mergeInto(pane, fixed));
        featureValuesDropped.inc(fixed.droppedFeatureValues() - dropped);
        writeBack(paneStart, pane, fixed);
    }

    /**
     * Puts the pane and the types changed in place back into state: on the heap backend that keeps the same
     * objects, cheap; on RocksDB, which keeps only what is put, it is what makes the change last.
     */
    private void writeBack(long paneStart, ModelProfile pane, FeatureTypes fixed) throws Exception {
        panes.put(paneStart, pane);
        types.update(fixed);
    }

    /**
     * Whether the key takes {@code events} events from {@code time} on: a key without state starts only if the
     * limit lets it ({@link KeyLimit}); the key's first event time goes back to {@code time} if that is earlier.
     */
    private boolean admit(long time, long events) throws Exception {
        Long first = firstEventTime.value();
        if (first == null && !models.admit(events)) {
            return false;
        }
        if (first == null || time < first) {
            firstEventTime.update(time);
        }
        return true;
    }

    /** The pane starting at {@code paneStart} to record into, opened with its windows' timers if it is new. */
    private ModelProfile paneOf(long paneStart, long watermark, Context ctx) throws Exception {
        ModelProfile pane = panes.forUpdate(paneStart);
        if (pane == null) {
            pane = new ModelProfile();
            retirement.paneOpened(paneStart + slide, ctx.timerService());
            // One timer per window containing the pane; windows ending at the same time share theirs.
            // A window that has closed already is not reported again.
            for (long end = paneStart + slide; end <= paneStart + size; end += slide) {
                if (end - 1 > watermark) {
                    ctx.timerService().registerEventTimeTimer(end - 1);
                }
            }
        }
        return pane;
    }

    /** The key's feature types, new and empty on its first event. */
    private FeatureTypes keyTypes() throws Exception {
        FeatureTypes fixed = types.value();
        return fixed == null ? new FeatureTypes(maxFeatures) : fixed;
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
        reference.publish(published);
        FeatureTypes fixed = published.types();
        fixed.makeAuthoritative();
        types.update(fixed);
        warmup.clear();
    }

    /**
     * Fires at the last millisecond of a window, when every event of the window is in; or at the key's
     * retirement timer, when no window of it is left open.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        Long idleSince = retirement.idleSince();
        if (idleSince != null && retirement.firesAt(idleSince, timestamp)) {
            // When a bounded input ends, the watermark jumps to the end of time: that is no time without
            // events, and what still fires stays firing, as the input left it.
            if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
                retire(new Retirement(ModelKey.modelId(ctx.getCurrentKey()),
                        ModelKey.modelVersion(ctx.getCurrentKey()), idleSince, timestamp + 1, idle.idleAfter()), ctx);
            }
            return;
        }
        if (idleSince == null) {
            // Its latest pane is still kept, as a window containing it is open.
            retirement.start(panes.latestStart() + slide, ctx.timerService());
        }
        long end = timestamp + 1;
        long start = end - size;
        ModelProfile closed = panes.merged(start, end);
        long droppedValues = rebalanceFeatures(closed);
        BaselineStrategy baselines = reference.isPublished() ? reference : configured;
        Baseline compared = baselines.baselineOf(start);
        baselines.learn(start, end, closed);
        panes.removeBefore(baselines.panesNeededFrom(start + slide));
        panes.sealUpTo(end);
        if (compared != null) {
            judge(new WindowContext(ModelKey.modelId(ctx.getCurrentKey()), ModelKey.modelVersion(ctx.getCurrentKey()),
                    start, end, baselines.name(), compared.windowStart(), compared.windowEnd(),
                    compared.profile().events(), closed.events()), compared, closed, droppedValues, ctx, out);
        }
    }

    /** Compares the closed window with its baseline; out come its statistics and the alerts it changes. */
    private void judge(WindowContext window, Baseline compared, ModelProfile closed, long droppedValues,
                       OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        ProfileComparison comparison = ProfileComparator.compare(compared.profile(), closed,
                policy.types(window.modelId()));
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
            ctx.output(ALERTS, KeyedMessage.of(alert));
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
        types.update(fixed);
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
     * types it fixed; its timer is the one firing.
     */
    private void retire(Retirement retired, OnTimerContext ctx) throws Exception {
        AlertBook book = alertBook.value();
        if (book != null && book.firingCount() > 0) {
            for (Alert resolved : evaluator.retire(retired, featuresJudged(), book)) {
                ctx.output(ALERTS, KeyedMessage.of(resolved));
            }
        }
        panes.clear();
        warmup.clear();
        firstEventTime.clear();
        alertBook.clear();
        retirement.clear();
        if (!reference.isPublished()) {
            types.clear();
        }
        models.release();
        modelsRetired.inc();
    }

    /**
     * The features the key recorded and its baselines had: what labels the alerts of a book that kept no
     * labels (format version 1) are resolved by.
     */
    private Set<String> featuresJudged() throws Exception {
        Set<String> features = new TreeSet<>();
        FeatureTypes fixed = types.value();
        if (fixed != null) {
            features.addAll(fixed.types().keySet());
        }
        features.addAll(reference.features());
        features.addAll(warmup.features());
        return features;
    }

    /** What a consumer of the stats groups by: model_id/model_version/feature. */
    static String statsKey(DriftStats stats) {
        return OutputKey.of(stats.getModelId(), stats.getModelVersion(), stats.getFeature());
    }
}
