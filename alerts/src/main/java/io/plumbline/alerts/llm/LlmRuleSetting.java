package io.plumbline.alerts.llm;

import io.plumbline.alerts.rules.SettingRange;

import java.util.function.ToDoubleFunction;

/**
 * One numeric setting of the LLM rules: its key under {@code llm.rules.}, the values it takes, and where it
 * sits in {@link LlmThresholds}. The one place the keys are spelt, so that the config, the validation
 * messages and the docs agree. The multiple-testing correction ({@code llm.rules.multiple-testing}) is the
 * one setting that is not a number.
 */
public enum LlmRuleSetting {
    LATENCY_P95_SECONDS("latency-p95.seconds", SettingRange.POSITIVE, LlmThresholds::latencyP95Seconds),
    LATENCY_P95_WINDOWS("latency-p95.windows", SettingRange.COUNT, LlmThresholds::latencyP95Windows),
    LATENCY_P99_SECONDS("latency-p99.seconds", SettingRange.POSITIVE, LlmThresholds::latencyP99Seconds),
    LATENCY_P99_WINDOWS("latency-p99.windows", SettingRange.COUNT, LlmThresholds::latencyP99Windows),
    LATENCY_MIN_CALLS("latency.min-calls", SettingRange.COUNT, LlmThresholds::latencyMinCalls),
    ERROR_RATE_THRESHOLD("error-rate.threshold", SettingRange.FRACTION, LlmThresholds::errorRate),
    ERROR_RATE_MIN_REQUESTS("error-rate.min-requests", SettingRange.COUNT, LlmThresholds::errorRateMinRequests),
    COST_SPIKE_RATIO("cost-spike.ratio", SettingRange.ABOVE_ONE, LlmThresholds::costSpikeRatio),
    COST_SPIKE_MIN_PRICED_CALLS("cost-spike.min-priced-calls", SettingRange.COUNT, LlmThresholds::costSpikeMinPricedCalls),
    REFUSAL_SPIKE_MIN_CHANGE("refusal-rate-spike.min-change", SettingRange.FRACTION, LlmThresholds::refusalMinChange),
    REFUSAL_SPIKE_P_VALUE("refusal-rate-spike.p-value", SettingRange.PROBABILITY, LlmThresholds::refusalPValue),
    CONTENT_FILTER_SPIKE_MIN_CHANGE("content-filter-rate-spike.min-change", SettingRange.FRACTION,
            LlmThresholds::contentFilterMinChange),
    CONTENT_FILTER_SPIKE_P_VALUE("content-filter-rate-spike.p-value", SettingRange.PROBABILITY,
            LlmThresholds::contentFilterPValue),
    DRIFT_P_VALUE("drift.p-value", SettingRange.PROBABILITY, LlmThresholds::driftPValue),
    DRIFT_MIN_STATISTIC("drift.min-statistic", SettingRange.FRACTION, LlmThresholds::driftMinStatistic),
    BUDGET_DAY_MIN_ELAPSED_HOURS("cost-budget-day.min-elapsed-hours", SettingRange.HOURS,
            LlmThresholds::budgetDayMinElapsedHours);

    private final String key;
    private final SettingRange range;
    private final ToDoubleFunction<LlmThresholds> value;

    LlmRuleSetting(String key, SettingRange range, ToDoubleFunction<LlmThresholds> value) {
        this.key = key;
        this.range = range;
        this.value = value;
    }

    /** The key under {@code llm.rules.}, e.g. {@code latency-p95.seconds}. */
    public String key() {
        return key;
    }

    /** This setting's value in {@code thresholds}. */
    public double of(LlmThresholds thresholds) {
        return value.applyAsDouble(thresholds);
    }

    /** What the setting takes, with its default as the example, e.g. "a positive number such as 10". */
    public String expectation() {
        return range.expectation(of(LlmThresholds.DEFAULTS));
    }

    /** The value {@code text} sets, or null when the setting does not take it. */
    public Double parse(String text) {
        return range.parse(text);
    }

    /** Throws IllegalArgumentException naming the config key when {@code v} is out of range. */
    void require(double v) {
        if (!range.contains(v)) {
            throw new IllegalArgumentException("llm.rules." + key + ": expected " + expectation() + ", got "
                    + LlmFormat.number(v));
        }
    }
}
