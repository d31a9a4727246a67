package io.plumbline.detectors.stats;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RobustLinfTest {

    @Test
    void coefficientIsTheAsymptoticKsCriticalValue() {
        // numpy: np.sqrt(-np.log(alpha / 2) / 2)
        assertThat(RobustLinf.coefficient(0.05)).isCloseTo(1.3581015157406195, within(1e-14));
        assertThat(RobustLinf.coefficient(0.01)).isCloseTo(1.6276236307187293, within(1e-14));
    }

    @Test
    void subtractsTheCriticalDistanceAtTheSampleSizes() {
        KsResult ks = new KsResult(0.1, 0.001, 1_000, 4_000);

        double expected = 0.1 - 1.3581015157406195 * Math.sqrt(5_000.0 / 4_000_000);
        assertThat(RobustLinf.of(ks, 0.05)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void isZeroWhenTheDistanceIsWithinChance() {
        assertThat(RobustLinf.of(new KsResult(0.05, 0.3, 1_000, 1_000), 0.05)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void matchesTheExactValueOnRawSamples(Distribution distribution) {
        Random random = new Random(200 + distribution.ordinal());
        for (int[] sizes : new int[][] {{50, 80}, {1_000, 1_000}, {2_000, 500}}) {
            double[] baseline = distribution.sample(sizes[0], 0, random);
            double[] current = distribution.sample(sizes[1], 0.3, random);

            double robust = RobustLinf.of(KolmogorovSmirnov.test(sketchOf(baseline), sketchOf(current)), 0.05);

            assertThat(robust).isCloseTo(ExactStatistics.robustLinf(baseline, current, 0.05), within(1e-12));
        }
    }

    @Test
    void anEmptySampleHasNoDistance() {
        assertThat(RobustLinf.of(new KsResult(Double.NaN, Double.NaN, 10, 0), 0.05)).isNaN();
    }

    @Test
    void refusesALevelOutsideZeroToOne() {
        KsResult ks = new KsResult(0.1, 0.1, 10, 10);
        assertThatThrownBy(() -> RobustLinf.of(ks, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RobustLinf.of(ks, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RobustLinf.of(ks, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
