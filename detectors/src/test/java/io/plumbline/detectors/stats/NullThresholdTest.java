package io.plumbline.detectors.stats;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.NullThreshold.Distance;
import io.plumbline.detectors.testing.Distribution;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NullThresholdTest {
    private static final int WINDOWS = 300;
    /** Fewer than the default, to keep 300 simulations within seconds; α = 0.01 still leaves 4 above the quantile. */
    private static final int REPETITIONS = 400;

    /**
     * DESIGN §4: Wasserstein 0.1 fires on several percent of stable 1 000-event windows; gated by the null
     * threshold at α = 0.01 it must fire on about 1 %. Each window gets a fresh baseline, so the resampling
     * error of the threshold is part of what is measured.
     */
    @Test
    void gatingTheWassersteinThresholdByTheNullHoldsFalseAlarmsAtAlpha() {
        Random random = new Random(19);
        int fixedAlarms = 0;
        int gatedAlarms = 0;
        for (int window = 0; window < WINDOWS; window++) {
            NumericSketch baseline = sketchOf(Distribution.NORMAL.sample(1_000, 0, random));
            NumericSketch current = sketchOf(Distribution.NORMAL.sample(1_000, 0, random));
            double distance = Wasserstein.normalized(baseline, current);
            double threshold = NullThreshold.of(baseline, REPETITIONS).threshold(Distance.WASSERSTEIN_NORMALIZED, 1_000, 1_000, 0.01);

            fixedAlarms += distance > 0.1 ? 1 : 0;
            gatedAlarms += distance > 0.1 && distance > threshold ? 1 : 0;
        }

        assertThat((double) fixedAlarms / WINDOWS).as("fixed threshold 0.1").isGreaterThanOrEqualTo(0.02);
        assertThat((double) gatedAlarms / WINDOWS).as("gated by the null at α = 0.01").isLessThanOrEqualTo(0.015);
    }

    @Test
    void jensenShannonNullHoldsFalseAlarmsAtAlpha() {
        Random random = new Random(20);
        int alarms = 0;
        for (int window = 0; window < WINDOWS; window++) {
            CategoricalSketch baseline = categories(random, 2_000);
            CategoricalSketch current = categories(random, 500);
            double threshold = NullThreshold.of(baseline, REPETITIONS).threshold(Distance.JENSEN_SHANNON, 2_000, 500, 0.01);

            alarms += JensenShannon.distance(baseline, current) > threshold ? 1 : 0;
        }

        assertThat((double) alarms / WINDOWS).isLessThanOrEqualTo(0.015);
    }

    @Test
    void psiNullShrinksWithTheSampleSizeAsOneOverN() {
        NullThreshold nulls = NullThreshold.of(sketchOf(Distribution.ZERO_INFLATED.sample(5_000, 0, new Random(21))), REPETITIONS);

        double small = nulls.threshold(Distance.PSI, 512, 512, 0.05);
        double large = nulls.threshold(Distance.PSI, 2_048, 2_048, 0.05);

        assertThat(small / large).isCloseTo(4, within(0.6));
    }

    @Test
    void wassersteinNullShrinksAsOneOverTheSquareRootOfN() {
        NullThreshold nulls = NullThreshold.of(sketchOf(Distribution.BIMODAL.sample(5_000, 0, new Random(22))), REPETITIONS);

        double small = nulls.threshold(Distance.WASSERSTEIN_NORMALIZED, 256, 256, 0.05);
        double large = nulls.threshold(Distance.WASSERSTEIN_NORMALIZED, 1_024, 1_024, 0.05);
        double beyondTheCap = nulls.threshold(Distance.WASSERSTEIN_NORMALIZED, 8_192, 8_192, 0.05);

        assertThat(small / large).isCloseTo(2, within(0.3));
        assertThat(large / beyondTheCap).isCloseTo(Math.sqrt(8), within(0.4));
    }

    @Test
    void isDeterministicAndLowerForAHigherAlpha() {
        double[] values = Distribution.LOGNORMAL.sample(3_000, 0, new Random(23));
        NullThreshold one = NullThreshold.of(sketchOf(values), 200);
        NullThreshold other = NullThreshold.of(sketchOf(values), 200);

        double strict = one.threshold(Distance.WASSERSTEIN_NORMALIZED, 700, 300, 0.01);

        assertThat(other.threshold(Distance.WASSERSTEIN_NORMALIZED, 700, 300, 0.01)).isEqualTo(strict);
        assertThat(one.threshold(Distance.WASSERSTEIN_NORMALIZED, 700, 300, 0.2)).isLessThan(strict);
        assertThat(one.threshold(Distance.PSI, 700, 300, 0.01)).isPositive();
    }

    @Test
    void undefinedWithoutDataOrSpread() {
        NumericSketch constant = sketchOf(new double[] {4, 4, 4});

        assertThat(NullThreshold.of(constant).threshold(Distance.WASSERSTEIN_NORMALIZED, 10, 10, 0.05)).isNaN();
        assertThat(NullThreshold.of(new NumericSketch()).threshold(Distance.PSI, 10, 10, 0.05)).isNaN();
        assertThat(NullThreshold.of(new CategoricalSketch()).threshold(Distance.JENSEN_SHANNON, 10, 10, 0.05)).isNaN();
        assertThat(NullThreshold.of(sketchOf(new double[] {1, 2})).threshold(Distance.PSI, 0, 10, 0.05)).isNaN();
    }

    @Test
    void refusesADistanceOfTheOtherTypeAndALevelOutsideZeroToOne() {
        NullThreshold numeric = NullThreshold.of(sketchOf(new double[] {1, 2}));
        NullThreshold categorical = NullThreshold.of(PsiTest.categorical(10, "a", "b"));

        assertThatThrownBy(() -> numeric.threshold(Distance.JENSEN_SHANNON, 10, 10, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> categorical.threshold(Distance.WASSERSTEIN_NORMALIZED, 10, 10, 0.05))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> numeric.threshold(Distance.PSI, 10, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizesRoundDownToAGridOfSixteenStepsPerDoubling() {
        int previous = 0;
        for (int k = 1; k <= 70_000; k++) {
            int bucket = NullThreshold.bucket(k);
            assertThat(bucket).as("bucket(%d)", k).isLessThanOrEqualTo(k).isGreaterThanOrEqualTo(previous);
            assertThat((double) bucket).as("bucket(%d)", k).isGreaterThan(k / Math.pow(2, 1 / 16.0) - 1);
            if (k <= 64) {
                assertThat(bucket).isEqualTo(k);
            }
            previous = bucket;
        }
        assertThat(NullThreshold.bucket(2_048)).isEqualTo(2_048);
    }

    /** The resampling computes its distances straight on sorted draws; they must be the sketches' distances. */
    @Test
    void distancesOnSortedDrawsAreTheDistancesOfTheirSketches() {
        Random random = new Random(24);
        for (Distribution distribution : Distribution.values()) {
            for (int[] sizes : new int[][] {{2, 3}, {50, 20}, {1_000, 1_000}, {2_048, 700}}) {
                double[] a = distribution.sample(sizes[0], 0, random);
                double[] b = distribution.sample(sizes[1], 0.2, random);
                Arrays.sort(a);
                Arrays.sort(b);
                double wasserstein = Wasserstein.normalized(sketchOf(a), sketchOf(b));

                assertThat(Psi.numericOfSorted(a, b)).isCloseTo(Psi.numeric(sketchOf(a), sketchOf(b)), within(1e-12));
                if (Double.isNaN(wasserstein)) {
                    assertThat(Wasserstein.normalizedOfSorted(a, b)).isNaN();
                } else {
                    assertThat(Wasserstein.normalizedOfSorted(a, b)).isCloseTo(wasserstein, within(1e-12 * Math.max(1, wasserstein)));
                }
            }
        }
    }

    /** 12 categories, within K: past it, which categories a sketch names depends on the order of the stream. */
    private static CategoricalSketch categories(Random random, int n) {
        CategoricalSketch sketch = new CategoricalSketch();
        for (int i = 0; i < n; i++) {
            sketch.add("c" + Math.min(11, (int) Math.floor(Math.abs(random.nextGaussian()) * 4)));
        }
        return sketch;
    }
}
