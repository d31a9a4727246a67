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

class KolmogorovSmirnovTest {
    @ParameterizedTest
    @EnumSource(Distribution.class)
    void statisticOfExactSketchesIsTheExactD(Distribution distribution) {
        Random random = new Random(distribution.ordinal());
        for (int[] sizes : new int[][] {{20, 20}, {200, 130}, {2_000, 2_000}, {NumericSketch.EXACT_VALUE_CAPACITY, 50}}) {
            double[] baseline = distribution.sample(sizes[0], 0, random);
            double[] current = distribution.sample(sizes[1], 0.3, random);

            KsResult result = KolmogorovSmirnov.test(sketchOf(baseline), sketchOf(current));

            assertThat(result.statistic()).isCloseTo(ExactStatistics.ksStatistic(baseline, current), within(1e-12));
            assertThat(result.n()).isEqualTo(sizes[0]);
            assertThat(result.m()).isEqualTo(sizes[1]);
        }
    }

    @Test
    void matchesScipyExactOnSmallSamplesWithTies() {
        double[] x = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 0, 1, 2, 1, 1, 0, 2, 3};
        double[] y = {1, 1, 2, 2, 2, 3, 3, 3, 3, 2, 1, 2, 3, 3, 0, 2, 2, 3, 1, 2, 3, 2, 2, 1, 3};

        KsResult result = KolmogorovSmirnov.test(sketchOf(x), sketchOf(y));

        // scipy.stats.ks_2samp(x, y, method='exact') with scipy 1.17.1
        assertThat(result.statistic()).isCloseTo(0.36, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.08829099122277967, within(1e-9));
    }

    @Test
    void matchesScipyExactOnSmallContinuousSamples() {
        double[] x = {-0.211, -0.518, 0.15, -1.79, 0.284, -0.322, -0.726, 0.099, -1.951, -0.158, -0.731, 0.41,
            0.442, -0.928, -0.933, -1.47, -0.788, 0.319, 0.857, 0.229, 0.035, -0.867, 0.196, -0.816, 0.24, -0.203,
            0.856, 0.202, 1.369, -0.408};
        double[] y = {1.256, 0.725, 2.197, -1.462, 1.374, -0.524, -0.369, 0.482, -1.011, -0.695, -0.006, 0.178,
            -1.404, -0.374, 0.354, 0.368, -0.162, 0.496, -0.013, 1.673, -0.309, 0.559, 0.01, 1.355, -0.472, 1.377,
            -0.695, -0.867, -0.048, 0.592, -1.021, -0.004, 0.496, 0.464, 1.376, 1.284, 0.833, 1.413, 1.44, -0.609};

        KsResult result = KolmogorovSmirnov.test(sketchOf(x), sketchOf(y));

        // scipy.stats.ks_2samp(x, y, method='exact') with scipy 1.17.1
        assertThat(result.statistic()).isCloseTo(0.35, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.0236513740354408, within(1e-9));
    }

    /** References: detectors/src/test/resources/scipy/references.py, scipy 1.17.1. */
    @Test
    void pValueIsExactBelowTenThousandPairsAsScipysExactTest() {
        double[] x = new double[99];
        double[] y = new double[100];
        Arrays.setAll(x, i -> (i * 37) % 101 / 101.0);
        Arrays.setAll(y, j -> (j * 53) % 103 / 103.0 + 0.15);
        double[] tiedX = new double[40];
        double[] tiedY = new double[45];
        Arrays.setAll(tiedX, i -> i * 7 % 5);
        Arrays.setAll(tiedY, j -> j * 3 % 6);

        KsResult continuous = KolmogorovSmirnov.test(sketchOf(x), sketchOf(y));
        KsResult tied = KolmogorovSmirnov.test(sketchOf(tiedX), sketchOf(tiedY));

        // scipy.stats.ks_2samp(x, y, method='exact')
        assertThat(continuous.statistic()).isCloseTo(0.1623232323232323, within(1e-12));
        assertThat(continuous.pValue()).isCloseTo(0.12982422361073775, within(1e-9));
        assertThat(tied.statistic()).isCloseTo(0.3111111111111111, within(1e-12));
        assertThat(tied.pValue()).isCloseTo(0.025433928833615567, within(1e-9));
    }

    /** References: detectors/src/test/resources/scipy/references.py, scipy 1.17.1. */
    @Test
    void pValueIsTheLimitingDistributionsFromTenThousandPairs() {
        // scipy.special.kolmogorov(D * sqrt(n * m / (n + m)))
        assertThat(KolmogorovSmirnov.pValue(0.012, 50_000, 20_000)).isCloseTo(0.032675069432677374, within(1e-12));
        assertThat(KolmogorovSmirnov.pValue(0.02, 50_000, 20_000)).isCloseTo(2.176028044392664e-05, within(1e-12));
        assertThat(KolmogorovSmirnov.pValue(0.2, 100, 120)).isCloseTo(0.025463957781115085, within(1e-12));
    }

    @Test
    void pValueOfDigestedSamplesUsesTheTrueSampleSizes() {
        Random random = new Random(4);
        double[] baseline = Distribution.NORMAL.sample(50_000, 0, random);
        double[] current = Distribution.NORMAL.sample(20_000, 0.05, random);

        KsResult result = KolmogorovSmirnov.test(sketchOf(baseline), sketchOf(current));

        assertThat(result.n()).isEqualTo(50_000);
        assertThat(result.m()).isEqualTo(20_000);
        assertThat(result.statistic()).isCloseTo(ExactStatistics.ksStatistic(baseline, current), within(0.005));
        assertThat(result.pValue()).isEqualTo(KolmogorovSmirnov.pValue(result.statistic(), 50_000, 20_000));
    }

    @Test
    void identicalSamplesHaveNoDistance() {
        double[] values = Distribution.LOGNORMAL.sample(30_000, 0, new Random(5));

        KsResult result = KolmogorovSmirnov.test(sketchOf(values), sketchOf(values));

        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1);
    }

    @Test
    void separatedSamplesAreAtDistanceOne() {
        KsResult result = KolmogorovSmirnov.test(sketchOf(new double[] {1, 2, 3, 4, 5}), sketchOf(new double[] {6, 7, 8}));

        assertThat(result.statistic()).isEqualTo(1);
        assertThat(result.pValue()).as("2 of the C(8, 3) splits are as extreme")
                .isCloseTo(2 / 56.0, within(1e-12));
    }

    @Test
    void anEmptySampleHasNoStatistic() {
        NumericSketch empty = new NumericSketch();
        empty.addMissing();

        KsResult result = KolmogorovSmirnov.test(sketchOf(new double[] {1, 2}), empty);

        assertThat(result.statistic()).isNaN();
        assertThat(result.pValue()).isNaN();
        assertThat(result.n()).isEqualTo(2);
        assertThat(result.m()).isZero();
    }
}
