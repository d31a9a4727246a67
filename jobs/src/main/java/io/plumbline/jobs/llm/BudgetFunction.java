package io.plumbline.jobs.llm;

import io.plumbline.monitor.llm.BudgetPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.llm.Budget;
import io.plumbline.alerts.llm.LlmBudgets;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.detectors.sketch.Saturating;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.kafka.OutputKey;
import io.plumbline.jobs.state.AlertBookSerializer;
import io.plumbline.jobs.state.KeyLimit;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.codec.JsonRecordWriter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.DoubleSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The budget stage of one kind of owner, keyed by service or by tenant: sums the {@link Spend}s of each
 * LLM window (the same epoch-aligned windows as {@link LlmWindowFunction}) and of the UTC day, and when
 * the watermark passes a window's end judges both with {@link LlmBudgets}; the alerts that fire or resolve
 * come out keyed by fingerprint, in JSON, as the window function's. Each judged window's spend, the day's
 * and its projection come out on {@link #STATS} as a BudgetStats record for the stats topic, so that they
 * show while nothing fires.
 *
 * <p>An owner without a budget is dropped before any state is touched. A budgeted one keeps its open
 * windows' sums, the day's spend (cleared by a timer at the next UTC midnight) and, only while an alert
 * fires, its {@link AlertBook}; while one fires, every window is judged, those without spend too, so that
 * an owner that stops spending resolves its alerts.
 *
 * <p>Tenants are as many as the callers' ids, and a budget such as {@code tenant: ".*"} covers them all: the
 * tenant stage keeps state for at most {@code limits.llm.max-tenants} tenants in one instance
 * ({@link KeyLimit}), from a tenant's first spend until its state is gone (its last window judged, its day
 * over, nothing firing). The spend of a call that would start one more is dead-lettered as
 * {@code over_limit}, by the call's position: the call is in its route's statistics, but no budget judges
 * its cost, and the dead letter says so. Services need no such limit: each comes from a route of the window
 * stage, which {@code limits.llm.max-routes} bounds.
 */
