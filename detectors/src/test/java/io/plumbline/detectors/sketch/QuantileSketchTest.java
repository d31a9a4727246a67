package io.plumbline.detectors.sketch;

import static io.plumbline.detectors.testing.ExactStatistics.orderStatistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {
    private static final int CAPACITY = QuantileSketch.EXACT_VALUE_CAPACITY;

    @Test
    void anEmptySketchHasNoQuantiles() {
        QuantileSketch sketch = new QuantileSketch();

        assertThat(sketch.count()).isZero();
        assertThat(sketch.sum()).isZero();
        assertThat(sketch.mean()).isNaN();
        assertThat(sketch.quantile(0.99)).isNaN();
        assertThat(sketch.isExact()).isTrue();
    }

    @Test
    void smallSamplesGiveTheOrderStatisticOfRankCeilQN() {
        QuantileSketch sketch = sketchOf(new double[] {0.4, 0.1, 0.3, 0.2, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0});

        assertThat(sketch.quantile(0)).isEqualTo(0.1);
        assertThat(sketch.quantile(0.5)).isEqualTo(0.5);
        assertThat(sketch.quantile(0.7)).as("0.7 · 10 is rank 7, not 8").isEqualTo(0.7);
        assertThat(sketch.quantile(0.71)).isEqualTo(0.8);
        assertThat(sketch.quantile(0.99)).isEqualTo(1.0);
        assertThat(sketch.quantile(1)).isEqualTo(1.0);
        assertThat(sketch.sum()).isCloseTo(5.5, within(1e-12));
        assertThat(sketch.mean()).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void staysExactUpToItsCapacityThenDigestsAllButTheTopValues() {
        double[] values = lognormal(CAPACITY + 1, 1);
        QuantileSketch sketch = sketchOf(Arrays.copyOf(values, CAPACITY));
        assertThat(sketch.isExact()).isTrue();

        sketch.add(values[CAPACITY]);

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.count()).isEqualTo(CAPACITY + 1);
        QuantileSketch.State state = sketch.state();
        assertThat(state.topValues()).hasSize(QuantileSketch.TOP_VALUE_CAPACITY);
        assertThat(Arrays.stream(state.centroidWeights()).sum()).isEqualTo(CAPACITY + 1 - QuantileSketch.TOP_VALUE_CAPACITY);
        Arrays.sort(values);
        assertThat(state.topValues()).containsExactly(Arrays.copyOfRange(values, values.length - QuantileSketch.TOP_VALUE_CAPACITY, values.length));
    }

    @Test
    void quantilesAmongTheTopValuesStayExactOnceDigested() {
        double[] values = lognormal(80_000, 2);
        QuantileSketch sketch = sketchOf(values);
        Arrays.sort(values);

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.quantile(0.99)).isEqualTo(orderStatistic(values, 0.99));
        assertThat(sketch.quantile(0.995)).isEqualTo(orderStatistic(values, 0.995));
        assertThat(sketch.quantile(1)).isEqualTo(values[values.length - 1]);
        assertThat(sketch.quantile(0)).isEqualTo(values[0]);
    }

    @Test
    void scoresOnAFewLevelsKeepTheirQuantilesExactOnceDigested() {
        Random random = new Random(13);
        double[] scores = new double[50_000];
        QuantileSketch sketch = new QuantileSketch();
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.min(4, Math.max(0, Math.rint(2.8 + 1.1 * random.nextGaussian()))) / 4;
            sketch.add(scores[i]);
        }
        Arrays.sort(scores);

        assertThat(sketch.isExact()).isFalse();
        for (double q : new double[] {0.01, 0.1, 0.25, 0.5, 0.9}) {
            assertThat(sketch.quantile(q)).as("q " + q).isEqualTo(orderStatistic(scores, q));
        }
    }

    @Test
    void mergingExactSketchesIsExactAndIndependentOfOrder() {
        double[] values = lognormal(900, 3);
        QuantileSketch ab = sketchOf(Arrays.copyOfRange(values, 0, 400));
        ab.merge(sketchOf(Arrays.copyOfRange(values, 400, 900)));
        QuantileSketch ba = sketchOf(Arrays.copyOfRange(values, 400, 900));
        ba.merge(sketchOf(Arrays.copyOfRange(values, 0, 400)));

        assertThat(ab.isExact()).isTrue();
        assertThat(ab.state().exactValues()).containsExactly(ba.state().exactValues());
        Arrays.sort(values);
        assertThat(ab.quantile(0.9)).isEqualTo(orderStatistic(values, 0.9));
    }

    @Test
    void mergingKeepsTheTopValuesOfTheUnionExact() {
        double[] values = lognormal(60_000, 4);
        QuantileSketch merged = sketchOf(Arrays.copyOfRange(values, 0, 500));
        merged.merge(sketchOf(Arrays.copyOfRange(values, 500, 30_000)));
        merged.merge(sketchOf(Arrays.copyOfRange(values, 30_000, 59_000)));
        merged.merge(sketchOf(Arrays.copyOfRange(values, 59_000, 60_000)));
        Arrays.sort(values);

        assertThat(merged.count()).isEqualTo(60_000);
        assertThat(merged.state().topValues())
                .containsExactly(Arrays.copyOfRange(values, values.length - QuantileSketch.TOP_VALUE_CAPACITY, values.length));
        assertThat(merged.quantile(0.99)).isEqualTo(orderStatistic(values, 0.99));
        assertThat(merged.quantile(0.5)).isCloseTo(orderStatistic(values, 0.5), within(0.02 * orderStatistic(values, 0.5)));
    }

    /**
     * The LLM stage merges partials of up to 2 048 calls into a window's sketch between single calls, as they
     * arrive: a merge into a digest with values buffered must leave it able to take more. t-digest 3.3 merges
     * digests ignoring the values it buffered for its next merge; when the merge grew its centroids, the next
     * add overflowed its buffer (seen on latencies to the millisecond, many of them repeated, merged with
     * partials of other shapes).
     */
    @Test
    void aDigestTakesSingleValuesAndMergedDigestsInAnyOrder() {
        Random random = new Random(12);
        QuantileSketch window = new QuantileSketch();
        long count = 0;
        for (int round = 0; round < 60; round++) {
            int singles = random.nextInt(3) == 0 ? random.nextInt(3_000) : random.nextInt(50);
            for (int i = 0; i < singles; i++) {
                window.add(latency(random, 0, round));
            }
            QuantileSketch partial = new QuantileSketch();
            int calls = 1 + random.nextInt(2_048);
            for (int i = 0; i < calls; i++) {
                partial.add(latency(random, round % 4, round));
            }
            window.merge(partial);
            count += singles + calls;
        }

        assertThat(window.count()).isEqualTo(count);
        assertThat(window.quantile(0.5)).isBetween(0.5, 2.5);
        assertThat(window.quantile(0.99)).isBetween(window.quantile(0.9), window.quantile(1));
    }

    /**
     * Eval scores to the hundredth, merged from partials into a window's digest: the weighted means of merged
     * centroids of one repeated score can come out a rounding step apart, out of order, and the state must
     * still read back (the LLM job's checkpoints could not be restored).
     */
    @Test
    void aMergedDigestOfRepeatedScoresReadsBackFromItsState() {
        Random random = new Random(0);
        QuantileSketch window = new QuantileSketch();
        for (int round = 0; round < 40; round++) {
            int singles = random.nextInt(3) == 0 ? random.nextInt(3_000) : random.nextInt(50);
            for (int i = 0; i < singles; i++) {
                window.add(Math.round(random.nextDouble() * 100) / 100.0);
            }
            QuantileSketch partial = new QuantileSketch();
            for (int i = 1 + random.nextInt(2_048); i > 0; i--) {
                partial.add(Math.round(random.nextDouble() * 100) / 100.0);
            }
            window.merge(partial);

            QuantileSketch read = QuantileSketch.of(window.state());
            assertThat(read.count()).isEqualTo(window.count());
            assertThat(read.quantile(0.5)).isEqualTo(window.quantile(0.5));
        }
    }

    /** Latencies of four shapes: to the millisecond, narrow, a few levels, and scaled by the round. */
    private static double latency(Random random, int shape, int round) {
        return switch (shape) {
            case 0 -> Math.round(StrictMath.exp(random.nextGaussian()) * 1000) / 1000.0;
            case 1 -> StrictMath.exp(random.nextGaussian() * 0.1);
            case 2 -> random.nextInt(5) + 1;
            default -> StrictMath.exp(random.nextGaussian()) * (1 + round % 3);
        };
    }

    @Test
    void mergeLeavesTheOtherSketchAsItWas() {
        QuantileSketch other = sketchOf(lognormal(5_000, 5));
        QuantileSketch.State before = other.state();
        QuantileSketch into = sketchOf(lognormal(3_000, 6));

        into.merge(other);

        assertThat(other.state().count()).isEqualTo(before.count());
        assertThat(other.state().topValues()).containsExactly(before.topValues());
        assertThat(other.state().centroidMeans()).containsExactly(before.centroidMeans());
        assertThatThrownBy(() -> into.merge(into)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNegativeAndNonFiniteValues() {
        QuantileSketch sketch = new QuantileSketch();

        assertThatThrownBy(() -> sketch.add(-0.001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite values ≥ 0, got -0.001");
        assertThatThrownBy(() -> sketch.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.add(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        sketch.add(-0.0);
        assertThat(sketch.quantile(0.5)).isEqualTo(0.0);
        assertThat(sketch.count()).isEqualTo(1);
    }

    @Test
    void theSumSaturatesSoTheSketchStaysValid() {
        QuantileSketch sketch = sketchOf(new double[] {1.7e308, 1.7e308});
        QuantileSketch merged = QuantileSketch.of(sketch.state());

        merged.merge(sketch);

        assertThat(sketch.sum()).isEqualTo(Double.MAX_VALUE);
        assertThat(merged.sum()).isEqualTo(Double.MAX_VALUE);
        assertThat(merged.mean()).isEqualTo(Double.MAX_VALUE / 4);
        assertThat(QuantileSketch.of(merged.state()).quantile(1)).isEqualTo(1.7e308);
    }

    @Test
    void aStateRebuildsTheSameSketchInEitherForm() {
        for (QuantileSketch original : new QuantileSketch[] {sketchOf(lognormal(700, 7)), sketchOf(lognormal(40_000, 8))}) {
            QuantileSketch rebuilt = QuantileSketch.of(original.state());

            assertThat(rebuilt.isExact()).isEqualTo(original.isExact());
            assertThat(rebuilt.count()).isEqualTo(original.count());
            assertThat(rebuilt.sum()).isEqualTo(original.sum());
            for (double q : new double[] {0.1, 0.5, 0.9, 0.95, 0.99}) {
                assertThat(rebuilt.quantile(q)).as("q " + q).isEqualTo(original.quantile(q));
            }
            assertThat(rebuilt.state().centroidMeans()).isEqualTo(original.state().centroidMeans());
        }
    }

    @Test
    void refusesStatesNoSketchCanBeIn() {
        QuantileSketch.State digested = sketchOf(lognormal(5_000, 9)).state();
        double[] top = digested.topValues().clone();
        top[0] = digested.centroidMeans()[digested.centroidMeans().length - 1] / 2;

        assertThatThrownBy(() -> QuantileSketch.of(new QuantileSketch.State(3, 1, new double[] {0.5, 0.5}, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 3 but 2 exact values");
        assertThatThrownBy(() -> QuantileSketch.of(new QuantileSketch.State(2, 1, new double[] {0.6, 0.4}, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not sorted");
        assertThatThrownBy(() -> QuantileSketch.of(new QuantileSketch.State(digested.count(), digested.sum(), null, top,
                digested.centroidMeans(), digested.centroidWeights())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the smallest top value");
        assertThatThrownBy(() -> QuantileSketch.of(new QuantileSketch.State(digested.count() + 1, digested.sum(), null,
                digested.topValues(), digested.centroidMeans(), digested.centroidWeights())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weigh");
        assertThatThrownBy(() -> QuantileSketch.of(new QuantileSketch.State(5, Double.NaN, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum NaN");
    }

    @Test
    void heapStaysSmallForFewValuesAndBoundedForMany() {
        QuantileSketch few = sketchOf(lognormal(10, 10));
        QuantileSketch full = sketchOf(lognormal(CAPACITY, 11));
        QuantileSketch digested = sketchOf(lognormal(100_000, 12));

        assertThat(new QuantileSketch().estimatedHeapBytes()).isLessThan(150);
        assertThat(few.estimatedHeapBytes()).isLessThan(300);
        assertThat(full.estimatedHeapBytes()).isLessThan(9 * 1024);
        assertThat(digested.estimatedHeapBytes()).isBetween(24L * 1024, 32L * 1024);
    }

    private static QuantileSketch sketchOf(double[] values) {
        QuantileSketch sketch = new QuantileSketch();
        for (double v : values) {
            sketch.add(v);
        }
        return sketch;
    }

    private static double[] lognormal(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = StrictMath.exp(random.nextGaussian());
        }
        return values;
    }
}
