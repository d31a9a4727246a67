package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmThresholdsTest {

    @Test
    void defaults() {
        LlmThresholds d = LlmThresholds.DEFAULTS;

        assertThat(d.latencyP95Seconds()).isEqualTo(10);
        assertThat(d.latencyP95Windows()).isEqualTo(3);
        assertThat(d.latencyP99Seconds()).isEqualTo(30);
        assertThat(d.latencyP99Windows()).isEqualTo(3);
        assertThat(d.latencyMinCalls()).isEqualTo(20);
        assertThat(d.errorRate()).isEqualTo(0.05);
        assertThat(d.errorRateMinRequests()).isEqualTo(100);
        assertThat(d.costSpikeRatio()).isEqualTo(2);
        assertThat(d.costSpikeMinPricedCalls()).isEqualTo(30);
        assertThat(d.refusalMinChange()).isEqualTo(0.05);
        assertThat(d.refusalPValue()).isEqualTo(0.001);
        assertThat(d.contentFilterMinChange()).isEqualTo(0.05);
        assertThat(d.contentFilterPValue()).isEqualTo(0.001);
        assertThat(d.driftPValue()).isEqualTo(0.001);
        assertThat(d.driftMinStatistic()).isEqualTo(0.1);
        assertThat(d.budgetDayMinElapsedHours()).isEqualTo(1);
        assertThat(d.correction()).isEqualTo(Correction.BENJAMINI_HOCHBERG);
    }

    @Test
    void eachSettingReadsItsOwnComponent() {
        double[] distinct = {11, 4, 31, 5, 21, 0.06, 101, 2.5, 31, 0.07, 0.002, 0.08, 0.003, 0.004, 0.12, 2};
        Map<LlmRuleSetting, Double> settings = new java.util.EnumMap<>(LlmRuleSetting.class);
        for (LlmRuleSetting setting : LlmRuleSetting.values()) {
            settings.put(setting, distinct[setting.ordinal()]);
        }

        LlmThresholds changed = LlmThresholds.DEFAULTS.with(settings, Correction.BONFERRONI);

        assertThat(Arrays.stream(LlmRuleSetting.values()).mapToDouble(s -> s.of(changed)).toArray()).containsExactly(distinct);
        assertThat(changed.correction()).isEqualTo(Correction.BONFERRONI);
        assertThat(LlmThresholds.DEFAULTS.with(Map.of(), null)).isEqualTo(LlmThresholds.DEFAULTS);
    }

    @Test
    void outOfRangeValuesNameTheirKeyAndWhatItTakes() {
        assertThatThrownBy(() -> with(LlmRuleSetting.LATENCY_P95_SECONDS, 0))
                .hasMessage("llm.rules.latency-p95.seconds: expected a positive number such as 10, got 0");
        assertThatThrownBy(() -> with(LlmRuleSetting.LATENCY_P99_WINDOWS, 2.5))
                .hasMessage("llm.rules.latency-p99.windows: expected a whole number of at least 1 such as 3, got 2.5");
        assertThatThrownBy(() -> with(LlmRuleSetting.COST_SPIKE_RATIO, 1))
                .hasMessage("llm.rules.cost-spike.ratio: expected a ratio above 1 such as 2, got 1");
        assertThatThrownBy(() -> with(LlmRuleSetting.REFUSAL_SPIKE_P_VALUE, 1))
                .hasMessage("llm.rules.refusal-rate-spike.p-value: expected a probability between 0 and 1 (exclusive)"
                        + " such as 0.001, got 1");
        assertThatThrownBy(() -> with(LlmRuleSetting.ERROR_RATE_THRESHOLD, 1.5))
                .hasMessage("llm.rules.error-rate.threshold: expected a number from 0 to 1 such as 0.05, got 1.5");
        assertThatThrownBy(() -> with(LlmRuleSetting.BUDGET_DAY_MIN_ELAPSED_HOURS, 25))
                .hasMessage("llm.rules.cost-budget-day.min-elapsed-hours: expected a number of hours above 0 and at"
                        + " most 24 such as 1, got 25");
        assertThatThrownBy(() -> new LlmThresholds(10, 3, 30, 3, 0, 0.05, 100, 2, 30, 0.05, 0.001, 0.05, 0.001, 0.001,
                0.1, 1, Correction.NONE))
                .hasMessage("llm.rules.latency.min-calls: expected a whole number of at least 1 such as 20, got 0");
        assertThatThrownBy(() -> LlmThresholds.DEFAULTS.with(Map.of(LlmRuleSetting.DRIFT_P_VALUE, Double.NaN), null))
                .hasMessage("llm.rules.drift.p-value: expected a probability between 0 and 1 (exclusive) such as"
                        + " 0.001, got NaN");
    }

    @Test
    void parsesOnlyWhatASettingTakes() {
        assertThat(LlmRuleSetting.LATENCY_P95_WINDOWS.parse("4")).isEqualTo(4.0);
        assertThat(LlmRuleSetting.LATENCY_P95_WINDOWS.parse("4.5")).isNull();
        assertThat(LlmRuleSetting.DRIFT_MIN_STATISTIC.parse("0.2")).isEqualTo(0.2);
        assertThat(LlmRuleSetting.DRIFT_MIN_STATISTIC.parse("lots")).isNull();
        assertThat(LlmRuleSetting.COST_SPIKE_RATIO.parse("Infinity")).isNull();
    }

    @Test
    void keysAreDistinct() {
        assertThat(Arrays.stream(LlmRuleSetting.values()).map(LlmRuleSetting::key)).doesNotHaveDuplicates();
    }

    private static LlmThresholds with(LlmRuleSetting setting, double value) {
        return LlmThresholds.DEFAULTS.with(Map.of(setting, value), null);
    }
}