public final class BudgetFunction extends KeyedProcessFunction<String, Spend, KeyedMessage>
        implements CheckpointedFunction {

    /** The config key of the tenants' limit, named in their dead letters and metrics. */
    static final String MAX_TENANTS = "limits.llm.max-tenants";

    /** Each judged window's BudgetStats, keyed {@code service/<service>} or {@code tenant/<tenant>}, in JSON. */
    public static final OutputTag<KeyedMessage> STATS = new OutputTag<>("llm-budget-stats", PlumblineTypes.KEYED_MESSAGE);

    private static final long DAY_MILLIS = 86_400_000L;
    /** Names looked up per subtask before the cache starts over: a bound on its memory, tenants being many. */
    private static final int CACHED_OWNERS = 10_000;

    private final String label;
    private final BudgetPolicy policy;
    private final long size;
    private final LlmBudgets budgets;
    /** The tenants with state here, and where those turned away go; both null for services. */
    private final KeyLimit owners;
    private final KeyedStageDeadLetters deadLetters;

    private transient MapState<Long, Double> windows;
    private transient ValueState<Long> day;
    private transient ValueState<Double> spentToday;
    private transient ValueState<AlertBook> alertBook;
    private transient Map<String, Optional<Budget>> budgetsByOwner;

    /**
     * The stage of the service budgets.
     *
     * @param size the LLM windows' length, at least a millisecond
     * @param rules the LLM rules' thresholds ({@code llm.rules.*}), for the day's projection
     * @param runbooks what each alert's runbook_url links to
     */
    public static BudgetFunction ofServices(BudgetPolicy policy, Duration size, LlmThresholds rules,
                                            Runbooks runbooks) {
        return new BudgetFunction(Budget.SERVICE, policy, size, rules, runbooks, null, null);
    }

    /**
     * The stage of the tenant budgets.
     *
     * @param size the LLM windows' length, at least a millisecond
     * @param rules the LLM rules' thresholds ({@code llm.rules.*}), for the day's projection
     * @param runbooks what each alert's runbook_url links to
     * @param maxTenants the most budgeted tenants this instance keeps state for
     * @param deadLetters the dead letters of the calls whose tenant would be one more, on
     *     {@link DeadLetterRouter#DEAD_LETTERS}
     */
    public static BudgetFunction ofTenants(BudgetPolicy policy, Duration size, LlmThresholds rules, Runbooks runbooks,
                                           int maxTenants, KeyedStageDeadLetters deadLetters) {
        return new BudgetFunction(Budget.TENANT, policy, size, rules, runbooks, new KeyLimit(maxTenants, MAX_TENANTS),
                Objects.requireNonNull(deadLetters, "deadLetters"));
    }

    private BudgetFunction(String label, BudgetPolicy policy, Duration size, LlmThresholds rules, Runbooks runbooks,
                           KeyLimit owners, KeyedStageDeadLetters deadLetters) {
        if (size.toMillis() < 1) {
            throw new IllegalArgumentException("llm.window.size must be at least 1ms, got " + size);
        }
        this.label = label;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.size = size.toMillis();
        this.budgets = new LlmBudgets(rules, runbooks);
        this.owners = owners;
        this.deadLetters = deadLetters;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        if (owners != null) {
            owners.initialize(context, "live-tenants");
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (owners != null) {
            owners.snapshot();
        }
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, DoubleSerializer.INSTANCE));
        day = getRuntimeContext().getState(new ValueStateDescriptor<>("day", LongSerializer.INSTANCE));
        spentToday = getRuntimeContext().getState(new ValueStateDescriptor<>("spent-today", DoubleSerializer.INSTANCE));
        alertBook = getRuntimeContext().getState(new ValueStateDescriptor<>("alerts", AlertBookSerializer.INSTANCE));
        budgetsByOwner = new HashMap<>();
        if (owners != null) {
            deadLetters.open(getRuntimeContext().getMetricGroup());
            owners.open(getRuntimeContext().getMetricGroup(), "tenants");
        }
    }

    @Override
    public void processElement(Spend spend, Context ctx, Collector<KeyedMessage> out) throws Exception {
        if (budget(ctx.getCurrentKey()).isEmpty()) {
            return;
        }
        long start = spend.timeMillis() - Math.floorMod(spend.timeMillis(), size);
        Double sum = windows.get(start);
        if (sum == null) {
            // Only a spend that opens a window can be an owner's first: the check costs nothing per spend.
            if (owners != null && !hasState() && !owners.admit()) {
                ctx.output(DeadLetterRouter.DEAD_LETTERS, deadLetters.overLimit(spend.sourcePartition(),
                        spend.sourceOffset(), label + " " + ctx.getCurrentKey(), owners,
                        "the call is in its route's LLM statistics, but no " + label + " budget judges its cost"));
                return;
            }
            sum = 0.0;
            ctx.timerService().registerEventTimeTimer(start + size - 1);
        }
        windows.put(start, Saturating.add(sum, spend.costUsd()));
    }

    /**
     * Fires at a window's last millisecond, and at midnight to forget the day. A window ending at
     * midnight belongs to the day before, as {@link LlmBudgets#day} counts it.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        boolean had = owners != null && hasState();
        judge(timestamp, ctx, out);
        if (had && !hasState()) {
            owners.release(); // the owner keeps nothing: it is forgotten
        }
    }

    private void judge(long timestamp, OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        long today = Math.floorDiv(timestamp, DAY_MILLIS) * DAY_MILLIS;
        Long spendingDay = day.value();
        if (spendingDay != null && spendingDay != today) {
            day.clear();
            spentToday.clear();
        }
        long end = timestamp + 1;
        long start = end - size;
        Double cost = windows.get(start);
        AlertBook book = alertBook.value();
        boolean firing = book != null && book.firingCount() > 0 && Math.floorMod(end, size) == 0;
        if (cost == null && !firing) {
            return;
        }
        windows.remove(start);
        double windowCost = cost == null ? 0 : cost;
        double spent = Saturating.add(spentToday.value() == null ? 0 : spentToday.value(), windowCost);
        day.update(today);
        spentToday.update(spent);
        ctx.timerService().registerEventTimeTimer(today + DAY_MILLIS);

        book = book == null ? new AlertBook() : book;
        Budget budget = budget(ctx.getCurrentKey()).orElseThrow();
        for (Alert alert : budgets.evaluate(budget, start, end, windowCost, spent, book)) {
            out.collect(KeyedMessage.of(alert));
        }
        ctx.output(STATS, new KeyedMessage(OutputKey.of(budget.label(), budget.owner()),
                JsonRecordWriter.toJson(budgets.stats(budget, start, end, windowCost, spent))));
        if (book.firingCount() == 0) {
            alertBook.clear();
        } else {
            alertBook.update(book);
            ctx.timerService().registerEventTimeTimer(timestamp + size);
        }
    }

    /** Whether the current owner keeps anything: an open window, the day's spend, or a firing alert. */
    private boolean hasState() throws Exception {
        return !windows.isEmpty() || day.value() != null || alertBook.value() != null;
    }

    private Optional<Budget> budget(String owner) {
        Optional<Budget> budget = budgetsByOwner.get(owner);
        if (budget == null) {
            if (budgetsByOwner.size() >= CACHED_OWNERS) {
                budgetsByOwner.clear();
            }
            budget = policy.budgetOf(label, owner);
            budgetsByOwner.put(owner, budget);
        }
        return budget;
    }
}
