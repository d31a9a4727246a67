package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftRulesTest {

    /** The defaults with the wasserstein_norm rule turned on at Evidently's 0.1, so every rule is exercised. */
    private static final DriftThresholds ALL_RULES =
            DriftThresholds.DEFAULTS.with(Map.of(RuleSetting.WASSERSTEIN_NORM_THRESHOLD, 0.1), null);

    private final DriftRules rules = new DriftRules(ALL_RULES);

    /** A numeric comparison of PSI, KS D and p; PSI's own p-value tiny from 0.1 on, as at these sizes. */
    private static FeatureComparison numeric(double psi, double d, double p) {
        return Comparisons.numeric().psi(psi, psi >= 0.1 ? 1e-9 : 0.9).ks(d, p).build();
    }

    private static FeatureComparison categorical(double psi, double p, double share) {
        return Comparisons.categorical().psi(psi).chi2(p, share).build();
    }

    /** A numeric comparison with the later statistics set, KS p-value {@code ksP}, every other p-value 1 unless given. */
    private static FeatureComparison numeric(double robustLinf, double wasserstein, double ksP,
                                             double outOfRange, double outOfRangeP, double missingChange,
                                             double missingP) {
        return Comparisons.numeric().psi(0.01, 1).ks(0.01, ksP).robustLinf(robustLinf).wassersteinNorm(wasserstein)
                .outOfRange(outOfRange, outOfRangeP).missingRate(missingChange, missingP).typeMismatchRate(0, 1)
                .build();
    }

    /** A categorical comparison whose chi-square p-value judges PSI and JS, and new categories with their own. */
    private static FeatureComparison categorical(double psi, double chi2P, double js, double newCategories,
                                                 double newCategoryP) {
        return Comparisons.categorical().psi(psi).chi2(chi2P, 0.01).jsDistance(js)
                .newCategory(newCategories, newCategoryP).missingRate(0, 1).typeMismatchRate(0, 1).build();
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
        assertThat(outcome(rules.evaluate(numeric(0, 0.30, 0.02)), "ks").holds()).isFalse();
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
        assertThatThrownBy(() -> DriftThresholds.DEFAULTS.with(Map.of(RuleSetting.KS_P_VALUE, 1.5), null))
                .hasMessageContaining("rules.ks.p-value").hasMessageContaining("1.5");
        assertThatThrownBy(() -> DriftThresholds.DEFAULTS.with(Map.of(RuleSetting.PSI_THRESHOLD, -1.0), null))
                .hasMessageContaining("rules.psi.threshold");
    }

    @Test
    void everyStatisticHasItsOwnRuleInAFixedOrder() {
        assertThat(rules.evaluate(numeric(0, 0, 0.05, 0, 1, 0, 1))).extracting(RuleOutcome::rule).containsExactly(
                "psi", "ks", "robust_linf", "wasserstein_norm", "out_of_range_rate", "missing_rate",
                "type_mismatch_rate");
        assertThat(rules.evaluate(categorical(0, 0.05, 0, 0, 1))).extracting(RuleOutcome::rule).containsExactly(
                "psi", "chi2", "js_distance", "new_category_rate", "missing_rate", "type_mismatch_rate");
    }

    @Test
    void wassersteinIsReportedButNotARuleByDefault() {
        assertThat(new DriftRules(DriftThresholds.DEFAULTS).evaluate(numeric(0, 0.5, 0.05, 0, 1, 0, 1)))
                .extracting(RuleOutcome::rule).doesNotContain("wasserstein_norm").contains("robust_linf");
    }

    @Test
    void robustLinfHoldsAboveFivePercentWhenKsSaysItIsNoChance() {
        assertThat(outcome(rules.evaluate(numeric(0.0501, 0, 1e-4, 0, 1, 0, 1)), "robust_linf").holds()).isTrue();
        RuleOutcome atThreshold = outcome(rules.evaluate(numeric(0.05, 0, 1e-4, 0, 1, 0, 1)), "robust_linf");
        assertThat(atThreshold.holds()).isFalse();
        assertThat(atThreshold.condition())
                .isEqualTo("robust L-inf > 0.05 (D less its chance level at alpha 0.05) and KS p < 0.01");
        assertThat(outcome(rules.evaluate(numeric(0.06, 0, 0.02, 0, 1, 0, 1)), "robust_linf").holds()).isFalse();
    }

    @Test
    void wassersteinNeedsItsThresholdAndKsBeyondChance() {
        assertThat(outcome(rules.evaluate(numeric(0, 0.12, 1e-3, 0, 1, 0, 1)), "wasserstein_norm").holds()).isTrue();
        assertThat(outcome(rules.evaluate(numeric(0, 0.1, 1e-3, 0, 1, 0, 1)), "wasserstein_norm").holds()).isTrue();
        RuleOutcome chance = outcome(rules.evaluate(numeric(0, 0.12, 0.03, 0, 1, 0, 1)), "wasserstein_norm");
        assertThat(chance.holds()).as("a small window reaches 0.12 by chance").isFalse();
        assertThat(chance.evidence()).isEqualTo("normalized Wasserstein=0.12, KS p=0.03");
        assertThat(chance.condition()).isEqualTo("normalized Wasserstein >= 0.1 and beyond chance: KS p < 0.01");
        assertThat(outcome(rules.evaluate(numeric(0, 0.09, 1e-9, 0, 1, 0, 1)), "wasserstein_norm").holds()).isFalse();
    }

    @Test
    void psiAndJensenShannonOfCategoriesAreJudgedByTheirChiSquare() {
        assertThat(outcome(rules.evaluate(categorical(0.3, 0.005, 0, 0, 1)), "psi").holds()).isTrue();
        assertThat(outcome(rules.evaluate(categorical(0.3, 0.02, 0, 0, 1)), "psi").holds()).isFalse();
        assertThat(outcome(rules.evaluate(categorical(0, 0.005, 0.11, 0, 1)), "js_distance").holds()).isTrue();
        RuleOutcome chance = outcome(rules.evaluate(categorical(0, 0.2, 0.11, 0, 1)), "js_distance");
        assertThat(chance.holds()).isFalse();
        assertThat(chance.evidence()).isEqualTo("Jensen-Shannon distance=0.11, chi-square p=0.2");
        assertThat(outcome(rules.evaluate(categorical(0, 1e-9, 0.09, 0, 1)), "js_distance").holds()).isFalse();
    }

    @Test
    void numericPsiIsJudgedByItsOwnChiSquareLimit() {
        FeatureComparison byChance = Comparisons.numeric().sizes(100, 100).psi(0.25, 0.08).ks(0.1, 0.5).build();
        RuleOutcome psi = outcome(rules.evaluate(byChance), "psi");
        assertThat(psi.holds()).as("PSI 0.25 between two samples of 100 is chance").isFalse();
        assertThat(psi.evidence()).isEqualTo("PSI=0.25, PSI's chi-square limit p=0.08");
    }

    @Test
    void newCategoriesHoldAtFivePercentBeyondChance() {
        assertThat(outcome(rules.evaluate(categorical(0, 1, 0, 0.05, 1e-4)), "new_category_rate").holds()).isTrue();
        RuleOutcome few = outcome(rules.evaluate(categorical(0, 1, 0, 0.049, 1e-4)), "new_category_rate");
        assertThat(few.holds()).isFalse();
        assertThat(few.evidence()).isEqualTo(
                "share of values in categories the baseline never saw=0.049, random-split test of unseen values p=1.00e-04");
        assertThat(outcome(rules.evaluate(categorical(0, 1, 0, 0.3, 0.05)), "new_category_rate").holds())
                .as("a long tail brings unseen values by chance").isFalse();
        assertThat(rules.evaluate(categorical(0, 1, 0, 0.3, Double.NaN))).extracting(RuleOutcome::rule)
                .as("a baseline past K cannot tell").doesNotContain("new_category_rate");
    }

    @Test
    void outOfRangeNeedsFivePercentBeyondWhatChanceLeavesOutside() {
        assertThat(outcome(rules.evaluate(numeric(0, 0, 0.05, 0.06, 1e-5, 0, 1)), "out_of_range_rate").holds()).isTrue();
        assertThat(outcome(rules.evaluate(numeric(0, 0, 0.05, 0.06, 0.01, 0, 1)), "out_of_range_rate").holds()).isFalse();
        assertThat(outcome(rules.evaluate(numeric(0, 0, 0.05, 0.04, 0, 0, 1)), "out_of_range_rate").holds()).isFalse();
    }

    @Test
    void missingRateNeedsSignificanceAndFivePointsEitherWay() {
        RuleOutcome up = outcome(rules.evaluate(numeric(0, 0, 0.05, 0, 1, 0.12, 1e-9)), "missing_rate");
        assertThat(up.holds()).isTrue();
        assertThat(up.value()).isEqualTo(0.12);
        assertThat(up.evidence()).isEqualTo("missing rate changed by +0.12, p=1.00e-09");
        assertThat(outcome(rules.evaluate(numeric(0, 0, 0.05, 0, 1, -0.06, 1e-9)), "missing_rate").holds()).isTrue();
        assertThat(outcome(rules.evaluate(numeric(0, 0, 0.05, 0, 1, 0.04, 1e-9)), "missing_rate").holds()).isFalse();
        assertThat(outcome(rules.evaluate(numeric(0, 0, 0.05, 0, 1, 0.2, 0.02)), "missing_rate").holds()).isFalse();
    }

    @Test
    void pValuesAreAdjustedAsOneFamilyBeforeTheirThresholds() {
        List<FeatureComparison> family = new java.util.ArrayList<>();
        family.add(numeric(0, 0.3, 8e-4));
        for (int i = 0; i < 9; i++) {
            family.add(numeric(0, 0.01, 0.5));
        }
        for (Correction correction : Correction.values()) {
            DriftRules corrected = new DriftRules(DriftThresholds.DEFAULTS.withCorrection(correction));
            List<EnumMap<DriftRule, Double>> adjusted = corrected.adjust(family);
            RuleOutcome ks = outcome(corrected.evaluate(family.get(0), adjusted.get(0), DriftRules.tests(adjusted)), "ks");
            assertThat(ks.holds()).as(correction.name()).isEqualTo(correction == Correction.NONE);
        }
        DriftRules bh = new DriftRules(DriftThresholds.DEFAULTS);
        List<EnumMap<DriftRule, Double>> adjusted = bh.adjust(family);
        // 20 tests: each feature's KS and its PSI's own p-value.
        assertThat(adjusted.get(0).get(DriftRule.KS)).isCloseTo(0.016, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(DriftRules.tests(adjusted)).isEqualTo(20);
        RuleOutcome ks = outcome(bh.evaluate(family.get(0), adjusted.get(0), 20), "ks");
        assertThat(ks.evidence()).isEqualTo("D=0.3, p=8.00e-04 (adjusted 0.016 over 20 tests)");
        assertThat(ks.condition())
                .isEqualTo("D >= 0.05 and p < 0.01 (Benjamini-Hochberg-adjusted over the model's tests in the window)");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        DriftThresholds d = DriftThresholds.DEFAULTS;
        assertThat(Arrays.stream(RuleSetting.values()).map(d::get).toList())
                .containsExactly(0.2, 0.01, 0.05, 0.01, 0.05, 0.05, Double.POSITIVE_INFINITY, 0.1, 0.05, 0.05, 0.01,
                        0.01, 0.05, 0.01, 0.05, 0.5, 0.01);
        assertThat(d.correction()).isEqualTo(Correction.BENJAMINI_HOCHBERG);
        assertThat(d.withCorrection(Correction.BONFERRONI).correction()).isEqualTo(Correction.BONFERRONI);
    }
}
