package io.plumbline.cli.demo;

import io.plumbline.alerts.llm.LlmBudgets;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.monitor.llm.CallObserver;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two budgets the demo sets, sized from a sample of its own traffic so that each is crossed when the
 * story says, whatever the window size and the time of day: a window budget on {@value #SERVICE}, between
 * its usual window cost and its cost during the rerank incident, and a daily budget on tenant
 * {@value #TENANT}, which its projected spend for the UTC day passes when the incidents end.
 *
 * @param windowUsd the service's budget per window
 * @param dayUsd the tenant's budget per UTC day
 * @param usualWindowUsd what a window of the service costs before the incident, in the sample
 */
public record DemoBudgets(double windowUsd, double dayUsd, double usualWindowUsd) {

    public static final String SERVICE = "search-api";
    public static final String TENANT = "acme";
    /** The window budget over the usual window cost: the incident triples the service's mean cost per call. */
    static final double WINDOW_HEADROOM = 1.8;
    private static final int SAMPLED_WINDOWS = 3;

    /**
     * Samples {@value #SAMPLED_WINDOWS} windows of the traffic before the incidents, from its own
     * generator (same schedule and rate, another seed), prices its calls as the LLM job does, and sizes
     * both budgets from their spend.
     */
    public static DemoBudgets plan(long seed, TrafficSchedule schedule, int callsPerSecond, PriceTable prices,
                                   LlmThresholds rules) {
        LlmCallGenerator sample = new LlmCallGenerator(seed, schedule, callsPerSecond);
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO);
        CallObserver observer = new CallObserver(prices);
        double serviceUsd = 0;
        double tenantUsd = 0;
        while (schedule.windowIndex(sample.nextTimestamp()) < SAMPLED_WINDOWS) {
            GeneratedRecord record = sample.next();
            if (record.malformed()) {
                continue;
            }
            LlmCallRecord call = decode(decoder, record);
            double cost = observer.observe(call).costUsd();
            if (!(cost > 0)) {
                continue;
            }
            serviceUsd += SERVICE.equals(call.service()) ? cost : 0;
            tenantUsd += TENANT.equals(call.tenant()) ? cost : 0;
        }
        double usualWindowUsd = serviceUsd / SAMPLED_WINDOWS;
        double tenantUsdPerMilli = tenantUsd / (SAMPLED_WINDOWS * schedule.windowMillis());

        long crossAt = schedule.shiftEnd();
        long dayStart = Math.floorDiv(crossAt - 1, 86_400_000L) * 86_400_000L;
        double spentByThen = tenantUsdPerMilli * (crossAt - Math.max(schedule.eventStart(), dayStart));
        double projected = new LlmBudgets(rules).day(spentByThen, crossAt, 1).value();
        return new DemoBudgets(cents(usualWindowUsd * WINDOW_HEADROOM), cents(projected), usualWindowUsd);
    }

    /** The {@code llm.budgets} entries, as config overrides. */
    public Map<String, String> settings() {
        return Map.of(
                "llm.budgets[0].service", SERVICE,
                "llm.budgets[0].window-usd", usd(windowUsd),
                "llm.budgets[1].tenant", TENANT,
                "llm.budgets[1].day-usd", usd(dayUsd));
    }

    /** What the demo's header says about them. */
    public List<String> describe() {
        return List.of(
                String.format(Locale.ROOT, "%s may spend $%s per window (a window costs it about $%s): the rerank"
                        + " incident takes it over (expect llm_cost_budget_window), until the incident ends", SERVICE, usd(windowUsd), usd(usualWindowUsd)),
                String.format(Locale.ROOT, "tenant %s may spend $%s per UTC day: its spend projected to the end of the"
                        + " day passes that when the incidents end (expect llm_cost_budget_day), and stays over it"
                        + " (a day's spend only grows)",
                        TENANT, usd(dayUsd)));
    }

    private static LlmCallRecord decode(LlmCallDecoder decoder, GeneratedRecord record) {
        try {
            return decoder.decode(record.payload());
        } catch (RejectedRecordException e) {
            throw new IllegalStateException("the demo's traffic generator sent a bad call unmarked: " + e.getMessage(), e);
        }
    }

    private static double cents(double usd) {
        return Math.max(0.01, Math.round(usd * 100) / 100.0);
    }

    private static String usd(double usd) {
        return String.format(Locale.ROOT, "%.2f", usd);
    }
}
