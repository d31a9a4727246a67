package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.schemas.DriftStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DriftRuleTest {

    @Test
    void everyFeatureRuleReportsIntoFieldsOfTheDriftStatsRecord() {
        for (DriftRule rule : DriftRules.FEATURE_RULES) {
            assertThat(DriftStats.getClassSchema().getField(rule.valueField())).as(rule.alertName()).isNotNull();
            if (rule.pValueField() != null) {
                assertThat(DriftStats.getClassSchema().getField(rule.pValueField())).as(rule.alertName()).isNotNull();
            }
        }
    }

    @Test
    void eachRulesSettingsAreKeyedUnderItsName() {
        for (DriftRule rule : DriftRule.values()) {
            for (DriftRule.Setting declared : rule.settings()) {
                RuleSetting setting = RuleSetting.of(rule, declared.name());
                assertThat(setting.key()).isEqualTo(rule.alertName().replace('_', '-') + "." + declared.name());
                assertThat(setting.of(DriftThresholds.DEFAULTS)).isEqualTo(declared.defaultValue());
            }
        }
        assertThat(Arrays.stream(RuleSetting.values()).map(RuleSetting::key)).doesNotHaveDuplicates()
                .contains("chance.p-value");
        assertThatThrownBy(() -> RuleSetting.of("psi.treshold")).hasMessageContaining("rules.psi.treshold");
    }

    @Test
    void aSettingReadBackFromJavaSerializationIsTheSameSetting() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(RuleSetting.KS_MIN_STATISTIC);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isSameAs(RuleSetting.KS_MIN_STATISTIC);
        }
    }
}
