package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.compare.CategoricalComparison;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.NumericComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.sketch.FeatureType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceBaselineFormatTest {

    @Test
    void readsTheVersionOneGoldenFile() {
        ReferenceBaseline golden = ReferenceBaselineFormat.read(GoldenFiles.read(GoldenFiles.REFERENCE_BASELINE_V1));

        assertThat(golden.modelId()).isEqualTo("credit-risk");
        assertThat(golden.profile().events()).isEqualTo(20_000);
        assertThat(golden.types().predictionType()).isEqualTo(FeatureType.CATEGORICAL);
        // Its version 1 profile's digests also held the extremes, so they differ from today's within their error.
        assertThat(ProfileComparator.compare(golden.profile(), SampleProfiles.versionTwoForms()).features().values())
                .allSatisfy(c -> assertThat(psi(c)).isLessThanOrEqualTo(0.005));
    }

    @Test
    void readsTheVersionTwoGoldenFile() {
        ReferenceBaseline golden = ReferenceBaselineFormat.read(GoldenFiles.read(GoldenFiles.REFERENCE_BASELINE_V2));

        assertThat(golden.modelId()).isEqualTo("credit-risk");
        assertThat(golden.profile().events()).isEqualTo(20_000);
        assertThat(golden.types().typeOf("country")).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(ProfileComparator.compare(golden.profile(), SampleProfiles.versionTwoForms()).features().values())
                .allSatisfy(c -> assertThat(psi(c)).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {GoldenFiles.REFERENCE_BASELINE, GoldenFiles.REFERENCE_BASELINE_V3})
    void readsTheVersionFourAndThreeGoldenFiles(String file) {
        ReferenceBaseline golden = ReferenceBaselineFormat.read(GoldenFiles.read(file));

        assertThat(golden.modelId()).isEqualTo("credit-risk");
        assertThat(golden.modelVersion()).isEqualTo("v3");
        assertThat(golden.builtAtMillis()).isEqualTo(1_764_000_000_000L);
        assertThat(golden.source()).isEqualTo("train-2025-q3.csv");
        assertThat(golden.profile().events()).isEqualTo(20_000);
        assertThat(golden.types().typeOf("country")).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(golden.types().predictionType()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(ProfileComparator.compare(golden.profile(), SampleProfiles.everyForm()).features().values())
                .allSatisfy(c -> assertThat(psi(c)).isZero())
                .filteredOn(c -> c instanceof CategoricalComparison)
                .allSatisfy(c -> assertThat(((CategoricalComparison) c).newCategory().value()).isZero());
    }

    @Test
    void todaysWriterStillProducesTheGoldenBytes() {
        assertThat(ReferenceBaselineFormat.write(GoldenFileGenerator.sampleBaseline()))
                .isEqualTo(GoldenFiles.read(GoldenFiles.REFERENCE_BASELINE));
    }

    @Test
    void refusesOtherBytesNamingWhatItExpected() {
        byte[] profile = ProfileFormat.write(SampleProfiles.everyForm());
        assertThatThrownBy(() -> ReferenceBaselineFormat.read(profile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a reference baseline").hasMessageContaining("PLRB");

        byte[] future = ReferenceBaselineFormat.write(GoldenFileGenerator.sampleBaseline());
        future[4] = 5;
        assertThatThrownBy(() -> ReferenceBaselineFormat.read(future))
                .hasMessageContaining("reference baseline format version 5");

        byte[] truncated = java.util.Arrays.copyOf(future, 40);
        truncated[4] = 1;
        assertThatThrownBy(() -> ReferenceBaselineFormat.read(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double psi(FeatureComparison c) {
        return c instanceof NumericComparison n ? n.psi().value() : ((CategoricalComparison) c).psi();
    }
}
