package io.plumbline.alerts.rules;

import io.plumbline.detectors.compare.ForcedTypes;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.schemas.codec.PredictionFields;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drift rules' settings of every model and feature: defaults, then {@link RuleOverride}s applied in
 * order, so a later entry wins over an earlier one wherever both match. What a (model, feature) resolves
 * to is computed once and kept; the overrides are few, the keys as many as the features in state.
 *
 * <p>A feature's thresholds carry its model's model-level settings (drift share, chance level,
 * correction): only entries without a feature set those, and such entries apply to every feature too.
 */
public final class DriftPolicy implements Serializable {

    private final DriftThresholds defaults;
    private final List<RuleOverride> overrides;
    /** Rebuilt empty on deserialisation ({@link #readResolve()}). */
    private final transient Map<Key, Resolved> resolved = new ConcurrentHashMap<>();

    /** @param overrides applied in this order over {@code defaults} */
    public DriftPolicy(DriftThresholds defaults, List<RuleOverride> overrides) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.overrides = List.copyOf(overrides);
    }

    /** The same thresholds for every model and feature, each feature's type decided by its baseline. */
    public static DriftPolicy of(DriftThresholds thresholds) {
        return new DriftPolicy(thresholds, List.of());
    }

    /** The thresholds where no override applies ({@code rules.*}). */
    public DriftThresholds defaults() {
        return defaults;
    }

    public List<RuleOverride> overrides() {
        return overrides;
    }

    /** The model's thresholds: its multiple-testing correction, drift share and chance level. */
    public DriftThresholds model(String modelId) {
        return resolve(modelId, null).thresholds();
    }

    /**
     * The thresholds of the rules on {@code feature} ({@value PredictionFields#PREDICTION} for the prediction) of
     * the model.
     */
    public DriftThresholds feature(String modelId, String feature) {
        return resolve(modelId, Objects.requireNonNull(feature, "feature")).thresholds();
    }

    /** How {@code feature} of the model is to be compared; null when its baseline decides. */
    public FeatureType type(String modelId, String feature) {
        return resolve(modelId, Objects.requireNonNull(feature, "feature")).type();
    }

    /**
     * How the model's features and prediction are to be compared: the prediction is {@code feature}
     * {@value PredictionFields#PREDICTION} of the overrides.
     */
    public ForcedTypes types(String modelId) {
        return new ForcedTypes() {
            @Override
            public FeatureType feature(String name) {
                return type(modelId, name);
            }

            @Override
            public FeatureType prediction() {
                return type(modelId, PredictionFields.PREDICTION);
            }
        };
    }

    private Resolved resolve(String modelId, String featureOrNull) {
        if (overrides.isEmpty()) {
            return new Resolved(defaults, null);
        }
        return resolved.computeIfAbsent(new Key(modelId, featureOrNull), key -> {
            DriftThresholds thresholds = defaults;
            FeatureType type = null;
            for (RuleOverride o : overrides) {
                if (o.appliesTo(key.model(), key.feature())) {
                    thresholds = thresholds.with(o.settings(), o.multipleTesting());
                    type = o.type() == null ? type : o.type();
                }
            }
            return new Resolved(thresholds, type);
        });
    }

    private Object readResolve() {
        return new DriftPolicy(defaults, overrides);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftPolicy p && defaults.equals(p.defaults) && overrides.equals(p.overrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(defaults, overrides);
    }

    @Override
    public String toString() {
        return "DriftPolicy[defaults=" + defaults + ", overrides=" + overrides + "]";
    }

    /** {@code feature} null: the model as a whole. */
    private record Key(String model, String feature) {
    }

    private record Resolved(DriftThresholds thresholds, FeatureType type) {
    }
}
