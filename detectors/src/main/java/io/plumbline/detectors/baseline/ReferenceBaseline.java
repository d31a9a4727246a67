package io.plumbline.detectors.baseline;

import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import java.util.Objects;

/**
 * A baseline built offline (from training data, say) for one model version: its profile and the
 * feature types fixed while building it, so the stream compares against the types the model was
 * trained on rather than the first values it happens to see.
 *
 * @param builtAtMillis when it was built (epoch millis), for the person who wonders which one is in use
 * @param source where its rows came from, e.g. the training file's name
 */
public record ReferenceBaseline(String modelId, String modelVersion, long builtAtMillis, String source,
                                ModelProfile profile, FeatureTypes types) {

    public ReferenceBaseline {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(types, "types");
    }
}
