package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Gauges of {@code plumbline.llm-stats}' BudgetStats records: what a budgeted service or tenant spent in its
 * latest judged window and in the UTC day so far, the day's projection, and its budgets. Labelled
 * {@code scope} (service or tenant) and the owner under that name, as its budget alerts are: only owners
 * with a configured budget have such records, so the labels stay as bounded as the budgets.
 */
final class BudgetMetrics {

    static final String SPEND = "plumbline_llm_budget_spend_usd";
    static final String PROJECTED = "plumbline_llm_budget_projected_spend_usd";
    static final String BUDGET = "plumbline_llm_budget_usd";

    private final SeriesTable table;

    BudgetMetrics(SeriesTable table) {
        this.table = table;
    }

    void onRecord(JsonNode json) {
        JsonFields record = new JsonFields(LlmMetrics.TOPIC, json);
        String scope = record.text("scope");
        if (!scope.equals("service") && !scope.equals("tenant")) {
            throw record.invalid("scope", "service or tenant (an LlmStats record has no scope)");
        }
        String owner = record.text("owner");
        long windowEnd = record.integer("window_end");
        OptionalDouble windowSpend = required(record, "window_spend_usd");
        OptionalDouble daySpend = required(record, "day_spend_usd");
        OptionalDouble projected = required(record, "day_projected_spend_usd");
        OptionalDouble windowBudget = record.number("window_budget_usd");
        OptionalDouble dayBudget = record.number("day_budget_usd");
        Tags labels = Tags.of("scope", scope, scope, owner);
        List<String> budget = List.of("budget", scope, owner);
        Tags window = labels.and("window", "window");
        Tags day = labels.and("window", "day");
        table.show(new SeriesId(SPEND, window, budget), windowEnd, windowSpend);
        table.show(new SeriesId(SPEND, day, budget), windowEnd, daySpend);
        table.show(new SeriesId(PROJECTED, day, budget), windowEnd, projected);
        table.show(new SeriesId(BUDGET, window, budget), windowEnd, windowBudget);
        table.show(new SeriesId(BUDGET, day, budget), windowEnd, dayBudget);
    }

    private static OptionalDouble required(JsonFields record, String field) {
        OptionalDouble value = record.number(field);
        if (value.isEmpty()) {
            throw record.invalid(field, "a number");
        }
        return value;
    }
}
