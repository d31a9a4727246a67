package io.plumbline.detectors.sketch;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.testing.Distribution;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CumulativeDistributionTest {

    @Test
    void exactQuantileIsTheValueOfRankCeilingQn() {
        CumulativeDistribution f = sketchOf(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}).distribution();

        assertThat(f.quantile(0)).isEqualTo(1);
        assertThat(f.quantile(0.05)).isEqualTo(1);
        assertThat(f.quantile(0.1)).isEqualTo(1);
        assertThat(f.quantile(0.15)).isEqualTo(2);
        assertThat(f.quantile(0.7)).as("0.7 * 10 is rank 7 despite rounding").isEqualTo(7);
        assertThat(f.quantile(1)).isEqualTo(10);
    }

    @Test
    void cdfCountsAtOrBelowAndCdfBelowStrictlyBelow() {
        CumulativeDistribution f = sketchOf(new double[] {1, 1, 2, 2, 2, 3}).distribution();

        assertThat(f.isExact()).isTrue();
        assertThat(f.total()).isEqualTo(6);
        assertThat(f.cdf(2)).isEqualTo(5 / 6.0);
        assertThat(f.cdfBelow(2)).isEqualTo(2 / 6.0);
        assertThat(f.cdf(0)).isZero();
        assertThat(f.cdfBelow(4)).isEqualTo(1);
        assertThat(f.cdf(Double.NaN)).isNaN();
    }

    @Test
    void supremumDistanceIsTheLargestGapAtAndJustBelowEveryKnotOfEither() {
        Random random = new Random(7);
        for (Distribution shape : Distribution.values()) {
            for (int n : new int[] {1, 40, 3_000, 20_000}) {
                CumulativeDistribution f = sketchOf(shape.sample(n, 0, random)).distribution();
                CumulativeDistribution g = sketchOf(shape.sample(n / 2 + 1, 0.1, random)).distribution();

                double d = 0;
                for (CumulativeDistribution side : new CumulativeDistribution[] {f, g}) {
                    for (double x : side.supportPoints()) {
                        d = Math.max(d, Math.abs(f.cdf(x) - g.cdf(x)));
                        d = Math.max(d, Math.abs(f.cdfBelow(x) - g.cdfBelow(x)));
                    }
                }
                assertThat(CumulativeDistribution.supremumDistance(f, g)).as("%s, n=%d", shape, n).isEqualTo(d)
                        .isEqualTo(CumulativeDistribution.supremumDistance(g, f));
            }
        }
        CumulativeDistribution some = sketchOf(new double[] {1, 2}).distribution();
        CumulativeDistribution none = sketchOf(new double[0]).distribution();
        assertThat(CumulativeDistribution.supremumDistance(some, none)).isNaN();
        assertThat(CumulativeDistribution.supremumDistance(none, none)).isZero();
        assertThat(CumulativeDistribution.supremumDistance(some, some)).isZero();
    }

    @Test
    void refusesQuantileLevelsOutsideZeroToOne() {
        CumulativeDistribution f = sketchOf(new double[] {1}).distribution();

        assertThatThrownBy(() -> f.quantile(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("within [0, 1]");
        assertThatThrownBy(() -> f.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDigestedDistributionIsMonotoneFromZeroToOneAndInvertsItsQuantiles() {
        double[] values = Distribution.LOGNORMAL.sample(20_000, 0, new Random(1));
        NumericSketch sketch = sketchOf(values);
        CumulativeDistribution f = sketch.distribution();

        assertThat(f.isExact()).isFalse();
        assertThat(f.cdfBelow(sketch.min())).isZero();
        assertThat(f.cdf(sketch.max())).isEqualTo(1);
        double previous = 0;
        for (double x : f.supportPoints()) {
            assertThat(f.cdfBelow(x)).isGreaterThanOrEqualTo(previous);
            assertThat(f.cdf(x)).isGreaterThanOrEqualTo(f.cdfBelow(x));
            previous = f.cdf(x);
        }
        for (double q = 0.01; q < 1; q += 0.01) {
            assertThat(f.cdf(f.quantile(q))).isGreaterThanOrEqualTo(q - 1e-12);
        }
    }

    @Test
    void bucketCountsOfExactValuesPutAValueOnABoundInThatBoundsBucket() {
        CumulativeDistribution f = sketchOf(new double[] {0.005, 0.01, 0.03, 0.04, 0.05, 2, 100}).distribution();

        assertThat(f.bucketCounts(new double[] {0.01, 0.04, 1})).containsExactly(2, 2, 1, 2);
        assertThat(f.bucketCounts(new double[0])).containsExactly(7);
    }

    @Test
    void bucketCountsOfADigestAreWholeNonNegativeAndAddUpToTheTotal() {
        double[] values = Distribution.LOGNORMAL.sample(20_000, 0, new Random(1));
        QuantileSketch sketch = new QuantileSketch();
        for (double v : values) {
            sketch.add(v);
        }
        CumulativeDistribution f = sketch.distribution();
        double[] bounds = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};

        long[] counts = f.bucketCounts(bounds);

        assertThat(f.isExact()).isFalse();
        assertThat(counts).hasSize(15);
        assertThat(Arrays.stream(counts).min().getAsLong()).isNotNegative();
        assertThat(Arrays.stream(counts).sum()).isEqualTo(20_000);
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i];
            double bound = bounds[i];
            long exact = Arrays.stream(values).filter(v -> v <= bound).count();
            assertThat((double) cumulative).as("at or below %s", bound).isCloseTo(exact, within(0.01 * 20_000));
        }
    }

    @Test
    void bucketBoundsMustAscend() {
        CumulativeDistribution f = sketchOf(new double[] {1}).distribution();

        assertThatThrownBy(() -> f.bucketCounts(new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly ascending");
        assertThat(new NumericSketch().distribution().bucketCounts(new double[] {1})).containsExactly(0, 0);
    }

    @Test
    void emptyDistributionAnswersNaN() {
        CumulativeDistribution f = new NumericSketch().distribution();

        assertThat(f.cdf(1)).isNaN();
        assertThat(f.cdfBelow(1)).isNaN();
        assertThat(f.quantile(0.5)).isNaN();
        assertThat(f.supportPoints()).isEmpty();
    }
}
