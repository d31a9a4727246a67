package io.plumbline.jobs.llm;

import io.plumbline.monitor.llm.LlmBaselines;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Supplier;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.llm.LlmEvaluator;
import io.plumbline.alerts.llm.LlmRuleState;
import io.plumbline.alerts.llm.LlmStatsRecords;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.alerts.llm.LlmWindowContext;
import io.plumbline.alerts.llm.VariantWindow;
import io.plumbline.alerts.llm.VersionChange;
import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.detectors.sketch.Saturating;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.kafka.OutputKey;
import io.plumbline.jobs.kafka.TurnedAway;
import io.plumbline.jobs.kafka.WindowLateness;
import io.plumbline.jobs.window.IdleRetirement;
import io.plumbline.jobs.window.SourcePositions;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.jobs.state.AlertBookSerializer;
import io.plumbline.jobs.state.KeyLimit;
import io.plumbline.jobs.state.LlmRuleStateSerializer;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.jobs.state.RouteProfileSerializer;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The LLM stage, keyed by (service, prompt name, operation) ({@link LlmKey}): one call in, one
 * profile update. Tumbling event-time windows of {@code size}, aligned to the epoch; a call belongs to
 * the window of its end time. The keyed state holds one {@link RouteProfile} per open window, a
 * {@link CallProfile} per variant (provider, response model, prompt version) inside it, updated in
 * place (DESIGN §4a). When the watermark passes a window's end, each variant's profile comes out as
 * one {@link LlmStats} in JSON, keyed {@code service/prompt/operation/provider/model/prompt_version},
 * and the window's state and timer are gone.
 *
 * <p>Then the LLM rules judge it ({@link LlmEvaluator}, docs/llm-alerts.md): the releases among its
 * variants are announced, and each variant is compared with its baseline; the notices and the alerts
 * that fire or resolve come out on {@link #ALERTS}, keyed by fingerprint, in JSON as the drift alerts.
 * The window's cost comes out on {@link #SERVICE_SPEND} and each priced call's with a tenant on
 * {@link #TENANT_SPEND}, for the budget stages ({@link BudgetFunction}). What outlives a window is the
 * key's: its {@link AlertBook} (kept only while something fires), its
 * {@link LlmRuleState} and its {@link LlmBaselines} (kept once there is one), which the variants learn as
 * {@link VariantWarmups} says. A window profiles at most {@code maxVariants} variants by name
 * ({@code limits.llm.max-variants}) and counts the calls of any further one as its "other" variant; the rule
 * state remembers as many variants and the other, and the baselines of the variants it forgets go with them,
 * so a key's state is bounded whatever its traffic. At most {@code maxRoutes} keys have state in one instance
 * ({@link KeyLimit}). What each limit turns away is counted ({@link TurnedAway}).
 *
 * <p>A variant without calls for {@code idleAfter} is retired ({@link LlmEvaluator#retireIdle}): its
 * firing alerts resolve, and it is forgotten with its streaks and baseline. A key left without variants
 * and without open windows keeps no state and no timer, so keys that are no longer called cost nothing.
 *
 * <p>Timers: all fire at the last millisecond of a window. A window's is registered with the window; the
 * retirement timer is {@link VariantRetirement}'s. The two kinds are told apart by state, not by timestamp,
 * as Flink keeps one timer per key and timestamp and the two may coincide: a firing closes the window ending
 * then if there is one, then retires whatever is due.
 *
 * <p>The input carries calls one by one, or a {@link CallPartial} of many of one window, folded before the
 * shuffle ({@link CallPartials}) and merged into the window's profile.
 *
 * <p>Profiles are updated in place, without writing them back: that is only correct on the heap
 * state backend, which the job forces ({@code state.backend.type: hashmap}).
 */
public final class LlmWindowFunction extends KeyedProcessFunction<String, Either<LlmCallRecord, CallPartial>, KeyedMessage>
        implements CheckpointedFunction {

    /** The config keys of the limits this stage enforces, named in its dead letters and metrics. */
    static final String MAX_ROUTES = "limits.llm.max-routes";
    static final String MAX_VARIANTS = "limits.llm.max-variants";

    /** Alerts that fire or resolve and the releases' notices, keyed by fingerprint. */
    public static final OutputTag<KeyedMessage> ALERTS = new OutputTag<>("llm-alerts", PlumblineTypes.KEYED_MESSAGE);
    /** Each closed window's cost, owned by its service, at the window's start: the service budgets' input. */
    public static final OutputTag<Spend> SERVICE_SPEND = new OutputTag<>("llm-service-spend", PlumblineTypes.SPEND);
    /** Each priced call's cost, owned by its tenant, at its end time: the tenant budgets' input. */
    public static final OutputTag<Spend> TENANT_SPEND = new OutputTag<>("llm-tenant-spend", PlumblineTypes.SPEND);

    private final long size;
    private final WindowLateness lateness;
    private final IdleRetirement idle;
    private final PriceTable prices;
    private final LlmEvaluator evaluator;
    /** Only a tenant budget reads the per-call spends: without one, no call pays for a record. */
    private final boolean tenantSpends;
    private final int maxVariants;

    private transient MapState<Long, RouteProfile> windows;
    private transient ValueState<AlertBook> alertBook;
    private transient ValueState<LlmRuleState> ruleState;
    private transient VariantWarmups warmups;
    private transient VariantRetirement retirement;
    private transient CallRecording recording;
    /** Calls counted as their route's "other" variant, their own being one more than {@link #maxVariants}. */
    private transient Counter variantsOverLimit;
    private final KeyedStageDeadLetters deadLetters;
    /** The (service, prompt, operation) keys with state here: from a key's first call until it is forgotten. */
    private final KeyLimit routes;

    /**
     * @param size the windows' length, at least a millisecond
     * @param idleAfter how long a variant goes without calls before it is retired, at least {@code size}
     * @param prices what calls without {@code cost.usd} are priced by
     * @param rules the LLM rules' thresholds ({@code llm.rules.*})
     * @param runbooks what each alert's runbook_url links to
     * @param tenantSpends whether to emit each priced call's spend on {@link #TENANT_SPEND}
     * @param maxRoutes the most keys this instance keeps state for; a call that would start one more is
     *     dead-lettered as {@code over_limit}
     * @param maxVariants the variants of a key profiled by name in a window and remembered by its rules; the
     *     calls of further ones are counted as {@link CallVariant#OVERFLOW}
     * @param deadLetters the dead letters of calls this stage finds behind its watermark or over the limit, on
     *     {@link DeadLetterRouter#DEAD_LETTERS}
     */
    public LlmWindowFunction(Duration size, Duration idleAfter, PriceTable prices, LlmThresholds rules,
                             Runbooks runbooks, boolean tenantSpends, int maxRoutes, int maxVariants,
                             KeyedStageDeadLetters deadLetters) {
        if (size.toMillis() < 1) {
            throw new IllegalArgumentException("llm.window.size must be at least 1ms, got " + size);
        }
        if (idleAfter.compareTo(size) < 0) {
            throw new IllegalArgumentException("llm.variant-idle-after must be at least llm.window.size " + size
                    + ", got " + idleAfter);
        }
        this.size = size.toMillis();
        this.lateness = WindowLateness.tumbling(this.size);
        this.idle = new IdleRetirement(idleAfter.toMillis(), this.size);
        this.prices = Objects.requireNonNull(prices, "prices");
        this.evaluator = new LlmEvaluator(rules, runbooks, maxVariants);
        this.tenantSpends = tenantSpends;
        this.maxVariants = maxVariants;
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.routes = new KeyLimit(maxRoutes, MAX_ROUTES);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        routes.initialize(context, "live-routes");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        routes.snapshot();
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, RouteProfileSerializer.INSTANCE));
        alertBook = getRuntimeContext().getState(new ValueStateDescriptor<>("alerts", AlertBookSerializer.INSTANCE));
        ruleState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("llm-rules", LlmRuleStateSerializer.INSTANCE));
        warmups = new VariantWarmups(getRuntimeContext());
        recording = new CallRecording(prices, tenantSpends);
        deadLetters.open(getRuntimeContext().getMetricGroup());
        routes.open(getRuntimeContext().getMetricGroup(), "routes");
        variantsOverLimit = TurnedAway.counter(getRuntimeContext().getMetricGroup(), MAX_VARIANTS);
        retirement = new VariantRetirement(idle, evaluator,
                getRuntimeContext().getMetricGroup().counter("variantsRetired"));
    }

    @Override
    public void processElement(Either<LlmCallRecord, CallPartial> update, Context ctx, Collector<KeyedMessage> out)
            throws Exception {
        if (update.isLeft()) {
            processCall(update.left(), ctx);
        } else {
            processPartial(update.right(), ctx);
        }
    }

    private void processCall(LlmCallRecord call, Context ctx) throws Exception {
        long time = call.eventTimeMillis();
        long start = time - Math.floorMod(time, size);
        long watermark = ctx.timerService().currentWatermark();
        if (lateness.isLate(time, watermark)) {
            // Its window has closed: see KeyedStageDeadLetters for how that can happen here.
            ctx.output(DeadLetterRouter.DEAD_LETTERS, deadLetters.late(call, time, watermark));
            return;
        }
        RouteProfile window = windowFor(start, 1, ctx);
        if (window == null) {
            ctx.output(DeadLetterRouter.DEAD_LETTERS, deadLetters.overLimit(call, "route " + call.service()
                    + "/" + call.promptName() + "/" + call.operation(), routes));
            return;
        }
        if (!recording.record(call, window, spend -> ctx.output(TENANT_SPEND, spend))) {
            variantsOverLimit.inc();
        }
    }

    /**
     * A partial of the route's calls in one window ({@link CallPartials}): as its calls one by one, dead-lettered
     * one by one if late or over the limit; its tenants' spends go on to the budgets once it is taken.
     */
    private void processPartial(CallPartial partial, Context ctx) throws Exception {
        long start = partial.windowStart();
        long watermark = ctx.timerService().currentWatermark();
        SourcePositions positions = partial.positions();
        if (lateness.isLate(start, watermark)) {
            deadLetters.late(positions, watermark, letter -> ctx.output(DeadLetterRouter.DEAD_LETTERS, letter));
            return;
        }
        RouteProfile window = windowFor(start, positions.size(), ctx);
        if (window == null) {
            deadLetters.overLimit(positions, "route " + LlmKey.service(partial.key()) + "/"
                    + LlmKey.promptName(partial.key()) + "/" + LlmKey.operation(partial.key()), routes,
                    letter -> ctx.output(DeadLetterRouter.DEAD_LETTERS, letter));
            return;
        }
        long overflowed = overflowCalls(window);
        window.merge(partial.profile());
        variantsOverLimit.inc(overflowCalls(window) - overflowed);
        for (Spend spend : partial.spends()) {
            ctx.output(TENANT_SPEND, spend);
        }
    }

    /**
     * The window starting at {@code start} to record {@code calls} calls into, opened with its timer if it is
     * new; null when it would start a route past the limit.
     */
    private RouteProfile windowFor(long start, long calls, Context ctx) throws Exception {
        RouteProfile window = windows.get(start);
        if (window == null) {
            // Only a call that opens a window can be a route's first: the admission check costs nothing per call.
            if (windows.isEmpty() && ruleState.value() == null && !routes.admit(calls)) {
                return null;
            }
            window = new RouteProfile(maxVariants);
            windows.put(start, window);
            ctx.timerService().registerEventTimeTimer(start + size - 1);
        }
        return window;
    }

    private static long overflowCalls(RouteProfile window) {
        CallProfile overflow = window.variants().get(CallVariant.OVERFLOW);
        return overflow == null ? 0 : overflow.requests();
    }

    /**
     * Fires at the last millisecond of a window: every call of the window is in. The window closes if the
     * key has one ending here; then the variants without calls for {@code idleAfter} retire.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        long end = timestamp + 1;
        long start = end - size;
        String key = ctx.getCurrentKey();
        LlmWindowContext span = new LlmWindowContext(LlmKey.service(key), LlmKey.promptName(key),
                LlmKey.operation(key), start, end);
        LlmRuleState rules = orNew(ruleState.value(), LlmRuleState::new);
        LlmBaselines learnt = warmups.read();
        AlertBook book = orNew(alertBook.value(), AlertBook::new);
        long retirementBefore = retirement.timer(rules);

        RouteProfile window = windows.get(start);
        if (window != null) {
            windows.remove(start);
            closed(span, window.variants(), rules, learnt, book, ctx, out);
            double cost = window.variants().values().stream().mapToDouble(CallProfile::costUsd)
                    .reduce(0, Saturating::add);
            if (cost > 0) {
                ctx.output(SERVICE_SPEND, new Spend(span.service(), start, cost));
            }
        }
        // When a bounded input ends, the watermark jumps to the end of time: that is no time without calls,
        // and what still fires stays firing, as the input left it.
        boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (!inputEnded) {
            for (Alert resolved : retirement.retireIdle(span, rules, book)) {
                ctx.output(ALERTS, KeyedMessage.of(resolved));
            }
        }
        warmups.store(learnt, rules.variants().keySet());
        if (!store(rules, book) && windows.isEmpty()) {
            routes.release(); // the key keeps nothing: it is forgotten
        }
        if (!inputEnded) {
            retirement.move(ctx.timerService(), retirementBefore, retirement.timer(rules), timestamp, windows);
        }
    }

    /**
     * Where a closed window goes: each variant comes out as its LlmStats record, then the LLM rules judge
     * the window's variants against their baselines, and the variants learn theirs ({@link VariantWarmups}).
     */
    private void closed(LlmWindowContext window, SortedMap<CallVariant, CallProfile> variants, LlmRuleState rules,
                        LlmBaselines learnt, AlertBook book, OnTimerContext ctx, Collector<KeyedMessage> out) {
        for (Map.Entry<CallVariant, CallProfile> variant : variants.entrySet()) {
            LlmStats stats = LlmStatsRecords.of(window, variant.getKey(), variant.getValue());
            out.collect(new KeyedMessage(statsKey(stats), JsonRecordWriter.toJson(stats)));
        }
        List<CallVariant> complete = VariantWarmups.complete(variants, rules);
        List<VersionChange> releases = evaluator.versionChanges(window, variants, rules);
        VariantWarmups.beforeJudging(learnt, releases);
        for (VersionChange release : releases) {
            ctx.output(ALERTS, KeyedMessage.of(release.notice()));
        }
        List<VariantWindow> judged = new ArrayList<>(variants.size());
        variants.forEach((variant, profile) -> judged.add(
                new VariantWindow(variant, profile, learnt.baselineOrNull(variant))));
        for (Alert alert : evaluator.evaluate(window, judged, rules, book)) {
            ctx.output(ALERTS, KeyedMessage.of(alert));
        }
        VariantWarmups.afterJudging(learnt, window, variants, complete, releases);
    }

    /**
     * Keeps only what holds something. A key that knows no variant has no alert firing either: a variant's
     * alerts resolve when it is retired or evicted for newer ones.
     *
     * @return whether the key still knows a variant
     */
    private boolean store(LlmRuleState rules, AlertBook book) throws IOException {
        boolean knowsVariants = rules.earliestLastSeen().isPresent();
        if (knowsVariants) {
            ruleState.update(rules);
        } else {
            ruleState.clear();
        }
        if (book.firingCount() == 0 || !knowsVariants) {
            alertBook.clear();
        } else {
            alertBook.update(book);
        }
        return knowsVariants;
    }

    private static <T> T orNew(T value, Supplier<T> fresh) {
        return value == null ? fresh.get() : value;
    }

    /** What a consumer of the stats groups by: service/prompt/operation/provider/model/prompt_version. */
    static String statsKey(LlmStats stats) {
        return OutputKey.of(stats.getService(), stats.getPrompt(), stats.getOperation(), stats.getProvider(),
                stats.getModel(), stats.getPromptVersion());
    }
}
