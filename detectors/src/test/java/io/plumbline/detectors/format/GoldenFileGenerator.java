package io.plumbline.detectors.format;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.testing.GoldenFileWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the golden files of the current format versions that do not exist yet, once, when a version is introduced:
 * {@code java -cp <test classpath> io.plumbline.detectors.format.GoldenFileGenerator src/test/resources/golden}
 * from detectors/. Tests only read them; a file of a released version is never rewritten (a changed
 * format is a new version with new files next to the old ones).
 */
public final class GoldenFileGenerator {
    private GoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = GoldenFileWriter.directory(args);
        GoldenFileWriter.writeOnce(directory.resolve(GoldenFiles.PROFILE), ProfileFormat.write(SampleProfiles.everyForm()));
        GoldenFileWriter.writeOnce(directory.resolve(GoldenFiles.TYPES), ProfileFormat.writeTypes(sampleTypes()));
        GoldenFileWriter.writeOnce(directory.resolve(GoldenFiles.REFERENCE_BASELINE), ReferenceBaselineFormat.write(sampleBaseline()));
        GoldenFileWriter.writeOnce(directory.resolve(GoldenFiles.QUANTILE_SKETCH), LlmProfileFormat.write(SampleRoutes.digestedSketch()));
        GoldenFileWriter.writeOnce(directory.resolve(GoldenFiles.CALL_PROFILE), LlmProfileFormat.write(SampleRoutes.everyForm().variants().get(SampleRoutes.GPT_V7)));
        GoldenFileWriter.writeOnce(directory.resolve(GoldenFiles.ROUTE_PROFILE), LlmProfileFormat.write(SampleRoutes.everyForm()));
    }

    static ReferenceBaseline sampleBaseline() {
        return new ReferenceBaseline("credit-risk", "v3", 1_764_000_000_000L, "train-2025-q3.csv",
                SampleProfiles.everyForm(), sampleTypes());
    }

    /**
     * {@link #sampleTypes()} as a published reference fixes them, restored: no other feature takes a slot, and
     * no evidence is counted for one.
     */
    static FeatureTypes authoritativeTypes() {
        FeatureTypes types = FeatureTypes.of(4, sampleTypes().types(), FeatureType.CATEGORICAL, 1);
        types.makeAuthoritative();
        return types;
    }

    /**
     * Four typed features of a limit of four, one dropped value (its feature a candidate for a slot), a
     * categorical prediction, three events since the last rebalance.
     */
    static FeatureTypes sampleTypes() {
        FeatureTypes types = new FeatureTypes(4);
        types.resolve("income", FeatureType.NUMERIC);
        types.resolve("country", FeatureType.CATEGORICAL);
        types.resolve("clicks", FeatureType.NUMERIC);
        types.resolve("plan", FeatureType.CATEGORICAL);
        types.resolve("late-feature", FeatureType.NUMERIC);
        types.predictionType(FeatureType.CATEGORICAL);
        types.countEvents(3);
        return types;
    }
}
