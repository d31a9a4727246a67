package io.plumbline.detectors.stats;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutOfRangeTest {

    @Test
    void countsValuesBelowTheMinimumOrAboveTheMaximumButNotOnThem() {
        NumericSketch baseline = sketchOf(new double[] {1, 2, 3});
        NumericSketch current = sketchOf(new double[] {0, 1, 2, 3, 3.5, 9, 2, 2});

        assertThat(OutOfRange.share(baseline, current)).isCloseTo(3 / 8.0, within(1e-15));
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void matchesTheExactValueOnRawSamples(Distribution distribution) {
        Random random = new Random(400 + distribution.ordinal());
        for (int[] sizes : new int[][] {{100, 100}, {1_000, 2_000}, {50_000, 2_000}, {20_000, 50_000}, {100_000, 100_000}}) {
            for (double shift : new double[] {0, 0.5, 2}) {
                double[] baseline = distribution.sample(sizes[0], 0, random);
                double[] current = distribution.sample(sizes[1], shift, random);
                NumericSketch currentSketch = sketchOf(current);

                double share = OutOfRange.share(sketchOf(baseline), currentSketch);

                double tolerance = currentSketch.isExact() ? 1e-15 : 0.005;
                assertThat(share).as("%s sizes %d, %d shift %s", distribution, sizes[0], sizes[1], shift)
                        .isCloseTo(ExactStatistics.outOfRangeShare(baseline, current), within(tolerance));
            }
        }
    }

    @Test
    void aWindowWithinTheRangeIsExactlyZeroEvenFromADigest() {
        Random random = new Random(14);
        NumericSketch baseline = sketchOf(Distribution.NORMAL.sample(10_000, 0, random));
        NumericSketch current = new NumericSketch();
        for (double v : Distribution.NORMAL.sample(50_000, 0, random)) {
            current.add(Math.max(baseline.min(), Math.min(baseline.max(), v)));
        }

        assertThat(current.isExact()).isFalse();
        assertThat(OutOfRange.share(baseline, current)).isZero();
    }

    @Test
    void anEmptySampleHasNoShare() {
        assertThat(OutOfRange.share(new NumericSketch(), sketchOf(new double[] {1}))).isNaN();
        assertThat(OutOfRange.share(sketchOf(new double[] {1}), new NumericSketch())).isNaN();
    }
}
