package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.alerts.llm.LlmBudgets;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.monitor.llm.CallObserver;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.event.LlmCallRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoBudgetsTest {

    private static final int WINDOWS = 15;
    private static final PriceTable PRICES = PriceTable.defaults();

    /** The demo's schedule, started in the afternoon and three minutes after midnight, when its spend starts over. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T14:10:00Z", "2026-11-24T00:03:00Z"})
    void theServiceGoesOverItsWindowBudgetOnlyInTheIncidentAndTheTenantPassesItsDayBudgetWhenTheIncidentsEnd(
            String startedAt) throws Exception {
        TrafficSchedule schedule = TrafficSchedule.startingNow(Instant.parse(startedAt).toEpochMilli(),
                Duration.ofSeconds(240), Duration.ofSeconds(10), 8, 6, 12);
        DemoBudgets budgets = DemoBudgets.plan(43, schedule, LlmCallGenerator.DEFAULT_CALLS_PER_SECOND, PRICES,
                LlmThresholds.DEFAULTS);

        // What the job will see: another seed of the same traffic, priced as the job prices it.
        double[] serviceUsd = new double[WINDOWS];
        double[] tenantUsd = new double[WINDOWS];
        LlmCallGenerator traffic = new LlmCallGenerator(42, schedule, LlmCallGenerator.DEFAULT_CALLS_PER_SECOND);
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO);
        CallObserver observer = new CallObserver(PRICES);
        while (schedule.windowIndex(traffic.nextTimestamp()) < WINDOWS) {
            GeneratedRecord record = traffic.next();
            if (!record.malformed()) {
                LlmCallRecord call = decoder.decode(record.payload());
                int window = (int) schedule.windowIndex(record.timestamp());
                double cost = observer.observe(call).costUsd();
                serviceUsd[window] += DemoBudgets.SERVICE.equals(call.service()) && cost > 0 ? cost : 0;
                tenantUsd[window] += DemoBudgets.TENANT.equals(call.tenant()) && cost > 0 ? cost : 0;
            }
        }

        for (int w = 0; w < WINDOWS; w++) {
            boolean incident = w >= 6 && w < 12;
            assertThat(serviceUsd[w]).as("window %d", w)
                    .isGreaterThan(incident ? budgets.windowUsd() * 1.3 : 0)
                    .isLessThan(incident ? Double.MAX_VALUE : budgets.windowUsd() / 1.3);
        }
        assertThat(budgets.usualWindowUsd()).isBetween(serviceUsd[0] * 0.9, serviceUsd[0] * 1.1);
        assertThat(projectedAfter(10, schedule, tenantUsd)).isLessThan(budgets.dayUsd() * 0.9);
        assertThat(projectedAfter(14, schedule, tenantUsd)).isGreaterThan(budgets.dayUsd() * 1.1);
        assertThat(projectedAfter(12, schedule, tenantUsd)).isBetween(budgets.dayUsd() * 0.9, budgets.dayUsd() * 1.1);
    }

    /** The tenant's spend projected to the end of the UTC day, as the budget stage has it after {@code windows}. */
    private static double projectedAfter(int windows, TrafficSchedule schedule, double[] tenantUsd) {
        long end = schedule.eventStart() + windows * schedule.windowMillis();
        long dayStart = Math.floorDiv(end - 1, 86_400_000L) * 86_400_000L;
        double spent = 0;
        for (int w = 0; w < windows; w++) {
            spent += schedule.eventStart() + w * schedule.windowMillis() >= dayStart ? tenantUsd[w] : 0;
        }
        return new LlmBudgets(LlmThresholds.DEFAULTS).day(spent, end, 1).value();
    }
}
