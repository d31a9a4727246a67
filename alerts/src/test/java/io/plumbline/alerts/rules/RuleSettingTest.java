package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSettingTest {

    @Test
    void eachSettingReplacesAndReadsItsOwnThresholdOnly() {
        for (RuleSetting setting : RuleSetting.values()) {
            DriftThresholds changed = DriftThresholds.DEFAULTS.with(Map.of(setting, 0.0123), null);

            for (RuleSetting other : RuleSetting.values()) {
                assertThat(other.of(changed)).as("%s after setting %s", other, setting)
                        .isEqualTo(other == setting ? 0.0123 : other.of(DriftThresholds.DEFAULTS));
            }
            assertThat(changed.correction()).isEqualTo(Correction.BENJAMINI_HOCHBERG);
        }
    }

    @Test
    void theKeysAreTheOnesTheValidationNames() {
        assertThat(RuleSetting.PSI_THRESHOLD.key()).isEqualTo("psi.threshold");
        assertThat(RuleSetting.WASSERSTEIN_NORM_THRESHOLD.key()).isEqualTo("wasserstein-norm.threshold");
        assertThat(RuleSetting.TYPE_MISMATCH_RATE_MIN_CHANGE.key()).isEqualTo("type-mismatch-rate.min-change");
        assertThatThrownBy(() -> DriftThresholds.DEFAULTS.with(Map.of(RuleSetting.OUT_OF_RANGE_RATE_P_VALUE, 0.0), null))
                .hasMessage("rules.out-of-range-rate.p-value: expected a probability between 0 and 1 (exclusive) such"
                        + " as 0.01, got 0.0");
    }

    @Test
    void onlyDriftShareAndTheChanceLevelAreModelLevel() {
        assertThat(RuleSetting.values()).filteredOn(RuleSetting::modelLevel)
                .containsExactly(RuleSetting.DRIFT_SHARE_THRESHOLD, RuleSetting.CHANCE_P_VALUE);
    }

    @Test
    void parsesNumbersInRangeAndOffWhereARuleCanBeOff() {
        assertThat(RuleSetting.PSI_THRESHOLD.parse("0.3")).isEqualTo(0.3);
        assertThat(RuleSetting.PSI_THRESHOLD.parse("2")).isEqualTo(2.0);
        assertThat(RuleSetting.PSI_THRESHOLD.parse("off")).isNull();
        assertThat(RuleSetting.PSI_THRESHOLD.parse("Infinity")).isNull();
        assertThat(RuleSetting.KS_P_VALUE.parse("1")).isNull();
        assertThat(RuleSetting.KS_P_VALUE.parse("NaN")).isNull();
        assertThat(RuleSetting.KS_MIN_STATISTIC.parse("0")).isEqualTo(0.0);
        assertThat(RuleSetting.KS_MIN_STATISTIC.parse("1.5")).isNull();
        assertThat(RuleSetting.WASSERSTEIN_NORM_THRESHOLD.parse("off")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RuleSetting.WASSERSTEIN_NORM_THRESHOLD.parse("OFF")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RuleSetting.WASSERSTEIN_NORM_THRESHOLD.parse("0.1")).isEqualTo(0.1);
        assertThat(RuleSetting.WASSERSTEIN_NORM_THRESHOLD.parse("0")).isNull();
    }

    @Test
    void theExpectationGivesTheDefaultAsTheExample() {
        assertThat(RuleSetting.PSI_THRESHOLD.expectation()).isEqualTo("a positive number such as 0.2");
        assertThat(RuleSetting.MISSING_RATE_P_VALUE.expectation())
                .isEqualTo("a probability between 0 and 1 (exclusive) such as 0.01");
        assertThat(RuleSetting.DRIFT_SHARE_THRESHOLD.expectation()).isEqualTo("a number from 0 to 1 such as 0.5");
        assertThat(RuleSetting.WASSERSTEIN_NORM_THRESHOLD.expectation())
                .isEqualTo("a positive number such as 0.1, or off to turn the rule off");
    }
}
