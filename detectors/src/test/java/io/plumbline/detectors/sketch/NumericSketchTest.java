package io.plumbline.detectors.sketch;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.testing.Distribution;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericSketchTest {
    private static final int CAPACITY = NumericSketch.EXACT_VALUE_CAPACITY;

    @Test
    void emptySketchHasNoStatistics() {
        NumericSketch sketch = new NumericSketch();

        assertThat(sketch.count()).isZero();
        assertThat(sketch.min()).isNaN();
        assertThat(sketch.max()).isNaN();
        assertThat(sketch.mean()).isNaN();
        assertThat(sketch.variance()).isNaN();
        assertThat(sketch.cdf(0)).isNaN();
        assertThat(sketch.quantile(0.5)).isNaN();
        assertThat(sketch.isExact()).isTrue();
        assertThat(sketch.type()).isEqualTo(FeatureType.NUMERIC);
    }

    @Test
    void momentsMatchATwoPassComputation() {
        double[] values = Distribution.LOGNORMAL.sample(10_000, 0, new Random(1));
        NumericSketch sketch = sketchOf(values);

        double mean = Arrays.stream(values).average().orElseThrow();
        double sumSquares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        assertThat(sketch.count()).isEqualTo(10_000);
        assertThat(sketch.mean()).isCloseTo(mean, within(1e-12 * Math.abs(mean)));
        assertThat(sketch.variance()).isCloseTo(sumSquares / 9_999, within(1e-9 * sumSquares / 9_999));
        assertThat(sketch.min()).isEqualTo(Arrays.stream(values).min().orElseThrow());
        assertThat(sketch.max()).isEqualTo(Arrays.stream(values).max().orElseThrow());
    }

    @Test
    void mergedMomentsMatchOnePass() {
        double[] values = Distribution.BIMODAL.sample(9_000, 0, new Random(2));
        NumericSketch merged = sketchOf(Arrays.copyOfRange(values, 0, 1_000));
        merged.merge(sketchOf(Arrays.copyOfRange(values, 1_000, 6_500)));
        merged.merge(sketchOf(Arrays.copyOfRange(values, 6_500, 9_000)));
        NumericSketch onePass = sketchOf(values);

        assertThat(merged.count()).isEqualTo(onePass.count());
        assertThat(merged.mean()).isCloseTo(onePass.mean(), within(1e-12));
        assertThat(merged.variance()).isCloseTo(onePass.variance(), within(1e-10 * onePass.variance()));
        assertThat(merged.min()).isEqualTo(onePass.min());
        assertThat(merged.max()).isEqualTo(onePass.max());
    }

    @Test
    void exactValuesGiveTheEmpiricalDistribution() {
        NumericSketch sketch = sketchOf(new double[] {3, 1, 2, 2, 5, 2, 4, 1});

        assertThat(sketch.cdf(0.5)).isZero();
        assertThat(sketch.cdf(1)).isEqualTo(2 / 8.0);
        assertThat(sketch.cdf(2)).isEqualTo(5 / 8.0);
        assertThat(sketch.cdf(2.5)).isEqualTo(5 / 8.0);
        assertThat(sketch.distribution().cdfBelow(2)).isEqualTo(2 / 8.0);
        assertThat(sketch.cdf(5)).isEqualTo(1);
        assertThat(sketch.quantile(0)).isEqualTo(1);
        assertThat(sketch.quantile(0.25)).isEqualTo(1);
        assertThat(sketch.quantile(0.26)).isEqualTo(2);
        assertThat(sketch.quantile(0.75)).isEqualTo(3);
        assertThat(sketch.quantile(1)).isEqualTo(5);
        assertThat(sketch.distribution().supportPoints()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void holdsEveryValueUpToItsCapacity() {
        NumericSketch sketch = sketchOf(Distribution.NORMAL.sample(CAPACITY, 0, new Random(3)));
        assertThat(sketch.isExact()).isTrue();
        assertThat(sketch.distribution().supportPoints()).hasSize(CAPACITY);

        sketch.add(0.123);

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.count()).isEqualTo(CAPACITY + 1L);
    }

    @Test
    void fewDistinctValuesStayExactAtAnySize() {
        double[] values = Distribution.INTEGERS_0_TO_5.sample(100_000, 0, new Random(4));
        NumericSketch sketch = sketchOf(values);

        assertThat(sketch.isExact()).isTrue();
        for (int level = 0; level <= 5; level++) {
            int l = level;
            long atOrBelow = Arrays.stream(values).filter(v -> v <= l).count();
            assertThat(sketch.cdf(level)).isEqualTo(atOrBelow / 100_000.0);
        }
    }

    @Test
    void aValueBeyondTheCountedLevelsStartsADigestButTheLevelsStayExact() {
        NumericSketch sketch = new NumericSketch();
        for (int i = 0; i < 10_000; i++) {
            sketch.add(i % NumericSketch.POINT_MASS_CAPACITY);
        }
        assertThat(sketch.isExact()).isTrue();

        for (int i = 0; i < 1_000; i++) {
            sketch.add(100 + i);
        }

        assertThat(sketch.isExact()).isFalse();
        CumulativeDistribution f = sketch.distribution();
        for (int level = 0; level < NumericSketch.POINT_MASS_CAPACITY; level++) {
            long atOrBelow = (10_000L / 64) * (level + 1) + Math.min(level + 1, 10_000 % 64);
            assertThat(f.cdf(level)).isEqualTo(atOrBelow / 11_000.0);
        }
    }

    @Test
    void aHeavyTiedValueStaysAJumpOnceTheRestIsDigested() {
        double[] values = Distribution.ZERO_INFLATED.sample(50_000, 0, new Random(5));
        NumericSketch sketch = sketchOf(values);

        long zeros = Arrays.stream(values).filter(v -> v == 0).count();
        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.cdf(0)).isEqualTo((double) zeros / values.length);
        assertThat(sketch.distribution().cdfBelow(0)).isZero();
    }

    @Test
    void theSmallestAndLargestValuesOfADigestedSketchStayExact() {
        double[] values = Distribution.LOGNORMAL.sample(20_000, 0, new Random(6));
        NumericSketch sketch = sketchOf(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int side = Extremes.PER_SIDE;

        double[] expected = concat(Arrays.copyOf(sorted, side), Arrays.copyOfRange(sorted, n - side, n));
        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.state().extremeValues()).containsExactly(expected);
        CumulativeDistribution f = sketch.distribution();
        for (int i = 0; i < side; i++) {
            assertThat(f.cdfBelow(sorted[i])).isEqualTo((double) i / n);
            assertThat(f.cdf(sorted[n - 1 - i])).isEqualTo((double) (n - i) / n);
        }
    }

    @Test
    void mergedSketchesKeepTheExtremesOfTheUnionInAnyOrder() {
        double[][] parts = new double[4][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Distribution.LOGNORMAL.sample(i == 0 ? 40 : 3_000 * i, 0, new Random(30 + i));
        }
        NumericSketch forward = new NumericSketch();
        NumericSketch backward = new NumericSketch();
        for (int i = 0; i < parts.length; i++) {
            forward.merge(sketchOf(parts[i]));
            backward.merge(sketchOf(parts[parts.length - 1 - i]));
        }
        double[] all = concat(parts);
        Arrays.sort(all);
        int side = Extremes.PER_SIDE;

        double[] expected = concat(Arrays.copyOf(all, side), Arrays.copyOfRange(all, all.length - side, all.length));
        assertThat(forward.state().extremeValues()).containsExactly(expected);
        assertThat(backward.state().extremeValues()).containsExactly(expected);
        assertThat(forward.count()).isEqualTo(backward.count()).isEqualTo(all.length);
    }

    @Test
    void refusesNonFiniteValues() {
        NumericSketch sketch = new NumericSketch();

        assertThatThrownBy(() -> sketch.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> sketch.add(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sketch.count()).isZero();
    }

    @Test
    void negativeZeroCountsAsZero() {
        NumericSketch sketch = sketchOf(new double[] {-0.0, 0.0, 1});

        assertThat(sketch.cdf(-0.0)).isEqualTo(2 / 3.0);
        assertThat(sketch.cdf(0.0)).isEqualTo(2 / 3.0);
        assertThat(sketch.distribution().supportPoints()).containsExactly(0.0, 1.0);
    }

    @Test
    void mergingExactSketchesIsExactAndIndependentOfOrder() {
        double[] a = Distribution.NORMAL.sample(1_000, 0, new Random(6));
        double[] b = Distribution.NORMAL.sample(1_200, 0, new Random(7));
        double[] c = Distribution.NORMAL.sample(500, 0, new Random(8));

        NumericSketch abc = sketchOf(a);
        abc.merge(sketchOf(b));
        abc.merge(sketchOf(c));
        NumericSketch cba = sketchOf(c);
        cba.merge(sketchOf(b));
        cba.merge(sketchOf(a));

        assertThat(abc.isExact()).isTrue();
        assertThat(abc.state().exactValues()).containsExactly(cba.state().exactValues());
        assertThat(abc.state().exactValues()).containsExactly(sketchOf(concat(a, b, c)).state().exactValues());
    }

    @Test
    void mergingPastTheCapacityStaysExactWhileValuesAreFew() {
        double[] a = Distribution.LEVELS_20.sample(2_000, 0, new Random(9));
        double[] b = Distribution.LEVELS_20.sample(2_000, 0.3, new Random(10));
        NumericSketch merged = sketchOf(a);
        merged.merge(sketchOf(b));

        NumericSketch.State state = merged.state();
        assertThat(merged.isExact()).isTrue();
        assertThat(state.exactValues()).isNull();
        NumericSketch.State onePass = sketchOf(concat(a, b)).state();
        assertThat(state.massValues()).containsExactly(onePass.massValues());
        assertThat(state.massCounts()).containsExactly(onePass.massCounts());
    }

    @Test
    void mergingPastTheCapacityWithManyValuesDigestsThem() {
        double[] a = Distribution.NORMAL.sample(2_000, 0, new Random(11));
        double[] b = Distribution.NORMAL.sample(2_000, 0, new Random(12));
        NumericSketch merged = sketchOf(a);
        merged.merge(sketchOf(b));

        assertThat(merged.isExact()).isFalse();
        assertThat(merged.count()).isEqualTo(4_000);
        assertThat(maxCdfError(merged, concat(a, b))).isLessThan(0.005);
    }

    @Test
    void mergingIsAssociativeWithinTheSketchError() {
        double[][] parts = new double[3][];
        for (int i = 0; i < 3; i++) {
            parts[i] = Distribution.LOGNORMAL.sample(10_000, 0, new Random(20 + i));
        }
        NumericSketch left = sketchOf(parts[0]);
        left.merge(sketchOf(parts[1]));
        left.merge(sketchOf(parts[2]));
        NumericSketch bc = sketchOf(parts[1]);
        bc.merge(sketchOf(parts[2]));
        NumericSketch right = sketchOf(parts[0]);
        right.merge(bc);

        double[] all = concat(parts);
        assertThat(left.count()).isEqualTo(right.count()).isEqualTo(30_000);
        assertThat(left.mean()).isCloseTo(right.mean(), within(1e-9 * right.mean()));
        assertThat(maxCdfError(left, all)).isLessThan(0.004);
        assertThat(maxCdfError(right, all)).isLessThan(0.004);
    }

    @Test
    void mergingLeavesTheOtherSketchAsItWas() {
        NumericSketch other = sketchOf(Distribution.UNIFORM.sample(5_000, 0, new Random(13)));
        NumericSketch.State before = other.state();

        NumericSketch target = sketchOf(Distribution.UNIFORM.sample(100, 0, new Random(14)));
        target.merge(other);

        NumericSketch.State after = other.state();
        assertThat(after.count()).isEqualTo(before.count());
        assertThat(after.massValues()).containsExactly(before.massValues());
        assertThat(after.centroidMeans()).containsExactly(before.centroidMeans());
        assertThat(after.centroidWeights()).containsExactly(before.centroidWeights());
        assertThatThrownBy(() -> target.merge(target)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateRoundTripsExactlyInEveryForm() {
        for (double[] values : new double[][] {
                Distribution.NORMAL.sample(100, 0, new Random(15)),
                Distribution.LEVELS_20.sample(10_000, 0, new Random(16)),
                Distribution.ZERO_INFLATED.sample(20_000, 0, new Random(17))}) {
            NumericSketch original = sketchOf(values);
            original.addMissing();
            original.addTypeMismatch();
            NumericSketch.State state = original.state();

            NumericSketch rebuilt = NumericSketch.of(state);

            NumericSketch.State again = rebuilt.state();
            assertThat(again.count()).isEqualTo(state.count());
            assertThat(again.missing()).isEqualTo(1);
            assertThat(again.typeMismatches()).isEqualTo(1);
            assertThat(again.mean()).isEqualTo(state.mean());
            assertThat(again.m2()).isEqualTo(state.m2());
            assertThat(again.exactValues()).isEqualTo(state.exactValues());
            assertThat(again.massValues()).containsExactly(state.massValues());
            assertThat(again.massCounts()).containsExactly(state.massCounts());
            assertThat(again.centroidMeans()).containsExactly(state.centroidMeans());
            assertThat(again.centroidWeights()).containsExactly(state.centroidWeights());
            assertThat(again.extremeValues()).containsExactly(state.extremeValues());
            assertThat(rebuilt.distribution().supportPoints()).containsExactly(original.distribution().supportPoints());
        }
    }

    @Test
    void aRebuiltSketchGoesOnCountingNewLevels() {
        NumericSketch original = new NumericSketch();
        for (int i = 0; i < 5_000; i++) {
            original.add(i % 3);
        }
        NumericSketch rebuilt = NumericSketch.of(original.state());

        rebuilt.add(7);

        assertThat(rebuilt.isExact()).isTrue();
        assertThat(rebuilt.cdf(2)).isEqualTo(5_000 / 5_001.0);
    }

    @Test
    void statesNoSketchCanBeInAreRefused() {
        NumericSketch.State valid = sketchOf(new double[] {1, 2, 3}).state();
        NumericSketch.State unsorted = new NumericSketch.State(3, 0, 0, 1, 3, 2, 2,
                new double[] {1, 3, 2}, new double[0], new long[0], new double[0], new long[0]);
        NumericSketch.State wrongCount = new NumericSketch.State(4, 0, 0, 1, 3, 2, 2,
                valid.exactValues(), new double[0], new long[0], new double[0], new long[0]);
        NumericSketch.State heavyEdgeCentroid = new NumericSketch.State(5_000, 0, 0, 0, 1, 0.5, 1,
                null, new double[0], new long[0], new double[] {0, 1}, new long[] {4_999, 1});
        NumericSketch.State unsortedExtremes = new NumericSketch.State(5_000, 0, 0, 0, 3, 1.5, 1,
                null, new double[0], new long[0], new double[] {1, 1.5, 2}, new long[] {1, 4_996, 1}, new double[] {3, 0});

        assertThatThrownBy(() -> NumericSketch.of(unsorted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not sorted at index 2");
        assertThatThrownBy(() -> NumericSketch.of(wrongCount)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count 4 but 3 exact values");
        assertThatThrownBy(() -> NumericSketch.of(heavyEdgeCentroid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first and last centroids");
        assertThatThrownBy(() -> NumericSketch.of(unsortedExtremes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extreme values are not sorted at index 1");
    }

    @Test
    void staysWithinTheHeapBudgetInEveryForm() {
        long budget = 24 * 1024;
        NumericSketch exact = sketchOf(Distribution.NORMAL.sample(CAPACITY, 0, new Random(18)));
        NumericSketch levels = sketchOf(Distribution.LEVELS_20.sample(50_000, 0, new Random(19)));
        NumericSketch digest = new NumericSketch();
        for (int i = 0; i < 10_000; i++) {
            digest.add(i < 5_000 ? i % NumericSketch.POINT_MASS_CAPACITY : 100 + i);
        }

        assertThat(exact.estimatedHeapBytes()).isLessThanOrEqualTo(budget);
        assertThat(levels.estimatedHeapBytes()).isLessThanOrEqualTo(budget);
        assertThat(digest.isExact()).isFalse();
        assertThat(digest.estimatedHeapBytes()).isLessThanOrEqualTo(budget);
        assertThat(new NumericSketch().estimatedHeapBytes()).isLessThan(200);
    }

    @Test
    void countsMissingAndMismatchedValuesApartAndMergesThem() {
        NumericSketch a = sketchOf(new double[] {1, 2});
        a.addMissing();
        a.addTypeMismatch();
        a.addTypeMismatch();
        NumericSketch b = new NumericSketch();
        b.addMissing();

        a.merge(b);

        assertThat(a.count()).isEqualTo(2);
        assertThat(a.missing()).isEqualTo(2);
        assertThat(a.typeMismatches()).isEqualTo(2);
    }

    /** Largest |F_sketch - F_exact| over the sample's own values. */
    static double maxCdfError(NumericSketch sketch, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        CumulativeDistribution f = sketch.distribution();
        double worst = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i + 1 < sorted.length && sorted[i + 1] == sorted[i]) {
                continue;
            }
            worst = Math.max(worst, Math.abs(f.cdf(sorted[i]) - (i + 1.0) / sorted.length));
        }
        return worst;
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }
}
