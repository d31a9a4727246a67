package io.plumbline.detectors.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.ChiSquare;
import io.plumbline.detectors.stats.JensenShannon;
import io.plumbline.detectors.stats.UnseenCategories;
import io.plumbline.detectors.stats.OutOfRange;
import io.plumbline.detectors.stats.RobustLinf;
import io.plumbline.detectors.stats.Wasserstein;
import org.apache.commons.math3.distribution.BinomialDistribution;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ManyCategories;
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

        assertThat(comparison.features().keySet()).containsExactly("age", "country", "only-baseline", "only-current");
        FeatureComparison onlyBaseline = comparison.features().get("only-baseline");
        assertThat(onlyBaseline).isInstanceOf(UnpairedComparison.class);
        assertThat(onlyBaseline.counts().nBaseline()).isEqualTo(1);
        assertThat(onlyBaseline.counts().nCurrent()).isZero();
        assertThat(comparison.features().get("only-current").type()).isEqualTo(FeatureType.CATEGORICAL);
    }

    @Test
    void numericFeaturesGetPsiAndKsOnly() {
        ModelProfile baseline = profile(0, new Random(3));
        ModelProfile current = profile(0.5, new Random(4));
        current.numericFeature("age").addMissing();
        current.numericFeature("age").addTypeMismatch();

        NumericComparison age = numeric(ProfileComparator.compare(baseline, current), "age");

        NumericSketch b = (NumericSketch) baseline.feature("age");
        NumericSketch c = (NumericSketch) current.feature("age");
        KsResult ks = KolmogorovSmirnov.test(b, c);
        assertThat(age.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(age.counts().nBaseline()).isEqualTo(1_000);
        assertThat(age.counts().nCurrent()).isEqualTo(1_000);
        assertThat(age.counts().missingCurrent()).isEqualTo(1);
        assertThat(age.counts().typeMismatchCurrent()).isEqualTo(1);
        assertThat(age.psi().value()).isEqualTo(Psi.numeric(b, c)).isGreaterThan(0.1);
        assertThat(age.ks()).isEqualTo(ks);
        assertThat(age.ks().pValue()).isLessThan(1e-6);
    }

    @Test
    void categoricalFeaturesGetPsiAndChiSquareOnly() {
        ModelProfile baseline = profile(0, new Random(5));
        ModelProfile current = profile(0.5, new Random(6));

        CategoricalComparison country = categorical(ProfileComparator.compare(baseline, current), "country");

        CategoricalSketch b = (CategoricalSketch) baseline.feature("country");
        CategoricalSketch c = (CategoricalSketch) current.feature("country");
        assertThat(country.psi()).isEqualTo(Psi.categorical(b, c));
        assertThat(country.chi2()).isEqualTo(ChiSquare.test(b, c));
    }

    @Test
    void differentlyTypedSketchesAreNotCompared() {
        ModelProfile baseline = new ModelProfile();
        baseline.numericFeature("code").add(1);
        ModelProfile current = new ModelProfile();
        current.categoricalFeature("code").add("1");

        FeatureComparison code = ProfileComparator.compare(baseline, current).features().get("code");

        assertThat(code).isInstanceOf(UnpairedComparison.class);
        assertThat(code.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(code.counts().nCurrent()).isEqualTo(1);
    }

    @Test
    void aFeatureOnlyMissingInTheCurrentWindowReportsItsMissingCount() {
        ModelProfile baseline = profile(0, new Random(7));
        ModelProfile current = new ModelProfile();
        current.addMissing("age");
        current.addMissing("age");

        FeatureComparison age = ProfileComparator.compare(baseline, current).features().get("age");

        assertThat(age).isInstanceOf(UnpairedComparison.class);
        assertThat(age.counts().nCurrent()).isZero();
        assertThat(age.counts().missingCurrent()).isEqualTo(2);
        assertThat(age.counts().missingRate().value()).as("from none of 1 000 missing to all of 2").isEqualTo(1);
        assertThat(age.counts().missingRate().pValue()).isLessThan(1e-6);
        assertThat(age.counts().typeMismatchRate().pValue()).isNaN();
    }

    @Test
    void thePredictionIsComparedApartFromTheFeatures() {
        ModelProfile baseline = profile(0, new Random(8));
        ModelProfile current = profile(0, new Random(9));
        assertThat(ProfileComparator.compare(baseline, current).prediction()).isNull();

        baseline.categoricalPrediction().add("spam");
        current.addMissingPrediction();
        ProfileComparison comparison = ProfileComparator.compare(baseline, current);
        FeatureComparison prediction = comparison.prediction();

        assertThat(comparison.features().keySet()).containsExactly("age", "country");
        assertThat(prediction).isInstanceOf(UnpairedComparison.class);
        assertThat(prediction.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(prediction.counts().missingCurrent()).isEqualTo(1);
    }

    @Test
    void thePredictionTakesTheTypeForcedOnItAndNoFeaturesType() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        for (int i = 0; i < 300; i++) {
            baseline.numericPrediction().add(i % 3);
            current.numericPrediction().add(i % 3);
            baseline.numericFeature("rating").add(i % 3);
            current.numericFeature("rating").add(i % 3);
        }
        ForcedTypes predictionNumeric = new ForcedTypes() {
            @Override
            public FeatureType feature(String name) {
                return null;
            }

            @Override
            public FeatureType prediction() {
                return FeatureType.NUMERIC;
            }
        };

        ProfileComparison decided = ProfileComparator.compare(baseline, current);
        ProfileComparison forced = ProfileComparator.compare(baseline, current, predictionNumeric);

        assertThat(decided.prediction()).isInstanceOf(CategoricalComparison.class);
        assertThat(forced.prediction()).isInstanceOf(NumericComparison.class);
        assertThat(forced.features().get("rating")).isInstanceOf(CategoricalComparison.class);
    }

    @Test
    void numericFeaturesGetEffectSizesRangeAndPsiChanceLevel() {
        ModelProfile baseline = profile(0, new Random(11));
        ModelProfile current = profile(0.5, new Random(12));
        current.numericFeature("age").add(1e6);

        NumericComparison age = numeric(ProfileComparator.compare(baseline, current), "age");

        NumericSketch b = (NumericSketch) baseline.feature("age");
        NumericSketch c = (NumericSketch) current.feature("age");
        assertThat(age.robustLinf()).isEqualTo(RobustLinf.of(KolmogorovSmirnov.test(b, c), 0.05)).isGreaterThan(0);
        assertThat(age.wassersteinNorm()).isEqualTo(Wasserstein.normalized(b, c)).isGreaterThan(0.1);
        assertThat(age.outOfRange().value()).isEqualTo(OutOfRange.share(b, c)).isGreaterThanOrEqualTo(1 / 1001.0);
        assertThat(age.outOfRange().pValue()).isEqualTo(OutOfRange.pValue(age.outOfRange().value(), 1000, 1001));
        assertThat(age.psi().pValue()).isEqualTo(Psi.numericPValue(Psi.numeric(b, c), 1000, 1001)).isLessThan(1e-10);
    }

    @Test
    void categoricalFeaturesGetJensenShannonAndNewCategories() {
        ModelProfile baseline = profile(0, new Random(13));
        ModelProfile current = profile(0, new Random(14));
        for (int i = 0; i < 250; i++) {
            current.categoricalFeature("country").add("BE");
        }

        CategoricalComparison country = categorical(ProfileComparator.compare(baseline, current), "country");

        CategoricalSketch b = (CategoricalSketch) baseline.feature("country");
        CategoricalSketch c = (CategoricalSketch) current.feature("country");
        assertThat(country.newCategory().value()).isEqualTo(0.2);
        assertThat(country.jsDistance()).isEqualTo(JensenShannon.distance(b, c)).isGreaterThan(0.1);
        assertThat(country.newCategory().pValue()).isEqualTo(UnseenCategories.pValue(b, c)).isLessThan(1e-10);
        assertThat(country.chi2().pValue()).isEqualTo(ChiSquare.test(b, c).pValue());
    }

    @Test
    void fiftyThousandCategoriesAllReplacedAreAllNewBeyondChance() {
        Random random = new Random(50_000);
        ModelProfile baseline = ManyCategories.UNIFORM.profile("merchant", "old-", 50_000, 50_000, random);
        ModelProfile current = ManyCategories.UNIFORM.profile("merchant", "new-", 50_000, 50_000, random);

        CategoricalComparison merchant = categorical(ProfileComparator.compare(baseline, current), "merchant");

        assertThat(merchant.psi()).as("both sides are almost all 'other', where names cannot tell them apart")
                .isLessThan(0.01);
        assertThat(merchant.newCategory().value()).isEqualTo(1);
        assertThat(merchant.newCategory().pValue()).as("far below what any correction over a model's tests asks")
                .isLessThan(1e-9);
    }

    @Test
    void fiftyThousandStableCategoriesBringUnseenValuesOnlyByChance() {
        Random random = new Random(50_001);
        ModelProfile baseline = ManyCategories.UNIFORM.profile("merchant", "m", 50_000, 50_000, random);
        for (int window = 0; window < 5; window++) {
            ModelProfile current = ManyCategories.UNIFORM.profile("merchant", "m", 50_000, 50_000, random);

            CategoricalComparison merchant = categorical(ProfileComparator.compare(baseline, current), "merchant");

            // A baseline of 50 000 values misses e^-1 of 50 000 equally likely categories.
            assertThat(merchant.newCategory().value()).as("window %d", window).isBetween(0.25, 0.5);
            assertThat(merchant.newCategory().pValue()).as("window %d", window).isGreaterThan(0.01);
        }
    }

    @Test
    void aNumericFeatureOfAtMostFiveBaselineValuesIsComparedAsCategorical() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        for (int i = 0; i < 100; i++) {
            baseline.numericFeature("rating").add(i % 5);
            current.numericFeature("rating").add(i % 4 == 0 ? 9 : i % 5);
        }

        CategoricalComparison rating = categorical(ProfileComparator.compare(baseline, current), "rating");

        CategoricalSketch b = ((NumericSketch) baseline.feature("rating")).asCategorical();
        CategoricalSketch c = ((NumericSketch) current.feature("rating")).asCategorical();
        assertThat(rating.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(rating.newCategory().value()).isEqualTo(0.25);
        assertThat(rating.chi2().pValue()).isEqualTo(ChiSquare.test(b, c).pValue());
        assertThat(rating.psi()).isEqualTo(Psi.categorical(b, c));
        assertThat(rating.jsDistance()).isEqualTo(JensenShannon.distance(b, c));
    }

    @Test
    void sixBaselineValuesStayNumeric() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        for (int i = 0; i < 120; i++) {
            baseline.numericFeature("rating").add(i % 6);
            current.numericFeature("rating").add(i % 6);
        }

        NumericComparison rating = numeric(ProfileComparator.compare(baseline, current), "rating");

        assertThat(rating.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(rating.ks().statistic()).isZero();
        assertThat(rating.wassersteinNorm()).isZero();
        assertThat(rating.outOfRange().value()).isZero();
        assertThat(rating.outOfRange().pValue()).isEqualTo(1);
    }

    @Test
    void aNumericFeatureOfThreeLevelsForcedNumericGetsKs() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        for (int i = 0; i < 300; i++) {
            baseline.numericFeature("rating").add(i % 3);
            current.numericFeature("rating").add(i % 3 == 0 ? 2 : i % 3);
        }

        FeatureComparison decided = ProfileComparator.compare(baseline, current).features().get("rating");
        NumericComparison forced = numeric(ProfileComparator.compare(baseline, current,
                ForcedTypes.features(name -> name.equals("rating") ? FeatureType.NUMERIC : null)), "rating");

        assertThat(decided.type()).isEqualTo(FeatureType.CATEGORICAL);
        KsResult ks = KolmogorovSmirnov.test((NumericSketch) baseline.feature("rating"),
                (NumericSketch) current.feature("rating"));
        assertThat(forced.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(forced.ks().statistic()).isEqualTo(ks.statistic()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(forced.ks().pValue()).isLessThan(1e-6);
    }

    @Test
    void aNumericFeatureOfFiftyLevelsForcedCategoricalGetsChiSquare() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            baseline.numericFeature("store").add(random.nextInt(50));
            // store 7 closed: its share goes to store 8
            int store = random.nextInt(50);
            current.numericFeature("store").add(store == 7 ? 8 : store);
        }

        FeatureComparison decided = ProfileComparator.compare(baseline, current).features().get("store");
        CategoricalComparison forced = categorical(ProfileComparator.compare(baseline, current,
                ForcedTypes.features(name -> name.equals("store") ? FeatureType.CATEGORICAL : null)), "store");

        assertThat(decided.type()).isEqualTo(FeatureType.NUMERIC);
        CategoricalSketch b = ((NumericSketch) baseline.feature("store")).asCategorical();
        CategoricalSketch c = ((NumericSketch) current.feature("store")).asCategorical();
        assertThat(b.otherCount()).isZero();
        assertThat(b.count("49")).isPositive();
        assertThat(forced.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(forced.chi2().pValue()).isEqualTo(ChiSquare.test(b, c).pValue()).isLessThan(1e-6);
        assertThat(forced.chi2().maxShareChange()).isCloseTo(0.02, within(0.01));
    }

    @Test
    void aStringFeatureStaysCategoricalWhenForcedNumeric() {
        ModelProfile baseline = profile(0, new Random(12));
        ModelProfile current = profile(0.5, new Random(13));

        CategoricalComparison country = categorical(ProfileComparator.compare(baseline, current,
                ForcedTypes.features(name -> FeatureType.NUMERIC)), "country");

        assertThat(country.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(country.chi2().pValue()).isLessThan(1e-6);
    }

    @Test
    void missingAndMismatchRatesAreTestedOnBothSides() {
        ModelProfile baseline = profile(0, new Random(15));
        ModelProfile current = profile(0, new Random(16));
        for (int i = 0; i < 100; i++) {
            current.numericFeature("age").addMissing();
        }
        current.categoricalFeature("country").addTypeMismatch();

        FeatureCounts age = ProfileComparator.compare(baseline, current).features().get("age").counts();
        FeatureCounts country = ProfileComparator.compare(baseline, current).features().get("country").counts();

        assertThat(age.missingRate().value()).isEqualTo(100 / 1100.0);
        assertThat(age.missingRate().pValue()).isLessThan(1e-20);
        assertThat(age.typeMismatchRate().value()).isZero();
        assertThat(age.typeMismatchRate().pValue()).isEqualTo(1);
        assertThat(country.typeMismatchRate().value()).isEqualTo(1 / 1001.0);
        assertThat(country.typeMismatchRate().pValue()).isGreaterThan(0.1);
    }

    @Test
    void outOfRangePValueIsTheBinomialTailAtTwoOverNPlusOne() {
        BinomialDistribution chance = new BinomialDistribution(1000, 2 / 1001.0);
        assertThat(OutOfRange.pValue(0.005, 1000, 1000))
                .isCloseTo(1 - chance.cumulativeProbability(4), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(OutOfRange.pValue(0.05, 1000, 1000)).isLessThan(1e-30);
        assertThat(OutOfRange.pValue(0.1, 19, 100))
                .as("a baseline of 19 values leaves ~10% outside its range by chance").isGreaterThan(0.3);
        assertThat(OutOfRange.pValue(0, 1000, 1000)).isEqualTo(1);
    }

    @Test
    void stableSmallWindowsReachTheirPsiChanceLevelAtTheAdvertisedRate() {
        Random random = new Random(21);
        int windows = 2_000;
        int below = 0;
        for (int i = 0; i < windows; i++) {
            ModelProfile baseline = profile(0, random);
            NumericComparison age = numeric(ProfileComparator.compare(baseline, profile(0, random)), "age");
            below += age.psi().pValue() < 0.05 ? 1 : 0;
        }
        // Binomial(2000, 0.05) has sd 9.7: ±4 sd around 100.
        assertThat(below).isBetween(61, 139);
    }

    private static NumericComparison numeric(ProfileComparison comparison, String feature) {
        assertThat(comparison.features().get(feature)).isInstanceOf(NumericComparison.class);
        return (NumericComparison) comparison.features().get(feature);
    }

    private static CategoricalComparison categorical(ProfileComparison comparison, String feature) {
        assertThat(comparison.features().get(feature)).isInstanceOf(CategoricalComparison.class);
        return (CategoricalComparison) comparison.features().get(feature);
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
