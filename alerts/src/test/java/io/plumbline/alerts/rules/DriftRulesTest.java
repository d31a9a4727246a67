package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.sketch.FeatureType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftRulesTest {

    private final DriftRules rules = new DriftRules(DriftThresholds.DEFAULTS);

    private static FeatureComparison numeric(double psi, double d, double p) {
        return new FeatureComparison("x", FeatureType.NUMERIC, 5000, 5000, 0, 0, psi, d, p, Double.NaN, Double.NaN);
    }

    private static FeatureComparison categorical(double psi, double p, double share) {
        return new FeatureComparison("c", FeatureType.CATEGORICAL, 5000, 5000, 0, 0, psi, Double.NaN, Double.NaN, p, share);
    }

    private static RuleOutcome outcome(List<RuleOutcome> outcomes, String rule) {
        return outcomes.stream().filter(o -> o.rule().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    void psiHoldsAtTheThreshold() {
        assertThat(outcome(rules.evaluate(numeric(0.2, 0, 1)), "psi").holds()).isTrue();
        assertThat(outcome(rules.evaluate(numeric(0.1999, 0, 1)), "psi").holds()).isFalse();
    }

    @Test
    void ksNeedsBothSignificanceAndEffectSize() {
        assertThat(outcome(rules.evaluate(numeric(0, 0.06, 1e-5)), "ks").holds()).isTrue();
        assertThat(outcome(rules.evaluate(numeric(0, 0.04, 1e-9)), "ks").holds()).isFalse();
        assertThat(outcome(rules.evaluate(numeric(0, 0.30, 0.002)), "ks").holds()).isFalse();
        RuleOutcome ks = outcome(rules.evaluate(numeric(0, 0.081, 2.1e-9)), "ks");
        assertThat(ks.value()).isEqualTo(0.081);
        assertThat(ks.threshold()).isEqualTo(0.05);
        assertThat(ks.evidence()).isEqualTo("D=0.081, p=2.10e-09");
        assertThat(outcome(rules.evaluate(numeric(0, 0.3, 0)), "ks").evidence()).isEqualTo("D=0.3, p<1e-15");
    }

    @Test
    void chiSquareNeedsBothSignificanceAndShareChange() {
        assertThat(outcome(rules.evaluate(categorical(0.01, 1e-6, 0.08)), "chi2").holds()).isTrue();
        assertThat(outcome(rules.evaluate(categorical(0.01, 1e-6, 0.03)), "chi2").holds()).isFalse();
        assertThat(rules.evaluate(categorical(0.01, 1e-6, 0.08))).extracting(RuleOutcome::rule)
                .containsExactly("psi", "chi2");
    }

    @Test
    void statisticsThatCouldNotBeComputedYieldNoVerdict() {
        assertThat(rules.evaluate(numeric(Double.NaN, Double.NaN, Double.NaN))).isEmpty();
    }

    @Test
    void thresholdsAreValidatedWithTheConfigKey() {
        assertThatThrownBy(() -> new DriftThresholds(0.2, 1.5, 0.05, 0.001, 0.05))
                .hasMessageContaining("rules.ks.p-value").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new DriftThresholds(-1, 0.001, 0.05, 0.001, 0.05))
                .hasMessageContaining("rules.psi.threshold");
    }
}
