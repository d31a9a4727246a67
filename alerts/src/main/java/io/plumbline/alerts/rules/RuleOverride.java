package io.plumbline.alerts.rules;

import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One entry of {@code rules.overrides}: rule settings for the models and features its patterns match.
 * An entry without {@code feature} applies to whole models: to each of their features and the
 * prediction, and to the model-level settings ({@link RuleSetting#modelLevel()}, the correction), which
 * only such entries may set.
 *
 * @param model a regular expression that must match the whole model_id; null for every model
 * @param feature a regular expression that must match the whole feature name ({@code prediction} for the
 *     prediction); null for the whole model
 * @param type how a matching feature is compared, whatever its baseline's number of distinct values;
 *     null to decide from the baseline. Only with {@code feature}. A string feature cannot be compared
 *     as numeric: it stays categorical
 * @param settings the settings this entry replaces
 * @param multipleTesting the model's multiple-testing correction; null to keep it. Only without {@code feature}
 */
public record RuleOverride(String model, String feature, FeatureType type, Map<RuleSetting, Double> settings,
                           Correction multipleTesting) implements Serializable {

    public RuleOverride {
        if (model != null) {
            Pattern.compile(model);
        }
        if (feature != null) {
            Pattern.compile(feature);
        }
        Map<RuleSetting, Double> copy = new TreeMap<>(settings);
        copy.forEach((setting, v) -> {
            setting.require(v);
            if (feature != null && setting.modelLevel()) {
                throw new IllegalArgumentException("rules." + setting.key() + " is set for a whole model only,"
                        + " not in an entry with a feature");
            }
        });
        settings = Collections.unmodifiableMap(copy);
        if (feature != null && multipleTesting != null) {
            throw new IllegalArgumentException("rules.multiple-testing is set for a whole model only, not in an"
                    + " entry with a feature");
        }
        if (feature == null && type != null) {
            throw new IllegalArgumentException("a type applies to features only: give the entry a feature");
        }
    }

    /** An entry of thresholds only, for the models and features matching the patterns (null: all). */
    public static RuleOverride of(String model, String feature, Map<RuleSetting, Double> settings) {
        return new RuleOverride(model, feature, null, settings, null);
    }

    /**
     * Whether this entry applies to {@code feature} of {@code modelId}, or with {@code feature} null, to
     * the model as a whole. The patterns are compiled on each call: a policy asks once per
     * (model, feature) and keeps the answer.
     */
    boolean appliesTo(String modelId, String featureOrNull) {
        boolean modelMatches = model == null || Pattern.matches(model, modelId);
        if (featureOrNull == null) {
            return modelMatches && feature == null;
        }
        return modelMatches && (feature == null || Pattern.matches(feature, featureOrNull));
    }
}
