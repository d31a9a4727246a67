package io.plumbline.jobs.drift;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The drift stage's key of a reference baseline: the same (model_id, model_version) string as
 * {@link ModelKey} gives its events, so a reference meets exactly its own version's windows.
 */
public final class ReferenceKey implements KeySelector<ReferenceBaseline, String> {

    @Override
    public String getKey(ReferenceBaseline reference) {
        return ModelKey.of(reference.modelId(), reference.modelVersion());
    }
}
