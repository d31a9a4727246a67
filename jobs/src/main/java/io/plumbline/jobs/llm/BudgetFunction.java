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
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.OutputKey;
import io.plumbline.jobs.state.AlertBookSerializer;
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
 */
public final class BudgetFunction extends KeyedProcessFunction<String, Spend, KeyedMessage> {

    /** Each judged window's BudgetStats, keyed {@code service/<service>} or {@code tenant/<tenant>}, in JSON. */
    public static final OutputTag<KeyedMessage> STATS = new OutputTag<>("llm-budget-stats", PlumblineTypes.KEYED_MESSAGE);

    private static final long DAY_MILLIS = 86_400_000L;
    /** Names looked up per subtask before the cache starts over: a bound on its memory, tenants being many. */
    private static final int CACHED_OWNERS = 10_000;

    private final String label;
    private final BudgetPolicy policy;
    private final long size;
    private final LlmBudgets budgets;

    private transient MapState<Long, Double> windows;
    private transient ValueState<Long> day;
    private transient ValueState<Double> spentToday;
    private transient ValueState<AlertBook> alertBook;
    private transient Map<String, Optional<Budget>> owners;

    /**
     * @param label {@link Budget#SERVICE} or {@link Budget#TENANT}: which of the policy's entries apply
     * @param size the LLM windows' length, at least a millisecond
     * @param rules the LLM rules' thresholds ({@code llm.rules.*}), for the day's projection
     * @param runbooks what each alert's runbook_url links to
     */
    public BudgetFunction(String label, BudgetPolicy policy, Duration size, LlmThresholds rules, Runbooks runbooks) {
        if (!Budget.SERVICE.equals(label) && !Budget.TENANT.equals(label)) {
            throw new IllegalArgumentException("a budget stage is keyed by " + Budget.SERVICE + " or "
                    + Budget.TENANT + ", got " + label);
        }
        if (size.toMillis() < 1) {
            throw new IllegalArgumentException("llm.window.size must be at least 1ms, got " + size);
        }
        this.label = label;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.size = size.toMillis();
        this.budgets = new LlmBudgets(rules, runbooks);
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, DoubleSerializer.INSTANCE));
        day = getRuntimeContext().getState(new ValueStateDescriptor<>("day", LongSerializer.INSTANCE));
        spentToday = getRuntimeContext().getState(new ValueStateDescriptor<>("spent-today", DoubleSerializer.INSTANCE));
        alertBook = getRuntimeContext().getState(new ValueStateDescriptor<>("alerts", AlertBookSerializer.INSTANCE));
        owners = new HashMap<>();
    }

    @Override
    public void processElement(Spend spend, Context ctx, Collector<KeyedMessage> out) throws Exception {
        if (budget(ctx.getCurrentKey()).isEmpty()) {
            return;
        }
        long start = spend.timeMillis() - Math.floorMod(spend.timeMillis(), size);
        Double sum = windows.get(start);
        if (sum == null) {
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

    private Optional<Budget> budget(String owner) {
        Optional<Budget> budget = owners.get(owner);
        if (budget == null) {
            if (owners.size() >= CACHED_OWNERS) {
                owners.clear();
            }
            budget = policy.budgetOf(label, owner);
            owners.put(owner, budget);
        }
        return budget;
    }
}
