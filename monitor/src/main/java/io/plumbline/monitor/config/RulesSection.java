package io.plumbline.monitor.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import io.plumbline.alerts.rules.DriftPolicy;
import io.plumbline.alerts.rules.DriftThresholds;
import io.plumbline.alerts.rules.RuleOverride;
import io.plumbline.alerts.rules.RuleSetting;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.stats.MultipleTesting.Correction;

/**
 * Reads the {@code rules} section: every {@link RuleSetting} and {@code multiple-testing}, then the
 * {@code overrides} list, whose entries take the same keys plus {@code model}, {@code feature} and
 * {@code type}.
 *
 * <pre>
 * rules:
 *   psi: { threshold: 0.2 }
 *   multiple-testing: benjamini-hochberg
 *   overrides:
 *     - { feature: amount, psi: { threshold: 0.3 } }
 *     - { model: fraud-.*, drift-share: { threshold: 0.3 } }
 *     - { model: fraud-eu, feature: store_id, type: categorical }
 * </pre>
 */
final class RulesSection {

    static final String OVERRIDES = "rules.overrides";

    /** What an entry looks like, for the messages. */
    static final String ENTRY_EXAMPLE = "{ feature: amount, psi: { threshold: 0.3 } }";
    private static final String MULTIPLE_TESTING = "multiple-testing";
    private static final Set<String> SELECTORS = Set.of("model", "feature");
    private static final List<String> MODEL_LEVEL_KEYS = Stream.concat(
            Arrays.stream(RuleSetting.values()).filter(RuleSetting::modelLevel).map(RuleSetting::key),
            Stream.of(MULTIPLE_TESTING)).toList();

    private RulesSection() {
    }

    /** Every problem goes to {@code s}; the policy returned is then meaningless, as no config is built. */
    static DriftPolicy read(Settings s) {
        DriftThresholds defaults = DriftThresholds.DEFAULTS.with(settings(s, "rules."), correction(s, "rules."));
        List<RuleOverride> overrides = new ArrayList<>();
        for (int i : s.indices(OVERRIDES, "- " + ENTRY_EXAMPLE)) {
            RuleOverride entry = override(s, OVERRIDES + "[" + i + "].");
            if (entry != null) {
                overrides.add(entry);
            }
        }
        return new DriftPolicy(defaults, overrides);
    }

    /** The entry at {@code prefix}, or null when it has a problem. */
    private static RuleOverride override(Settings s, String prefix) {
        String model = s.value(prefix + "model", null,
                "a regular expression matching whole model ids, such as fraud-.*", RulesSection::regex);
        String feature = s.value(prefix + "feature", null,
                "a regular expression matching whole feature names (prediction for the prediction), such as"
                        + " amount|amount_usd", RulesSection::regex);
        FeatureType type = s.value(prefix + "type", null, "categorical or numeric", RulesSection::featureType);
        Map<RuleSetting, Double> settings = settings(s, prefix);
        Correction correction = correction(s, prefix);

        boolean valid = true;
        boolean forFeatures = s.isSet(prefix + "feature");
        if (forFeatures) {
            for (String key : MODEL_LEVEL_KEYS) {
                if (s.isSet(prefix + key)) {
                    s.problem(prefix + key + ": a setting of the whole model, not of a feature; move it to an"
                            + " entry without 'feature'");
                    valid = false;
                }
            }
        } else if (s.isSet(prefix + "type")) {
            s.problem(prefix + "type: says how a feature is compared; give the entry a feature");
            valid = false;
        }
        Set<String> keys = s.keysUnder(prefix);
        keys.removeAll(SELECTORS);
        if (keys.isEmpty()) {
            s.problem(prefix.substring(0, prefix.length() - 1) + ": sets nothing; give it a rule setting such as"
                    + " psi: { threshold: 0.3 } or a type, or remove it");
            valid = false;
        }
        return valid ? new RuleOverride(model, feature, type, settings, correction) : null;
    }

    /** The rule settings set under {@code prefix} (each checked, a bad one reported and left out). */
    private static Map<RuleSetting, Double> settings(Settings s, String prefix) {
        Map<RuleSetting, Double> settings = new TreeMap<>();
        for (RuleSetting setting : RuleSetting.values()) {
            Double v = s.number(prefix + setting.key(), null, setting.expectation(), setting::parse);
            if (v != null) {
                settings.put(setting, v);
            }
        }
        return settings;
    }

    /** The correction set under {@code prefix}, or null; the LLM rules' section takes the same key. */
    static Correction correction(Settings s, String prefix) {
        return s.value(prefix + MULTIPLE_TESTING, null, "benjamini-hochberg, bonferroni or none",
                v -> {
                    for (Correction c : Correction.values()) {
                        if (c.name().replace('_', '-').equalsIgnoreCase(v)) {
                            return c;
                        }
                    }
                    return null;
                });
    }

    private static String regex(String v) {
        try {
            Pattern.compile(v);
            return v;
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static FeatureType featureType(String v) {
        for (FeatureType t : FeatureType.values()) {
            if (t.wireName().equals(v.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
