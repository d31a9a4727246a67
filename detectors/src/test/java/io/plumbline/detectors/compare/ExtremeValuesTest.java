package io.plumbline.detectors.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.ModelProfile;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A producer's feature values near the largest double: the sketch's mean and M2 must stay finite, or a
 * checkpoint of it could not be restored (the job would fail on every restart), and no statistic may come
 * out NaN where it has a value, or infinite.
 */
class ExtremeValuesTest {

    @Test
    void aProfileOfValuesNearTheLargestDoubleSurvivesACheckpointAndComparesFinitely() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        Random random = new Random(18);
        for (int i = 0; i < 5_000; i++) {
            baseline.countEvent();
            baseline.numericFeature("x").add(random.nextGaussian());
            current.countEvent();
            current.numericFeature("x").add(i % 2 == 0 ? 1.7e308 : -1.7e308);
        }

        ModelProfile restored = ProfileFormat.read(ProfileFormat.write(current));
        restored.merge(ProfileFormat.read(ProfileFormat.write(current)));
        NumericComparison x = (NumericComparison) ProfileComparator.compare(baseline, restored,
                ForcedTypes.features(feature -> FeatureType.NUMERIC)).features().get("x");

        assertThat(restored.numericFeature("x").count()).isEqualTo(10_000);
        assertThat(List.of(x.psi().value(), x.ks().statistic(), x.wassersteinNorm(), x.robustLinf()))
                .allSatisfy(v -> assertThat(v).isFinite());
    }

    @Test
    void aBaselineOfAlmostNoSpreadGivesAFiniteNormalizedWasserstein() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        for (int i = 0; i < 100; i++) {
            baseline.countEvent();
            baseline.numericFeature("x").add(i % 2 == 0 ? 0 : 1e-150);
            current.countEvent();
            current.numericFeature("x").add(1e300);
        }

        NumericComparison x = (NumericComparison) ProfileComparator.compare(baseline, current,
                ForcedTypes.features(feature -> FeatureType.NUMERIC)).features().get("x");

        assertThat(x.wassersteinNorm()).isFinite();
    }
}
