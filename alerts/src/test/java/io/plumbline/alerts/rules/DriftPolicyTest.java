package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.compare.ForcedTypes;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftPolicyTest {

    private static final DriftThresholds D = DriftThresholds.DEFAULTS;

    private static RuleOverride psi(String model, String feature, double threshold) {
        return RuleOverride.of(model, feature, Map.of(RuleSetting.PSI_THRESHOLD, threshold));
    }

    @Test
    void withoutOverridesEveryModelAndFeatureHasTheDefaults() {
        DriftPolicy policy = DriftPolicy.of(D);

        assertThat(policy.model("credit-risk")).isEqualTo(D);
        assertThat(policy.feature("credit-risk", "amount")).isEqualTo(D);
        assertThat(policy.type("credit-risk", "amount")).isNull();
    }

    @Test
    void laterEntriesWinAndPatternsMatchWholeNames() {
        DriftPolicy policy = new DriftPolicy(D, List.of(
                psi(null, "amount", 0.3),
                psi("fraud-.*", null, 0.4),
                psi("fraud-eu", "amo.*", 0.5)));

        assertThat(policy.feature("credit-risk", "amount").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.3);
        assertThat(policy.feature("credit-risk", "amount_usd").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.2);
        assertThat(policy.feature("fraud-us", "amount").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.4);
        assertThat(policy.feature("fraud-us", "age").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.4);
        assertThat(policy.feature("fraud-eu", "amount_usd").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.5);
        assertThat(policy.feature("fraud-eu", "age").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.4);
        assertThat(policy.feature("my-fraud-us", "age").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.2);
        // everything else of a feature's thresholds stays as it was
        assertThat(policy.feature("fraud-eu", "amount")).isEqualTo(D.with(Map.of(RuleSetting.PSI_THRESHOLD, 0.5), null));
    }

    @Test
    void theModelHasTheSettingsOfTheEntriesWithoutAFeatureAndPassesThemToItsFeatures() {
        DriftPolicy policy = new DriftPolicy(D, List.of(
                new RuleOverride("fraud", null, null, Map.of(RuleSetting.DRIFT_SHARE_THRESHOLD, 0.3,
                        RuleSetting.CHANCE_P_VALUE, 0.001), Correction.BONFERRONI),
                psi("fraud", "amount", 0.3)));

        DriftThresholds model = policy.model("fraud");
        assertThat(model.get(RuleSetting.DRIFT_SHARE_THRESHOLD)).isEqualTo(0.3);
        assertThat(model.get(RuleSetting.CHANCE_P_VALUE)).isEqualTo(0.001);
        assertThat(model.correction()).isEqualTo(Correction.BONFERRONI);
        assertThat(model.get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.2);
        DriftThresholds amount = policy.feature("fraud", "amount");
        assertThat(amount.get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.3);
        assertThat(List.of(amount.get(RuleSetting.DRIFT_SHARE_THRESHOLD), amount.get(RuleSetting.CHANCE_P_VALUE)))
                .containsExactly(0.3, 0.001);
        assertThat(amount.correction()).isEqualTo(Correction.BONFERRONI);
        assertThat(policy.model("credit-risk")).isEqualTo(D);
    }

    @Test
    void theTypeComesFromTheLastMatchingEntryThatGivesOne() {
        DriftPolicy policy = new DriftPolicy(D, List.of(
                new RuleOverride(null, "store_.*", FeatureType.CATEGORICAL, Map.of(), null),
                psi(null, "store_id", 0.3),
                new RuleOverride("credit-risk", "store_id", FeatureType.NUMERIC, Map.of(), null)));

        assertThat(policy.type("fraud", "store_id")).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(policy.type("credit-risk", "store_id")).isEqualTo(FeatureType.NUMERIC);
        assertThat(policy.type("credit-risk", "store_zip")).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(policy.type("credit-risk", "amount")).isNull();
    }

    @Test
    void theModelLevelSettingsAndTheTypeBelongToTheirKindOfEntry() {
        assertThatThrownBy(() -> RuleOverride.of(null, "amount", Map.of(RuleSetting.DRIFT_SHARE_THRESHOLD, 0.3)))
                .hasMessageContaining("rules.drift-share.threshold");
        assertThatThrownBy(() -> new RuleOverride(null, "amount", null, Map.of(), Correction.NONE))
                .hasMessageContaining("rules.multiple-testing");
        assertThatThrownBy(() -> new RuleOverride("fraud", null, FeatureType.NUMERIC, Map.of(), null))
                .hasMessageContaining("feature");
        assertThatThrownBy(() -> psi(null, "amount(", 0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> psi(null, "amount", -1)).hasMessageContaining("rules.psi.threshold");
    }

    @Test
    void theTypesToCompareGiveThePredictionTheEntryOfFeaturePrediction() {
        DriftPolicy policy = new DriftPolicy(D, List.of(
                new RuleOverride("fraud", "prediction", FeatureType.CATEGORICAL, Map.of(), null),
                new RuleOverride("fraud", "amount", FeatureType.NUMERIC, Map.of(), null)));

        ForcedTypes fraud = policy.types("fraud");

        assertThat(fraud.prediction()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(fraud.feature("amount")).isEqualTo(FeatureType.NUMERIC);
        assertThat(fraud.feature("age")).isNull();
        assertThat(policy.types("credit-risk").prediction()).isNull();
    }

    @Test
    void aResolutionIsMadeOnceAndKept() {
        DriftPolicy policy = new DriftPolicy(D, List.of(psi(null, "amount", 0.3)));

        assertThat(policy.feature("credit-risk", "amount")).isSameAs(policy.feature("credit-risk", "amount"));
    }

    @Test
    void travelsWithTheJobAsJavaSerialization() throws Exception {
        DriftPolicy policy = new DriftPolicy(D.withCorrection(Correction.NONE), List.of(
                new RuleOverride("fraud", "amount", FeatureType.NUMERIC, Map.of(RuleSetting.PSI_THRESHOLD, 0.3), null)));
        policy.feature("fraud", "amount");

        DriftPolicy copy = roundTrip(policy);

        assertThat(copy).isEqualTo(policy).hasSameHashCodeAs(policy);
        assertThat(copy.feature("fraud", "amount").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.3);
        assertThat(copy.type("fraud", "amount")).isEqualTo(FeatureType.NUMERIC);
        assertThat(copy.model("fraud").correction()).isEqualTo(Correction.NONE);
    }

    private static DriftPolicy roundTrip(DriftPolicy policy) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(policy);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (DriftPolicy) in.readObject();
        }
    }
}
