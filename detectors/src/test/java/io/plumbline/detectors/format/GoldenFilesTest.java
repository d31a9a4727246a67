package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import org.junit.jupiter.api.Test;

/** Version 1 files written by {@link GoldenFileGenerator} and committed: every later reader must read them. */
class GoldenFilesTest {

    @Test
    void readsTheVersionOneProfile() {
        ModelProfile profile = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE));

        assertThat(profile.events()).isEqualTo(20_000);
        assertThat(profile.features().keySet()).containsExactly("age", "clicks", "country", "income");
        assertThat(profile.untypedMissing()).containsExactly(entry("zip", 20_000L));

        NumericSketch age = (NumericSketch) profile.feature("age");
        assertThat(age.isExact()).isTrue();
        assertThat(age.count()).isEqualTo(2_000);
        assertThat(age.missing()).isEqualTo(18_000);
        assertThat(age.mean()).isCloseTo(40.4337, within(1e-9));
        assertThat(age.min()).isEqualTo(1.1);
        assertThat(age.max()).isEqualTo(81.8);
        assertThat(age.quantile(0.5)).isEqualTo(40.7);
        assertThat(age.quantile(0.9)).isEqualTo(56.0);

        NumericSketch clicks = (NumericSketch) profile.feature("clicks");
        assertThat(clicks.isExact()).isTrue();
        assertThat(clicks.cdf(2)).isEqualTo(13_182 / 20_000.0);

        NumericSketch income = (NumericSketch) profile.feature("income");
        assertThat(income.isExact()).isFalse();
        assertThat(income.count()).isEqualTo(20_000);
        assertThat(income.typeMismatches()).isEqualTo(1);
        assertThat(income.cdf(0)).as("the tied zeros stay counted exactly").isEqualTo(7_848 / 20_000.0);
        assertThat(income.quantile(0.99)).isCloseTo(87_910.45352101573, within(1e-6));
        assertThat(income.mean()).isCloseTo(20_675.3482653625, within(1e-6));

        CategoricalSketch country = (CategoricalSketch) profile.feature("country");
        assertThat(country.maxDistinct()).isEqualTo(3);
        assertThat(country.counts()).containsExactly(entry("BE", 1_889L), entry("DE", 5_888L), entry("NL", 7_621L));
        assertThat(country.otherCount()).isEqualTo(4_602);

        assertThat(profile.prediction().count()).isEqualTo(19_800);
        assertThat(profile.prediction().missing()).isEqualTo(200);
    }

    @Test
    void theVersionOneProfileEqualsAFreshlyBuiltOne() {
        ModelProfile golden = ProfileFormat.read(GoldenFiles.read(GoldenFiles.PROFILE));

        ProfileComparison comparison = ProfileComparator.compare(golden, SampleProfiles.everyForm());

        for (FeatureComparison c : comparison.features()) {
            assertThat(c.nBaseline()).as(c.feature()).isEqualTo(c.nCurrent());
            assertThat(c.psi()).as(c.feature()).isZero();
            if (c.type() == FeatureType.NUMERIC) {
                assertThat(c.ksStatistic()).as(c.feature()).isZero();
            } else {
                assertThat(c.maxShareChange()).as(c.feature()).isZero();
            }
        }
        assertThat(comparison.prediction().ksStatistic()).isZero();
    }

    @Test
    void todaysWriterStillWritesVersionOneByteForByte() {
        assertThat(ProfileFormat.write(SampleProfiles.everyForm())).isEqualTo(GoldenFiles.read(GoldenFiles.PROFILE));
        assertThat(ProfileFormat.writeTypes(GoldenFileGenerator.sampleTypes())).isEqualTo(GoldenFiles.read(GoldenFiles.TYPES));
    }

    @Test
    void readsTheVersionOneFeatureTypes() {
        FeatureTypes types = ProfileFormat.readTypes(GoldenFiles.read(GoldenFiles.TYPES));

        assertThat(types.types()).containsExactly(entry("clicks", FeatureType.NUMERIC), entry("country", FeatureType.CATEGORICAL),
                entry("income", FeatureType.NUMERIC), entry("plan", FeatureType.CATEGORICAL));
        assertThat(types.maxFeatures()).isEqualTo(4);
        assertThat(types.droppedFeatureValues()).isEqualTo(1);
        assertThat(types.predictionType()).isEqualTo(FeatureType.CATEGORICAL);
    }
}
