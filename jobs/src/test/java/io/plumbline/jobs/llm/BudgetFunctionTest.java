package io.plumbline.jobs.llm;

import io.plumbline.monitor.llm.BudgetPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.llm.Budget;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.testing.OperatorMetrics;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BudgetFunctionTest {

    private static final long NOON = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private static final long MIDNIGHT = Instant.parse("2025-06-02T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 60_000;
    private static final double OFF = Double.POSITIVE_INFINITY;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BudgetPolicy BUDGETS = new BudgetPolicy(List.of(
            Budget.service("support-bot", 10, OFF),
            Budget.service("billing-.*", OFF, 100),
            Budget.tenant("acme", 10, OFF)));
    /** Not the default, so the alerts show that the configured runbooks reach them. */
    private static final Runbooks RUNBOOKS = new Runbooks("https://wiki.example.com/plumbline/runbooks");

    /** Every tenant has a budget: the config that lets a flood of tenants in. */
    private static final BudgetPolicy EVERY_TENANT = new BudgetPolicy(List.of(Budget.tenant(".*", 10, OFF)));

    private KeyedOneInputStreamOperatorTestHarness<String, Spend, KeyedMessage> harness;
    /** The metrics of a harness a test built on them; null otherwise. */
    private OperatorMetrics metrics;

    @AfterEach
    void close() throws Exception {
        harness.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    @Test
    void aWindowCostingMoreThanTheWindowBudgetFiresAndACheaperOneResolves() throws Exception {
        open(Budget.SERVICE);
        // two keys of the service, 6 + 5 USD in one window: only their sum is over the budget of 10
        send("support-bot", NOON + 1_000, 6);
        send("support-bot", NOON + 2_000, 5);
        send("support-bot", NOON + WINDOW + 1_000, 9);
        harness.processWatermark(new Watermark(NOON + 2 * WINDOW));

        List<JsonNode> alerts = alerts();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).get("rule").asText()).isEqualTo("llm_cost_budget_window");
        assertThat(alerts.get(0).get("status").asText()).isEqualTo("firing");
        assertThat(alerts.get(0).get("value").asDouble()).isCloseTo(11, within(1e-9));
        assertThat(alerts.get(0).get("threshold").asDouble()).isEqualTo(10);
        assertThat(alerts.get(0).get("window_start").asLong()).isEqualTo(NOON);
        assertThat(alerts.get(1).get("status").asText()).isEqualTo("resolved");
        assertThat(alerts.get(1).get("window_start").asLong()).isEqualTo(NOON + WINDOW);
        assertThat(alerts).allSatisfy(a -> assertThat(a.get("annotations").get("runbook_url").asText())
                .isEqualTo("https://wiki.example.com/plumbline/runbooks#llm_cost_budget_window"));
    }

    /** Window costs near the largest double: their sums saturate, so nothing turns Infinity and throws. */
    @Test
    void spendsNearTheLargestDoubleSaturateInsteadOfOverflowing() throws Exception {
        open(Budget.SERVICE);
        send("billing-api", NOON + 1_000, 1.7e308);
        send("billing-api", NOON + 2_000, 1.7e308);
        send("billing-api", NOON + WINDOW + 1_000, 1.7e308);
        harness.processWatermark(new Watermark(NOON + 2 * WINDOW));

        assertThat(alerts()).isNotEmpty().allSatisfy(alert -> {
            assertThat(alert.toString()).doesNotContain("Infinity", "NaN");
            assertThat(alert.get("value").asDouble()).isFinite();
        });
    }

    @Test
    void theDayBudgetFiresOnTheSpendProjectedToMidnight() throws Exception {
        open(Budget.SERVICE);
        // 30 USD by 12:01 projects to 59.92 by midnight: within 100; 60 by 12:02 projects to 119.67
        send("billing-eu", NOON + 1_000, 30);
        harness.processWatermark(new Watermark(NOON + WINDOW));
        assertThat(alerts()).isEmpty();

        send("billing-eu", NOON + WINDOW + 1_000, 30);
        harness.processWatermark(new Watermark(NOON + 2 * WINDOW));

        JsonNode alert = alerts().get(0);
        assertThat(alerts()).hasSize(1);
        assertThat(alert.get("rule").asText()).isEqualTo("llm_cost_budget_day");
        assertThat(alert.get("status").asText()).isEqualTo("firing");
        assertThat(alert.get("value").asDouble()).isCloseTo(60 / ((12 * 60 + 2) / 1440.0), within(1e-6));
        assertThat(alert.get("labels").get("service").asText()).isEqualTo("billing-eu");
    }

    @Test
    void theDaysSpendStartsOverAtUtcMidnight() throws Exception {
        open(Budget.SERVICE);
        send("billing-eu", MIDNIGHT - 2 * WINDOW + 1_000, 99);
        send("billing-eu", MIDNIGHT - WINDOW + 1_000, 2);
        send("billing-eu", MIDNIGHT + 1_000, 0.5);
        harness.processWatermark(new Watermark(MIDNIGHT + WINDOW));

        List<JsonNode> alerts = alerts();
        assertThat(alerts).extracting(a -> a.get("status").asText()).containsExactly("firing", "resolved");
        // the window ending at midnight closes the day before: 101 USD spent in it
        assertThat(alerts.get(0).get("window_end").asLong()).isEqualTo(MIDNIGHT);
        assertThat(alerts.get(0).get("value").asDouble()).isCloseTo(101, within(1e-9));
        // the next day starts from 0.5 USD, projected over at least the first hour: 12 USD
        assertThat(alerts.get(1).get("value").asDouble()).isCloseTo(12, within(1e-9));
    }

    @Test
    void anOwnerThatStopsSpendingResolvesAndLeavesNoStateOnceTheDayIsOver() throws Exception {
        open(Budget.SERVICE);
        send("support-bot", NOON + 1_000, 20);
        harness.processWatermark(new Watermark(NOON + WINDOW));
        assertThat(alerts()).extracting(a -> a.get("status").asText()).containsExactly("firing");

        harness.processWatermark(new Watermark(NOON + 2 * WINDOW));
        assertThat(alerts()).extracting(a -> a.get("status").asText()).containsExactly("firing", "resolved");
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the day's spend, forgotten at midnight

        harness.processWatermark(new Watermark(MIDNIGHT + WINDOW));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(alerts()).hasSize(2);
    }

    @Test
    void anOwnerWithoutABudgetKeepsNoStateAndNoTimer() throws Exception {
        open(Budget.SERVICE);
        send("search", NOON + 1_000, 1_000);
        // a tenant budget does not apply to a service of the same name
        send("acme", NOON + 1_000, 1_000);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.processWatermark(new Watermark(MIDNIGHT + WINDOW));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void onlyATenantBudgetsAlertsCarryTheTenant() throws Exception {
        open(Budget.TENANT);
        send("acme", NOON + 1_000, 4);
        send("acme", NOON + 2_000, 7);
        send("globex", NOON + 3_000, 50);
        harness.processWatermark(new Watermark(NOON + WINDOW));

        JsonNode alert = alerts().get(0);
        assertThat(alerts()).hasSize(1);
        assertThat(alert.get("labels").get("tenant").asText()).isEqualTo("acme");
        assertThat(alert.get("labels").has("service")).isFalse();
        harness.close();

        open(Budget.SERVICE);
        send("support-bot", NOON + 1_000, 11);
        harness.processWatermark(new Watermark(NOON + WINDOW));
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.get("labels").get("service").asText()).isEqualTo("support-bot");
            assertThat(a.get("labels").has("tenant")).isFalse();
        });
    }

    @Test
    void eachJudgedWindowsSpendComesOutAsBudgetStatsWhetherOrNotAnAlertFires() throws Exception {
        open(Budget.SERVICE);
        send("billing-eu", NOON + 1_000, 30);
        send("billing-eu", NOON + WINDOW + 1_000, 20);
        // a window without spend, while nothing fires, is not judged
        harness.processWatermark(new Watermark(NOON + 3 * WINDOW));

        assertThat(alerts()).isEmpty();
        List<KeyedMessage> stats = List.copyOf(harness.getSideOutput(BudgetFunction.STATS)).stream()
                .map(StreamRecord::getValue).toList();
        assertThat(stats).extracting(KeyedMessage::key).containsExactly("service/billing-eu", "service/billing-eu");
        JsonNode first = json(stats.get(0));
        assertThat(first.get("scope").asText()).isEqualTo("service");
        assertThat(first.get("owner").asText()).isEqualTo("billing-eu");
        assertThat(first.get("window_start").asLong()).isEqualTo(NOON);
        assertThat(first.get("window_end").asLong()).isEqualTo(NOON + WINDOW);
        assertThat(first.get("window_spend_usd").asDouble()).isEqualTo(30);
        assertThat(first.has("window_budget_usd")).as("off").isFalse();
        assertThat(first.get("day_spend_usd").asDouble()).isEqualTo(30);
        assertThat(first.get("day_projected_spend_usd").asDouble()).isCloseTo(30 / ((12 * 60 + 1) / 1440.0), within(1e-9));
        assertThat(first.get("day_budget_usd").asDouble()).isEqualTo(100);
        JsonNode second = json(stats.get(1));
        assertThat(second.get("window_spend_usd").asDouble()).isEqualTo(20);
        assertThat(second.get("day_spend_usd").asDouble()).isEqualTo(50);
    }

    /**
     * A flood of new tenants under a budget for every one of them: past limits.llm.max-tenants the stage keeps
     * no state for another, and dead-letters its calls as over_limit, by where each was read, counting them. The
     * count survives a restore, and a tenant whose state is gone (its window judged, its day over) frees its
     * place.
     */
    @Test
    void newTenantsPastTheLimitAreDeadLetteredAndAForgottenOneFreesItsPlace() throws Exception {
        harness = tenants(new OperatorMetrics(), 3);
        harness.open();
        for (int i = 0; i < 3; i++) {
            harness.processElement(new StreamRecord<>(new Spend("tenant-" + i, NOON + 1_000, 0.5, 0, i), NOON));
        }
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        metrics.close();
        harness = tenants(new OperatorMetrics(), 3);
        harness.initializeState(snapshot);
        harness.open();

        for (int i = 3; i < 1_000; i++) {
            harness.processElement(new StreamRecord<>(new Spend("tenant-" + i, NOON + 2_000, 0.5, 1, i), NOON));
        }
        harness.processElement(new StreamRecord<>(new Spend("tenant-0", NOON + WINDOW + 1, 0.5, 0, 9), NOON));

        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).hasSize(997).first().satisfies(r -> {
            assertThat(r.getValue().reason()).isEqualTo(RejectReason.OVER_LIMIT);
            assertThat(r.getValue().raw().topic()).isEqualTo("llm-calls");
            assertThat(r.getValue().raw().partition()).isEqualTo(1);
            assertThat(r.getValue().raw().offset()).isEqualTo(3);
            assertThat(r.getValue().detail()).isEqualTo("the tenant budgets keep state for 3 keys"
                    + " (limits.llm.max-tenants) and tenant tenant-3 would be one more; raise limits.llm.max-tenants"
                    + " (and the heap) if these are real; the call is in its route's LLM statistics, but no tenant"
                    + " budget judges its cost; the record is at llm-calls-1 offset 3");
        });
        assertThat(metrics.turnedAway("limits.llm.max-tenants")).isEqualTo(997);
        assertThat(metrics.deadLetters("over_limit")).isEqualTo(997);
        assertThat(metrics.gauge("tenants")).isEqualTo(3L);
        assertThat(keysWith("windows")).isEqualTo(3);

        // every window judged and the day over: the tenants keep nothing, and a new one takes a place
        harness.processWatermark(new Watermark(MIDNIGHT));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(metrics.gauge("tenants")).isEqualTo(0L);
        harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS).clear();
        harness.processElement(new StreamRecord<>(new Spend("tenant-new", MIDNIGHT + 1_000, 0.5, 2, 0), MIDNIGHT));
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).isEmpty();
        assertThat(metrics.gauge("tenants")).isEqualTo(1L);
    }

    private void open(String label) throws Exception {
        BudgetFunction stage = Budget.SERVICE.equals(label)
                ? BudgetFunction.ofServices(BUDGETS, Duration.ofMillis(WINDOW), LlmThresholds.DEFAULTS, RUNBOOKS)
                : BudgetFunction.ofTenants(BUDGETS, Duration.ofMillis(WINDOW), LlmThresholds.DEFAULTS, RUNBOOKS,
                        1_000, new KeyedStageDeadLetters("llm-calls", "tenant budgets"));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(stage), Spend::owner,
                Types.STRING);
        harness.open();
    }

    /** The tenant stage under a budget for every tenant, on these metrics ({@link #metrics} from now on). */
    private KeyedOneInputStreamOperatorTestHarness<String, Spend, KeyedMessage> tenants(OperatorMetrics on,
                                                                                          int maxTenants)
            throws Exception {
        metrics = on;
        BudgetFunction stage = BudgetFunction.ofTenants(EVERY_TENANT, Duration.ofMillis(WINDOW),
                LlmThresholds.DEFAULTS, RUNBOOKS, maxTenants, new KeyedStageDeadLetters("llm-calls", "tenant budgets"));
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(stage), Spend::owner,
                Types.STRING, metrics.environment());
    }

    private long keysWith(String state) {
        return harness.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE).count();
    }

    private void send(String owner, long time, double costUsd) throws Exception {
        harness.processElement(new StreamRecord<>(new Spend(owner, time, costUsd), time));
    }

    private List<JsonNode> alerts() {
        return harness.extractOutputValues().stream().map(BudgetFunctionTest::json).toList();
    }

    private static JsonNode json(KeyedMessage message) {
        try {
            return JSON.readTree(message.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
