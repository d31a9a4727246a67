package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.rules.RuleOutcome;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.BudgetStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmBudgetsTest {

    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;

    private final LlmBudgets budgets = new LlmBudgets(LlmThresholds.DEFAULTS);
    private final AlertBook book = new AlertBook();

    @Test
    void aWindowOverItsBudgetFiresAndResolvesWhenBackUnder() {
        Budget budget = Budget.service("support-bot", 100, Double.POSITIVE_INFINITY);

        List<Alert> fired = budgets.evaluate(budget, DAY, DAY + HOUR, 120, 120, book);

        assertThat(fired).hasSize(1);
        Alert alert = fired.get(0);
        assertThat(alert.getRule()).isEqualTo("llm_cost_budget_window");
        assertThat(alert.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "llm_cost_budget_window",
                "service", "support-bot", "severity", "warning"));
        assertThat(alert.getValue()).isEqualTo(120.0);
        assertThat(alert.getThreshold()).isEqualTo(100.0);
        assertThat(alert.getAnnotations()).containsEntry("summary",
                "service support-bot: window cost over budget (llm_cost_budget_window)");
        assertThat(alert.getAnnotations()).containsEntry("description", "Window cost over budget: the window cost"
                + " $120.00 against a budget of $100.00 (fires when window cost > $100.00) in window"
                + " 1970-01-02T00:00:00Z/1970-01-02T01:00:00Z. Check which prompts and models spent it (cost_usd by key"
                + " in plumbline.llm-stats), and whether the traffic or the cost per call rose.");
        assertThat(alert.getAnnotations()).containsEntry("runbook_url", "docs/runbooks.md#llm_cost_budget_window");

        assertThat(budgets.evaluate(budget, DAY + HOUR, DAY + 2 * HOUR, 100, 220, book))
                .extracting(Alert::getStatus).containsExactly("resolved");
    }

    @Test
    void theRunbooksMayBeAnywhere() {
        LlmBudgets wiki = new LlmBudgets(LlmThresholds.DEFAULTS, new Runbooks("https://wiki.example.com/llm"));
        Budget budget = Budget.tenant("acme-eu", 100, 200);

        List<Alert> fired = wiki.evaluate(budget, DAY, DAY + HOUR, 120, 120, book);

        assertThat(fired).extracting(a -> a.getAnnotations().get("runbook_url")).containsExactly(
                "https://wiki.example.com/llm#llm_cost_budget_window", "https://wiki.example.com/llm#llm_cost_budget_day");
    }

    @Test
    void theDayIsJudgedOnTheSpendProjectedToItsEnd() {
        RuleOutcome noon = budgets.day(400, DAY + 12 * HOUR, 600);

        assertThat(noon.holds()).isTrue();
        assertThat(noon.value()).isEqualTo(800.0);
        assertThat(noon.threshold()).isEqualTo(600.0);
        assertThat(noon.evidence()).isEqualTo("$400.00 spent by 1970-01-02T12:00:00Z (50 % of the day): $800.00"
                + " projected against a budget of $600.00");
        assertThat(noon.condition()).isEqualTo("spend projected to the end of the UTC day > $600.00 (spend so far"
                + " / elapsed share of the day, that share at least 1 h of 24)");
        assertThat(budgets.day(290, DAY + 12 * HOUR, 600).holds()).isFalse();
    }

    @Test
    void theFirstHourIsProjectedAsIfAnHourHadPassed() {
        // Half an hour in: $10 would project to $480; divided by the hour's share, to $240.
        assertThat(budgets.day(10, DAY + HOUR / 2, 200).value()).isEqualTo(240.0);
        LlmBudgets patient = new LlmBudgets(LlmThresholds.DEFAULTS.with(
                Map.of(LlmRuleSetting.BUDGET_DAY_MIN_ELAPSED_HOURS, 6.0), null));
        assertThat(patient.day(10, DAY + HOUR / 2, 200).value()).isEqualTo(40.0);
    }

    @Test
    void aProjectionTooLargeForADoubleStaysFinite() {
        List<Alert> fired = budgets.evaluate(Budget.service("support-bot", 100, 600), DAY, DAY + HOUR / 2, 1e308,
                1e308, book);

        assertThat(fired).extracting(Alert::getRule).containsExactly("llm_cost_budget_window", "llm_cost_budget_day");
        Alert day = fired.get(1);
        assertThat(day.getValue()).isEqualTo(Double.MAX_VALUE);
        assertThat(day.getAnnotations()).containsEntry("evidence", "$1.00e+308 spent by 1970-01-02T00:30:00Z"
                + " (2.08 % of the day): $1.80e+308 projected against a budget of $600.00");
        assertThat(fired).allSatisfy(LlmEvaluatorTest::assertFiniteJson);
    }

    @Test
    void dollarsReadToTheCentUpToABillionThenInThreeDigits() {
        assertThat(budgets.window(999_999_999.994, 100).evidence()).startsWith("the window cost $999,999,999.99 ");
        assertThat(budgets.window(4.6e13, 100).evidence()).startsWith("the window cost $4.60e+13 ");
        assertThat(budgets.window(0.0042, 100).evidence()).startsWith("the window cost $0.0042 ");
    }

    @Test
    void aWindowEndingAtMidnightClosesTheDayBefore() {
        RuleOutcome lastWindow = budgets.day(590, 2 * DAY, 600);

        assertThat(lastWindow.value()).isEqualTo(590.0);
        assertThat(lastWindow.holds()).isFalse();
        assertThat(lastWindow.evidence()).contains("(100 % of the day)");
    }

    @Test
    void aTenantBudgetCarriesTheTenantAndNothingElse() {
        Budget budget = Budget.tenant("acme", Double.POSITIVE_INFINITY, 50);

        List<Alert> fired = budgets.evaluate(budget, DAY + 11 * HOUR, DAY + 12 * HOUR, 5, 30, book);

        assertThat(fired).extracting(Alert::getRule).containsExactly("llm_cost_budget_day");
        assertThat(fired.get(0).getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alertname", "llm_cost_budget_day", "tenant", "acme", "severity", "warning"));
        assertThat(fired.get(0).getAnnotations()).containsEntry("summary",
                "tenant acme: on course to exceed the daily budget (llm_cost_budget_day)");
        assertThat(fired.get(0).getValue()).isEqualTo(60.0);
    }

    @Test
    void theStatsOfAWindowShowTheSpendAndTheProjectionWhateverTheVerdict() {
        Budget budget = Budget.tenant("acme", Double.POSITIVE_INFINITY, 600);

        BudgetStats stats = budgets.stats(budget, DAY + 12 * HOUR - 60_000, DAY + 12 * HOUR, 2.5, 100);

        assertThat(stats.getScope()).isEqualTo("tenant");
        assertThat(stats.getOwner()).isEqualTo("acme");
        assertThat(stats.getWindowStart()).isEqualTo(DAY + 12 * HOUR - 60_000);
        assertThat(stats.getWindowEnd()).isEqualTo(DAY + 12 * HOUR);
        assertThat(stats.getWindowSpendUsd()).isEqualTo(2.5);
        assertThat(stats.getWindowBudgetUsd()).as("off").isNull();
        assertThat(stats.getDaySpendUsd()).isEqualTo(100.0);
        // half the day gone: the projection the day rule judges
        assertThat(stats.getDayProjectedSpendUsd()).isEqualTo(200.0)
                .isEqualTo(budgets.day(100, DAY + 12 * HOUR, 600).value());
        assertThat(stats.getDayBudgetUsd()).isEqualTo(600.0);
        assertThatThrownBy(() -> budgets.stats(budget, DAY, DAY + HOUR, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
    }

    @Test
    void budgetsAreValidated() {
        assertThatThrownBy(() -> Budget.service("support-bot", 0, 10))
                .hasMessage("the window budget of service 'support-bot' must be a positive amount of USD (or infinite"
                        + " to turn it off), got 0.0");
        assertThatThrownBy(() -> new Budget("team", "x", 1, 1))
                .hasMessage("a budget belongs to a service or a tenant, got team");
        assertThatThrownBy(() -> budgets.window(Double.NaN, 10))
                .hasMessage("a spend must be a finite amount of USD >= 0, got NaN");
    }
}
