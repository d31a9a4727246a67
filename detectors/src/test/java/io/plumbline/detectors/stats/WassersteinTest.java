package io.plumbline.detectors.stats;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WassersteinTest {

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void distanceOfExactSketchesIsTheExactDistance(Distribution distribution) {
        Random random = new Random(300 + distribution.ordinal());
        for (int[] sizes : new int[][] {{1, 1}, {20, 20}, {200, 130}, {2_000, 2_000}, {NumericSketch.EXACT_VALUE_CAPACITY, 50}}) {
            double[] baseline = distribution.sample(sizes[0], 0, random);
            double[] current = distribution.sample(sizes[1], 0.3, random);

            double exact = ExactStatistics.wasserstein(baseline, current);
            assertThat(Wasserstein.distance(sketchOf(baseline), sketchOf(current))).isCloseTo(exact, within(1e-12 * Math.max(1, exact)));
            if (sizes[0] > 1) {
                double exactNormalized = ExactStatistics.wassersteinNormalized(baseline, current);
                assertThat(Wasserstein.normalized(sketchOf(baseline), sketchOf(current)))
                        .isCloseTo(exactNormalized, within(1e-12 * Math.max(1, exactNormalized)));
            }
        }
    }

    @Test
    void pointMassesBeyondTheExactValuesAreExact() {
        Random random = new Random(9);
        double[] baseline = Distribution.LEVELS_20.sample(50_000, 0, random);
        double[] current = Distribution.LEVELS_20.sample(20_000, 0.3, random);

        assertThat(Wasserstein.distance(sketchOf(baseline), sketchOf(current)))
                .isCloseTo(ExactStatistics.wasserstein(baseline, current), within(1e-12));
    }

    @Test
    void matchesScipy() {
        double[] x = {-0.211, -0.518, 0.15, -1.79, 0.284, -0.322, -0.726, 0.099, -1.951, -0.158, -0.731, 0.41};
        double[] y = {1.256, 0.725, 2.197, -1.462, 1.374, -0.524, -0.369, 0.482, -1.011, -0.695, -0.006, 0.178, -1.404,
            -0.374, 0.354};

        // scipy.stats.wasserstein_distance(x, y), and that over np.std(x), with scipy 1.17.1
        assertThat(Wasserstein.distance(sketchOf(x), sketchOf(y))).isCloseTo(0.5267666666666666, within(1e-12));
        assertThat(Wasserstein.normalized(sketchOf(x), sketchOf(y))).isCloseTo(0.7266296271439908, within(1e-12));
    }

    @Test
    void aShiftedCopyIsAtTheDistanceOfTheShift() {
        double[] values = Distribution.BIMODAL.sample(2_000, 0, new Random(10));
        double[] shifted = Arrays.stream(values).map(v -> v + 0.75).toArray();

        assertThat(Wasserstein.distance(sketchOf(values), sketchOf(shifted))).isCloseTo(0.75, within(1e-9));
        assertThat(Wasserstein.distance(sketchOf(shifted), sketchOf(values))).isCloseTo(0.75, within(1e-9));
    }

    /** Between digests W1 is anchored on the exact means: a shifted copy is at the shift, however heavy the tail. */
    @Test
    void aShiftedCopyOfADigestedSampleIsAtTheDistanceOfTheShift() {
        double[] values = Distribution.LOGNORMAL.sample(50_000, 0, new Random(25));
        double[] shifted = Arrays.stream(values).map(v -> v + 3).toArray();
        NumericSketch sketch = sketchOf(values);

        assertThat(sketch.isExact()).isFalse();
        assertThat(Wasserstein.distance(sketch, sketchOf(shifted))).isCloseTo(3, within(1e-3));
    }

    @Test
    void identicalSamplesHaveNoDistance() {
        double[] values = Distribution.LOGNORMAL.sample(30_000, 0, new Random(11));

        assertThat(Wasserstein.distance(sketchOf(values), sketchOf(values))).isZero();
    }

    @Test
    void crossingDistributionFunctionsAreIntegratedPiecewise() {
        // |F − G| is ½ on [0, 1) and on [2, 3), 0 between: the sign of F − G flips at 2.
        assertThat(Wasserstein.distance(sketchOf(new double[] {0, 3}), sketchOf(new double[] {1, 2}))).isCloseTo(1, within(1e-15));
    }

    @Test
    void normalizedIsUndefinedWithoutBaselineSpread() {
        double[] some = {1, 2, 3};
        assertThat(Wasserstein.normalized(sketchOf(new double[] {5, 5, 5}), sketchOf(some))).isNaN();
        assertThat(Wasserstein.normalized(sketchOf(new double[] {5}), sketchOf(some))).isNaN();
        assertThat(Wasserstein.normalized(sketchOf(some), new NumericSketch())).isNaN();
        assertThat(Wasserstein.distance(new NumericSketch(), sketchOf(some))).isNaN();
    }
}
