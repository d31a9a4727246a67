package io.plumbline.monitor.config;

import java.util.EnumMap;
import java.util.Map;

import io.plumbline.alerts.llm.LlmRuleSetting;
import io.plumbline.alerts.llm.LlmThresholds;

/**
 * Reads the {@code llm.rules} section: every {@link LlmRuleSetting} and {@code multiple-testing}, over
 * {@link LlmThresholds#DEFAULTS}.
 *
 * <pre>
 * llm:
 *   rules:
 *     latency-p95: { seconds: 8, windows: 2 }
 *     error-rate: { threshold: 0.02 }
 * </pre>
 */
final class LlmRulesSection {

    static final String PREFIX = "llm.rules.";

    private LlmRulesSection() {
    }

    /** Every problem goes to {@code s}; the thresholds returned are then meaningless, as no config is built. */
    static LlmThresholds read(Settings s) {
        Map<LlmRuleSetting, Double> settings = new EnumMap<>(LlmRuleSetting.class);
        for (LlmRuleSetting setting : LlmRuleSetting.values()) {
            Double v = s.number(PREFIX + setting.key(), null, setting.expectation(), setting::parse);
            if (v != null) {
                settings.put(setting, v);
            }
        }
        return LlmThresholds.DEFAULTS.with(settings, RulesSection.correction(s, PREFIX));
    }
}
