package io.plumbline.detectors.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.ChiSquare;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.testing.Distribution;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileComparatorTest {

    @Test
    void comparesEveryFeatureOfEitherProfileByName() {
        ModelProfile baseline = profile(0, new Random(1));
        ModelProfile current = profile(0.5, new Random(2));
        baseline.numericFeature("only-baseline").add(1);
        current.categoricalFeature("only-current").add("x");

        ProfileComparison comparison = ProfileComparator.compare(baseline, current);

        assertThat(comparison.features()).extracting(FeatureComparison::feature)
                .containsExactly("age", "country", "only-baseline", "only-current");
        FeatureComparison onlyBaseline = comparison.features().get(2);
        assertThat(onlyBaseline.nBaseline()).isEqualTo(1);
        assertThat(onlyBaseline.nCurrent()).isZero();
        assertThat(onlyBaseline.psi()).isNaN();
        assertThat(onlyBaseline.ksStatistic()).isNaN();
        assertThat(comparison.features().get(3).type()).isEqualTo(FeatureType.CATEGORICAL);
    }

    @Test
    void numericFeaturesGetPsiAndKsOnly() {
        ModelProfile baseline = profile(0, new Random(3));
        ModelProfile current = profile(0.5, new Random(4));
        current.numericFeature("age").addMissing();
        current.numericFeature("age").addTypeMismatch();

        FeatureComparison age = ProfileComparator.compare(baseline, current).features().get(0);

        NumericSketch b = (NumericSketch) baseline.feature("age");
        NumericSketch c = (NumericSketch) current.feature("age");
        KsResult ks = KolmogorovSmirnov.test(b, c);
        assertThat(age.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(age.nBaseline()).isEqualTo(1_000);
        assertThat(age.nCurrent()).isEqualTo(1_000);
        assertThat(age.missingCurrent()).isEqualTo(1);
        assertThat(age.typeMismatchCurrent()).isEqualTo(1);
        assertThat(age.psi()).isEqualTo(Psi.numeric(b, c)).isGreaterThan(0.1);
        assertThat(age.ksStatistic()).isEqualTo(ks.statistic());
        assertThat(age.ksPValue()).isEqualTo(ks.pValue()).isLessThan(1e-6);
        assertThat(age.chi2PValue()).isNaN();
        assertThat(age.maxShareChange()).isNaN();
    }

    @Test
    void categoricalFeaturesGetPsiAndChiSquareOnly() {
        ModelProfile baseline = profile(0, new Random(5));
        ModelProfile current = profile(0.5, new Random(6));

        FeatureComparison country = ProfileComparator.compare(baseline, current).features().get(1);

        CategoricalSketch b = (CategoricalSketch) baseline.feature("country");
        CategoricalSketch c = (CategoricalSketch) current.feature("country");
        assertThat(country.psi()).isEqualTo(Psi.categorical(b, c));
        assertThat(country.chi2PValue()).isEqualTo(ChiSquare.test(b, c).pValue());
        assertThat(country.maxShareChange()).isEqualTo(ChiSquare.test(b, c).maxShareChange());
        assertThat(country.ksStatistic()).isNaN();
        assertThat(country.ksPValue()).isNaN();
    }

    @Test
    void differentlyTypedSketchesAreNotCompared() {
        ModelProfile baseline = new ModelProfile();
        baseline.numericFeature("code").add(1);
        ModelProfile current = new ModelProfile();
        current.categoricalFeature("code").add("1");

        FeatureComparison code = ProfileComparator.compare(baseline, current).features().get(0);

        assertThat(code.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(code.nCurrent()).isEqualTo(1);
        assertThat(code.psi()).isNaN();
        assertThat(code.ksStatistic()).isNaN();
        assertThat(code.chi2PValue()).isNaN();
    }

    @Test
    void aFeatureOnlyMissingInTheCurrentWindowReportsItsMissingCount() {
        ModelProfile baseline = profile(0, new Random(7));
        ModelProfile current = new ModelProfile();
        current.addMissing("age");
        current.addMissing("age");

        FeatureComparison age = ProfileComparator.compare(baseline, current).features().get(0);

        assertThat(age.feature()).isEqualTo("age");
        assertThat(age.nCurrent()).isZero();
        assertThat(age.missingCurrent()).isEqualTo(2);
        assertThat(age.psi()).isNaN();
    }

    @Test
    void thePredictionIsComparedUnderItsOwnName() {
        ModelProfile baseline = profile(0, new Random(8));
        ModelProfile current = profile(0, new Random(9));
        assertThat(ProfileComparator.compare(baseline, current).prediction()).isNull();

        baseline.categoricalPrediction().add("spam");
        current.addMissingPrediction();
        FeatureComparison prediction = ProfileComparator.compare(baseline, current).prediction();

        assertThat(prediction.feature()).isEqualTo(ProfileComparator.PREDICTION);
        assertThat(prediction.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(prediction.missingCurrent()).isEqualTo(1);
        assertThat(prediction.chi2PValue()).isNaN();
    }

    private static ModelProfile profile(double shift, Random random) {
        ModelProfile profile = new ModelProfile();
        double[] ages = Distribution.NORMAL.sample(1_000, shift, random);
        for (double age : ages) {
            profile.countEvent();
            profile.numericFeature("age").add(age);
            profile.categoricalFeature("country").add(random.nextDouble() < 0.5 + shift / 4 ? "NL" : "DE");
        }
        return profile;
    }
}
