package io.plumbline.alerts.llm;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.AlertChange;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.rules.RuleOutcome;
import io.plumbline.detectors.sketch.Saturating;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.BudgetStats;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The budget rules of one service or tenant: {@code llm_cost_budget_window} on a window's cost and
 * {@code llm_cost_budget_day} on the spend projected to the end of the UTC day. A budget spans every key
 * of its owner (every prompt and operation of a service; every call of a tenant), which the job's keyed
 * stage does not see together: a second, light stage keyed by service (or tenant) sums the window costs
 * and the day's spend so far and calls {@link #evaluate} once per window. The cost is that of the priced
 * calls: calls without a price are missing from it (and keep {@code llm_unpriced_model} firing).
 */
public final class LlmBudgets implements Serializable {

    private static final long DAY_MILLIS = 86_400_000L;

    private final LlmThresholds thresholds;
    private final Runbooks runbooks;

    /** The alerts link to {@link Runbooks#DEFAULT}. */
    public LlmBudgets(LlmThresholds thresholds) {
        this(thresholds, Runbooks.DEFAULT);
    }

    /** @param runbooks what each alert's runbook_url links to */
    public LlmBudgets(LlmThresholds thresholds, Runbooks runbooks) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.runbooks = Objects.requireNonNull(runbooks, "runbooks");
    }

    /** Whether one window cost more than the window budget; its value is the window's cost. */
    public RuleOutcome window(double windowCostUsd, double budgetUsd) {
        requireSpend(windowCostUsd);
        return new RuleOutcome(LlmRule.COST_BUDGET_WINDOW.alertName(), windowCostUsd, budgetUsd,
                windowCostUsd > budgetUsd, "window cost > " + LlmFormat.usd(budgetUsd),
                "the window cost " + LlmFormat.usd(windowCostUsd) + " against a budget of " + LlmFormat.usd(budgetUsd));
    }

    /**
     * Whether the day is on course to cost more than the daily budget: its value is the projected spend,
     * what was spent so far divided by the elapsed share of the UTC day, that share taken as at least
     * {@link LlmThresholds#budgetDayMinElapsedHours()} (the first minutes' spend, multiplied by a thousand,
     * would page at every midnight). Spend past the budget fires whatever the hour, the projection being
     * never below it.
     *
     * @param spentTodayUsd the day's spend up to {@code windowEnd}, this window's included
     * @param windowEnd epoch millis; a window ending at midnight closes the day before
     */
    public RuleOutcome day(double spentTodayUsd, long windowEnd, double budgetUsd) {
        double projected = projectedDaySpend(spentTodayUsd, windowEnd);
        double elapsed = elapsedShareOfDay(windowEnd);
        return new RuleOutcome(LlmRule.COST_BUDGET_DAY.alertName(), projected, budgetUsd, projected > budgetUsd,
                "spend projected to the end of the UTC day > " + LlmFormat.usd(budgetUsd)
                        + " (spend so far / elapsed share of the day, that share at least "
                        + LlmFormat.number(thresholds.budgetDayMinElapsedHours()) + " h of 24)",
                LlmFormat.usd(spentTodayUsd) + " spent by " + Instant.ofEpochMilli(windowEnd) + " ("
                        + LlmFormat.percent(elapsed) + " of the day): " + LlmFormat.usd(projected)
                        + " projected against a budget of " + LlmFormat.usd(budgetUsd));
    }

    /**
     * The day's spend so far divided by the elapsed share of the UTC day up to {@code windowEnd}, that share
     * taken as at least {@link LlmThresholds#budgetDayMinElapsedHours()}: what {@link #day} judges.
     */
    public double projectedDaySpend(double spentTodayUsd, long windowEnd) {
        requireSpend(spentTodayUsd);
        double share = Math.max(elapsedShareOfDay(windowEnd), thresholds.budgetDayMinElapsedHours() / 24);
        // Finite however large the spend and however short the minimum share (hours above 0).
        return Saturating.quotient(spentTodayUsd, share);
    }

    /**
     * What the budget stage publishes of one owner's window on the stats topic, firing or not: the window's
     * spend, the day's so far and its projection, beside the budgets (absent where off).
     */
    public BudgetStats stats(Budget budget, long windowStart, long windowEnd, double windowCostUsd,
                             double spentTodayUsd) {
        requireSpend(windowCostUsd);
        return BudgetStats.newBuilder()
                .setScope(budget.label())
                .setOwner(budget.owner())
                .setWindowStart(windowStart)
                .setWindowEnd(windowEnd)
                .setWindowSpendUsd(windowCostUsd)
                .setWindowBudgetUsd(Double.isInfinite(budget.windowUsd()) ? null : budget.windowUsd())
                .setDaySpendUsd(spentTodayUsd)
                .setDayProjectedSpendUsd(projectedDaySpend(spentTodayUsd, windowEnd))
                .setDayBudgetUsd(Double.isInfinite(budget.dayUsd()) ? null : budget.dayUsd())
                .build();
    }

    /** A window ending at midnight closes the day before, whose whole length has then elapsed. */
    private static double elapsedShareOfDay(long windowEnd) {
        long dayStart = Math.floorDiv(windowEnd - 1, DAY_MILLIS) * DAY_MILLIS;
        return (double) (windowEnd - dayStart) / DAY_MILLIS;
    }

    /**
     * Judges both budgets of one owner in one window and updates {@code book}; returns the alerts that
     * fired or resolved. A budget that is off (infinite) is not judged.
     */
    public List<Alert> evaluate(Budget budget, long windowStart, long windowEnd, double windowCostUsd,
                                double spentTodayUsd, AlertBook book) {
        List<Alert> alerts = new ArrayList<>(2);
        if (!Double.isInfinite(budget.windowUsd())) {
            observe(budget, LlmRule.COST_BUDGET_WINDOW, window(windowCostUsd, budget.windowUsd()), windowStart,
                    windowEnd, book, alerts);
        }
        if (!Double.isInfinite(budget.dayUsd())) {
            observe(budget, LlmRule.COST_BUDGET_DAY, day(spentTodayUsd, windowEnd, budget.dayUsd()), windowStart,
                    windowEnd, book, alerts);
        }
        return alerts;
    }

    private void observe(Budget budget, LlmRule rule, RuleOutcome outcome, long windowStart, long windowEnd,
                         AlertBook book, List<Alert> alerts) {
        Map<String, String> labels = LlmAlerts.labels(budget, rule);
        AlertChange change = book.observe(labels, outcome.holds(), windowStart);
        if (change.kind() != AlertChange.Kind.UNCHANGED) {
            alerts.add(LlmAlerts.build(labels, rule, outcome, change, budget.label() + " " + budget.owner(),
                    windowStart, windowEnd, null, runbooks));
        }
    }

    private static void requireSpend(double usd) {
        if (!(usd >= 0) || Double.isInfinite(usd)) {
            throw new IllegalArgumentException("a spend must be a finite amount of USD >= 0, got " + usd);
        }
    }
}
