package io.plumbline.alerts.llm;

import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * The LLM rules' thresholds: one rule per statistic, each alert one value against one threshold.
 *
 * <p>Latency is an SLO on the successful calls, so it needs a breach that lasts ({@code *Windows}
 * consecutive windows) and enough calls for a p99 to mean something. The rate and drift rules against a
 * baseline need both a significant p-value and an effect size, as the drift rules do: with thousands of
 * calls a window a p-value alone flags changes nobody acts on. Their p-values (refusal and content-filter
 * rates, the three KS tests) of every variant of one key in one window are one family, adjusted by
 * {@code correction} before their thresholds.
 *
 * @param latencyP95Seconds p95 latency above which a window breaches {@code llm_latency_p95}
 * @param latencyP95Windows consecutive breaching windows after which {@code llm_latency_p95} fires
 * @param latencyP99Seconds p99 latency above which a window breaches {@code llm_latency_p99}
 * @param latencyP99Windows consecutive breaching windows after which {@code llm_latency_p99} fires
 * @param latencyMinCalls successful (timed) calls a window needs for a latency verdict
 * @param errorRate error rate above which {@code llm_error_rate} fires
 * @param errorRateMinRequests calls a window needs for an error-rate verdict
 * @param costSpikeRatio ratio of mean cost per priced call to the baseline's at or above which {@code llm_cost_spike} fires
 * @param costSpikeMinPricedCalls priced calls each side needs for a cost-spike verdict
 * @param refusalMinChange rise of the refusal rate at or above which {@code llm_refusal_rate_spike} may fire
 * @param refusalPValue adjusted p-value below which {@code llm_refusal_rate_spike} may fire
 * @param contentFilterMinChange rise of the content-filter rate at or above which {@code llm_content_filter_rate_spike} may fire
 * @param contentFilterPValue adjusted p-value below which {@code llm_content_filter_rate_spike} may fire
 * @param driftPValue adjusted KS p-value below which a drift rule may fire
 * @param driftMinStatistic KS D at or above which a drift rule may fire
 * @param budgetDayMinElapsedHours the part of the UTC day the projection of {@code llm_cost_budget_day}
 *     divides by at least, so that the first minutes' spend is not multiplied by a thousand
 * @param correction how the key's p-values of one window are adjusted
 * @see LlmRuleSetting the config key of each number, in the order of these components
 */
public record LlmThresholds(double latencyP95Seconds, int latencyP95Windows, double latencyP99Seconds,
                            int latencyP99Windows, int latencyMinCalls, double errorRate, int errorRateMinRequests,
                            double costSpikeRatio, int costSpikeMinPricedCalls, double refusalMinChange,
                            double refusalPValue, double contentFilterMinChange, double contentFilterPValue,
                            double driftPValue, double driftMinStatistic, double budgetDayMinElapsedHours,
                            Correction correction) implements Serializable {

    public static final LlmThresholds DEFAULTS = new LlmThresholds(10, 3, 30, 3, 20, 0.05, 100, 2, 30, 0.05, 0.001,
            0.05, 0.001, 0.001, 0.1, 1, Correction.BENJAMINI_HOCHBERG);

    public LlmThresholds {
        double[] values = {latencyP95Seconds, latencyP95Windows, latencyP99Seconds, latencyP99Windows,
            latencyMinCalls, errorRate, errorRateMinRequests, costSpikeRatio, costSpikeMinPricedCalls,
            refusalMinChange, refusalPValue, contentFilterMinChange, contentFilterPValue, driftPValue,
            driftMinStatistic, budgetDayMinElapsedHours};
        for (LlmRuleSetting setting : LlmRuleSetting.values()) {
            setting.require(values[setting.ordinal()]);
        }
        Objects.requireNonNull(correction, "llm.rules.multiple-testing");
    }

    /**
     * These thresholds with some settings replaced; throws IllegalArgumentException naming the key of a
     * value out of its range.
     *
     * @param correctionOrNull the new multiple-testing correction, or null to keep this one
     */
    public LlmThresholds with(Map<LlmRuleSetting, Double> settings, Correction correctionOrNull) {
        double[] v = new double[LlmRuleSetting.values().length];
        for (LlmRuleSetting setting : LlmRuleSetting.values()) {
            Double value = settings.get(setting);
            if (value != null) {
                setting.require(value);
            }
            v[setting.ordinal()] = value == null ? setting.of(this) : value;
        }
        return new LlmThresholds(v[0], (int) v[1], v[2], (int) v[3], (int) v[4], v[5], (int) v[6], v[7], (int) v[8],
                v[9], v[10], v[11], v[12], v[13], v[14], v[15], correctionOrNull == null ? correction : correctionOrNull);
    }
}
