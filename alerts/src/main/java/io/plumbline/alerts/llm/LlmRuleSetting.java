package io.plumbline.alerts.llm;

import java.util.function.ToDoubleFunction;

/**
 * One numeric setting of the LLM rules: its key under {@code llm.rules.}, the values it takes, and where it
 * sits in {@link LlmThresholds}. The one place the keys are spelt, so that the config, the validation
 * messages and the docs agree. The multiple-testing correction ({@code llm.rules.multiple-testing}) is the
 * one setting that is not a number.
 */
public enum LlmRuleSetting {
    LATENCY_P95_SECONDS("latency-p95.seconds", Range.POSITIVE, LlmThresholds::latencyP95Seconds),
    LATENCY_P95_WINDOWS("latency-p95.windows", Range.COUNT, LlmThresholds::latencyP95Windows),
    LATENCY_P99_SECONDS("latency-p99.seconds", Range.POSITIVE, LlmThresholds::latencyP99Seconds),
    LATENCY_P99_WINDOWS("latency-p99.windows", Range.COUNT, LlmThresholds::latencyP99Windows),
    LATENCY_MIN_CALLS("latency.min-calls", Range.COUNT, LlmThresholds::latencyMinCalls),
    ERROR_RATE_THRESHOLD("error-rate.threshold", Range.FRACTION, LlmThresholds::errorRate),
    ERROR_RATE_MIN_REQUESTS("error-rate.min-requests", Range.COUNT, LlmThresholds::errorRateMinRequests),
    COST_SPIKE_RATIO("cost-spike.ratio", Range.ABOVE_ONE, LlmThresholds::costSpikeRatio),
    COST_SPIKE_MIN_PRICED_CALLS("cost-spike.min-priced-calls", Range.COUNT, LlmThresholds::costSpikeMinPricedCalls),
    REFUSAL_SPIKE_MIN_CHANGE("refusal-rate-spike.min-change", Range.FRACTION, LlmThresholds::refusalMinChange),
    REFUSAL_SPIKE_P_VALUE("refusal-rate-spike.p-value", Range.PROBABILITY, LlmThresholds::refusalPValue),
    CONTENT_FILTER_SPIKE_MIN_CHANGE("content-filter-rate-spike.min-change", Range.FRACTION,
            LlmThresholds::contentFilterMinChange),
    CONTENT_FILTER_SPIKE_P_VALUE("content-filter-rate-spike.p-value", Range.PROBABILITY,
            LlmThresholds::contentFilterPValue),
    DRIFT_P_VALUE("drift.p-value", Range.PROBABILITY, LlmThresholds::driftPValue),
    DRIFT_MIN_STATISTIC("drift.min-statistic", Range.FRACTION, LlmThresholds::driftMinStatistic),
    BUDGET_DAY_MIN_ELAPSED_HOURS("cost-budget-day.min-elapsed-hours", Range.HOURS,
            LlmThresholds::budgetDayMinElapsedHours);

    private final String key;
    private final Range range;
    private final ToDoubleFunction<LlmThresholds> value;

    LlmRuleSetting(String key, Range range, ToDoubleFunction<LlmThresholds> value) {
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
        return range.words + " such as " + LlmFormat.number(of(LlmThresholds.DEFAULTS));
    }

    /** The value {@code text} sets, or null when the setting does not take it. */
    public Double parse(String text) {
        try {
            double v = Double.parseDouble(text);
            return range.contains(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Throws IllegalArgumentException naming the config key when {@code v} is out of range. */
    void require(double v) {
        if (!range.contains(v)) {
            throw new IllegalArgumentException("llm.rules." + key + ": expected " + expectation() + ", got "
                    + LlmFormat.number(v));
        }
    }

    private enum Range {
        POSITIVE("a positive number"),
        PROBABILITY("a probability between 0 and 1 (exclusive)"),
        FRACTION("a number from 0 to 1"),
        COUNT("a whole number of at least 1"),
        ABOVE_ONE("a ratio above 1"),
        HOURS("a number of hours above 0 and at most 24");

        private final String words;

        Range(String words) {
            this.words = words;
        }

        boolean contains(double v) {
            return Double.isFinite(v) && switch (this) {
                case POSITIVE -> v > 0;
                case PROBABILITY -> v > 0 && v < 1;
                case FRACTION -> v >= 0 && v <= 1;
                // An int component holds it: whole and within int range.
                case COUNT -> v >= 1 && v <= Integer.MAX_VALUE && v == Math.rint(v);
                case ABOVE_ONE -> v > 1;
                case HOURS -> v > 0 && v <= 24;
            };
        }
    }
}
