package io.plumbline.cli.baseline;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.monitor.drift.ProfileRecorder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds a reference baseline from a training file with the job's own recorder, so the offline
 * profile holds exactly what a window of the same rows would.
 */
public final class BaselineBuilder {

    private BaselineBuilder() {
    }

    /** @param maxCategories K of its categorical sketches: the job's {@code features.max-categories} */
    public static ReferenceBaseline build(Path file, String modelId, String modelVersion, int maxCategories, Clock clock)
            throws IOException {
        ModelProfile profile = new ModelProfile();
        FeatureTypes types = new FeatureTypes();
        ProfileRecorder recorder = new ProfileRecorder(maxCategories);
        long rows = TrainingRows.read(file, modelId, modelVersion, row -> recorder.record(row, profile, types));
        if (rows == 0) {
            throw new IOException(file + ": no rows; a baseline needs data");
        }
        return new ReferenceBaseline(modelId, modelVersion, clock.millis(), file.getFileName().toString(),
                profile, types);
    }
}
