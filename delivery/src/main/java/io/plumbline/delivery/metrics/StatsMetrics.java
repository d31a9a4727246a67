package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Prometheus metrics of {@code plumbline serve}: turns the jobs' output records into the series DESIGN
 * names, and keeps their number bounded. One instance per process; its methods may be called from the
 * consumer thread while scrapes run on others.
 *
 * <p>Staleness runs on the wall clock (the injected {@link Clock}), not on event time: a rebuild from the
 * lookback replays old windows, and event time would judge every series it restores stale at once.
 */
public final class StatsMetrics {

    /** {@code serve.metrics.max-series}'s default. */
    public static final int DEFAULT_MAX_SERIES = 50_000;

    private final PrometheusMeterRegistry registry;
    private final SeriesTable table;
    private final Duration staleAfter;
    private final DriftMetrics drift;
    private final LlmMetrics llm;
    private final BudgetMetrics budgets;
    private final AlertMetrics alerts;

    /**
     * @param staleAfter a series not updated for this long is removed by {@link #sweep(Instant)}
     * @param maxSeries  series past this many are not created; {@code plumbline_metrics_series_dropped_total} counts them
     * @param clock      stamps each update, for staleness
     */
    public StatsMetrics(Duration staleAfter, int maxSeries, Clock clock) {
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("serve.metrics.stale-after must be positive, got " + staleAfter);
        }
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.table = new SeriesTable(registry, clock, maxSeries);
        this.staleAfter = staleAfter;
        this.drift = new DriftMetrics(table);
        this.llm = new LlmMetrics(table);
        this.budgets = new BudgetMetrics(table);
        this.alerts = new AlertMetrics(table);
    }

    /** One record of {@code plumbline.drift-stats}. @throws IllegalArgumentException naming a missing or mistyped field */
    public synchronized void onDriftStats(JsonNode record) {
        drift.onRecord(record);
    }

    /**
     * One record of {@code plumbline.llm-stats}: a variant's LlmStats, or a budget's BudgetStats (the records
     * with a {@code scope}). A window already added adds nothing to the counters and histograms again.
     */
    public synchronized void onLlmStats(JsonNode record) {
        if (record != null && record.has("scope")) {
            budgets.onRecord(record);
        } else {
            llm.onRecord(record);
        }
    }

    /** One record of {@code plumbline.alerts}; a resolution with annotation {@code retired_at} retires its version or variant. */
    public synchronized void onAlert(JsonNode record) {
        alerts.onRecord(record);
    }

    /** Removes every series of a retired model version, its firing alerts included. */
    public synchronized void retireModel(String modelId, String modelVersion) {
        table.removeOwner(DriftMetrics.owner(modelId, modelVersion));
    }

    /** Removes every series of a retired LLM variant. */
    public synchronized void retireLlmVariant(String service, String operation, String prompt, String provider,
            String model, String promptVersion) {
        table.removeOwner(LlmMetrics.owner(service, operation, prompt, provider, model, promptVersion));
    }

    /** Removes every series not updated since {@code now - staleAfter}; firing alerts stay until resolved. */
    public synchronized void sweep(Instant now) {
        table.sweep(now, staleAfter);
    }

    /** The number of Prometheus series kept (a histogram's buckets, _sum and _count each count), the dropped counter aside. */
    public synchronized int seriesCount() {
        return table.size();
    }

    /** The registry, for the endpoint. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
