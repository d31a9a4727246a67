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
        assertThat(age.missingRateChange()).as("from none of 1 000 missing to all of 2").isEqualTo(1);
        assertThat(age.missingRatePValue()).isLessThan(1e-6);
        assertThat(age.typeMismatchRatePValue()).isNaN();
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

    @Test
    void numericFeaturesGetEffectSizesRangeAndPsiChanceLevel() {
        ModelProfile baseline = profile(0, new Random(11));
        ModelProfile current = profile(0.5, new Random(12));
        current.numericFeature("age").add(1e6);

        FeatureComparison age = ProfileComparator.compare(baseline, current).features().get(0);

        NumericSketch b = (NumericSketch) baseline.feature("age");
        NumericSketch c = (NumericSketch) current.feature("age");
        assertThat(age.robustLinf()).isEqualTo(RobustLinf.of(KolmogorovSmirnov.test(b, c), 0.05)).isGreaterThan(0);
        assertThat(age.wassersteinNorm()).isEqualTo(Wasserstein.normalized(b, c)).isGreaterThan(0.1);
        assertThat(age.outOfRangeRate()).isEqualTo(OutOfRange.share(b, c)).isGreaterThanOrEqualTo(1 / 1001.0);
        assertThat(age.outOfRangePValue()).isEqualTo(OutOfRange.pValue(age.outOfRangeRate(), 1000, 1001));
        assertThat(age.psiPValue()).isEqualTo(Psi.numericPValue(Psi.numeric(b, c), 1000, 1001)).isLessThan(1e-10);
        assertThat(age.jsDistance()).isNaN();
        assertThat(age.newCategoryRate()).isNaN();
        assertThat(age.newCategoryPValue()).isNaN();
    }

    @Test
    void categoricalFeaturesGetJensenShannonAndNewCategories() {
        ModelProfile baseline = profile(0, new Random(13));
        ModelProfile current = profile(0, new Random(14));
        for (int i = 0; i < 250; i++) {
            current.categoricalFeature("country").add("BE");
        }

        FeatureComparison country = ProfileComparator.compare(baseline, current).features().get(1);

        CategoricalSketch b = (CategoricalSketch) baseline.feature("country");
        CategoricalSketch c = (CategoricalSketch) current.feature("country");
        assertThat(country.newCategoryRate()).isEqualTo(0.2);
        assertThat(country.jsDistance()).isEqualTo(JensenShannon.distance(b, c)).isGreaterThan(0.1);
        assertThat(country.newCategoryPValue()).isEqualTo(UnseenCategories.pValue(b, c)).isLessThan(1e-10);
        assertThat(country.psiPValue()).as("categorical PSI is judged by the chi-square of its categories")
                .isEqualTo(country.chi2PValue()).isEqualTo(ChiSquare.test(b, c).pValue());
        assertThat(country.wassersteinNorm()).isNaN();
        assertThat(country.robustLinf()).isNaN();
        assertThat(country.outOfRangeRate()).isNaN();
    }

    @Test
    void fiftyThousandCategoriesAllReplacedAreAllNewBeyondChance() {
        Random random = new Random(50_000);
        ModelProfile baseline = ManyCategories.UNIFORM.profile("merchant", "old-", 50_000, 50_000, random);
        ModelProfile current = ManyCategories.UNIFORM.profile("merchant", "new-", 50_000, 50_000, random);

        FeatureComparison merchant = ProfileComparator.compare(baseline, current).features().get(0);

        assertThat(merchant.psi()).as("both sides are almost all 'other', where names cannot tell them apart")
                .isLessThan(0.01);
        assertThat(merchant.newCategoryRate()).isEqualTo(1);
        assertThat(merchant.newCategoryPValue()).as("far below what any correction over a model's tests asks")
                .isLessThan(1e-9);
    }

    @Test
    void fiftyThousandStableCategoriesBringUnseenValuesOnlyByChance() {
        Random random = new Random(50_001);
        ModelProfile baseline = ManyCategories.UNIFORM.profile("merchant", "m", 50_000, 50_000, random);
        for (int window = 0; window < 5; window++) {
            ModelProfile current = ManyCategories.UNIFORM.profile("merchant", "m", 50_000, 50_000, random);

            FeatureComparison merchant = ProfileComparator.compare(baseline, current).features().get(0);

            // A baseline of 50 000 values misses e^-1 of 50 000 equally likely categories.
            assertThat(merchant.newCategoryRate()).as("window %d", window).isBetween(0.25, 0.5);
            assertThat(merchant.newCategoryPValue()).as("window %d", window).isGreaterThan(0.01);
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

        FeatureComparison rating = ProfileComparator.compare(baseline, current).features().get(0);

        CategoricalSketch b = ((NumericSketch) baseline.feature("rating")).asCategorical();
        CategoricalSketch c = ((NumericSketch) current.feature("rating")).asCategorical();
        assertThat(rating.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(rating.newCategoryRate()).isEqualTo(0.25);
        assertThat(rating.chi2PValue()).isEqualTo(ChiSquare.test(b, c).pValue());
        assertThat(rating.psi()).isEqualTo(Psi.categorical(b, c));
        assertThat(rating.jsDistance()).isEqualTo(JensenShannon.distance(b, c));
        assertThat(rating.ksStatistic()).isNaN();
        assertThat(rating.wassersteinNorm()).isNaN();
    }

    @Test
    void sixBaselineValuesStayNumeric() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        for (int i = 0; i < 120; i++) {
            baseline.numericFeature("rating").add(i % 6);
            current.numericFeature("rating").add(i % 6);
        }

        FeatureComparison rating = ProfileComparator.compare(baseline, current).features().get(0);

        assertThat(rating.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(rating.ksStatistic()).isZero();
        assertThat(rating.wassersteinNorm()).isZero();
        assertThat(rating.outOfRangeRate()).isZero();
        assertThat(rating.outOfRangePValue()).isEqualTo(1);
    }

    @Test
    void aNumericFeatureOfThreeLevelsForcedNumericGetsKs() {
        ModelProfile baseline = new ModelProfile();
        ModelProfile current = new ModelProfile();
        for (int i = 0; i < 300; i++) {
            baseline.numericFeature("rating").add(i % 3);
            current.numericFeature("rating").add(i % 3 == 0 ? 2 : i % 3);
        }

        FeatureComparison decided = ProfileComparator.compare(baseline, current).features().get(0);
        FeatureComparison forced = ProfileComparator.compare(baseline, current,
                name -> name.equals("rating") ? FeatureType.NUMERIC : null).features().get(0);

        assertThat(decided.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(decided.ksStatistic()).isNaN();
        KsResult ks = KolmogorovSmirnov.test((NumericSketch) baseline.feature("rating"),
                (NumericSketch) current.feature("rating"));
        assertThat(forced.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(forced.ksStatistic()).isEqualTo(ks.statistic()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(forced.ksPValue()).isLessThan(1e-6);
        assertThat(forced.chi2PValue()).isNaN();
        assertThat(forced.jsDistance()).isNaN();
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

        FeatureComparison decided = ProfileComparator.compare(baseline, current).features().get(0);
        FeatureComparison forced = ProfileComparator.compare(baseline, current,
                name -> name.equals("store") ? FeatureType.CATEGORICAL : null).features().get(0);

        assertThat(decided.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(decided.chi2PValue()).isNaN();
        CategoricalSketch b = ((NumericSketch) baseline.feature("store")).asCategorical();
        CategoricalSketch c = ((NumericSketch) current.feature("store")).asCategorical();
        assertThat(b.otherCount()).isZero();
        assertThat(b.count("49")).isPositive();
        assertThat(forced.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(forced.chi2PValue()).isEqualTo(ChiSquare.test(b, c).pValue()).isLessThan(1e-6);
        assertThat(forced.maxShareChange()).isCloseTo(0.02, within(0.01));
        assertThat(forced.ksStatistic()).isNaN();
    }

    @Test
    void aStringFeatureStaysCategoricalWhenForcedNumeric() {
        ModelProfile baseline = profile(0, new Random(12));
        ModelProfile current = profile(0.5, new Random(13));

        FeatureComparison country = ProfileComparator.compare(baseline, current,
                name -> FeatureType.NUMERIC).features().get(1);

        assertThat(country.feature()).isEqualTo("country");
        assertThat(country.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(country.chi2PValue()).isLessThan(1e-6);
        assertThat(country.ksStatistic()).isNaN();
    }

    @Test
    void missingAndMismatchRatesAreTestedOnBothSides() {
        ModelProfile baseline = profile(0, new Random(15));
        ModelProfile current = profile(0, new Random(16));
        for (int i = 0; i < 100; i++) {
            current.numericFeature("age").addMissing();
        }
        current.categoricalFeature("country").addTypeMismatch();

        FeatureComparison age = ProfileComparator.compare(baseline, current).features().get(0);
        FeatureComparison country = ProfileComparator.compare(baseline, current).features().get(1);

        assertThat(age.missingRateChange()).isEqualTo(100 / 1100.0);
        assertThat(age.missingRatePValue()).isLessThan(1e-20);
        assertThat(age.typeMismatchRateChange()).isZero();
        assertThat(age.typeMismatchRatePValue()).isEqualTo(1);
        assertThat(country.typeMismatchRateChange()).isEqualTo(1 / 1001.0);
        assertThat(country.typeMismatchRatePValue()).isGreaterThan(0.1);
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
            FeatureComparison age = ProfileComparator.compare(baseline, profile(0, random)).features().get(0);
            below += age.psiPValue() < 0.05 ? 1 : 0;
        }
        // Binomial(2000, 0.05) has sd 9.7: ±4 sd around 100.
        assertThat(below).isBetween(61, 139);
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
