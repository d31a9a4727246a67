package io.plumbline.detectors.sketch;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.plumbline.detectors.testing.Distribution;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The baseline-closing rule: a numeric feature with ≤ 5 distinct baseline values is compared as categorical. */
class LowCardinalityTest {

    @Test
    void fewDistinctValuesAreLowCardinalityInEveryExactForm() {
        Random random = new Random(15);
        for (int n : new int[] {1, 100, NumericSketch.EXACT_VALUE_CAPACITY, 100_000}) {
            double[] values = Distribution.INTEGERS_0_TO_5.sample(n, 0, random);
            NumericSketch sketch = sketchOf(values);
            long distinct = Arrays.stream(values).distinct().count();

            assertThat(sketch.isLowCardinality(5)).as("n=%d with %d distinct values", n, distinct).isEqualTo(distinct <= 5);
            assertThat(sketch.isLowCardinality(6)).as("n=%d", n).isTrue();
            assertThat(sketch.pointMasses()).isEqualTo(exactCounts(values));
        }
    }

    @Test
    void manyDistinctValuesAreNot() {
        Random random = new Random(16);
        NumericSketch levels = sketchOf(Distribution.LEVELS_20.sample(50_000, 0, random));
        NumericSketch continuous = sketchOf(Distribution.NORMAL.sample(50_000, 0, random));

        assertThat(levels.isLowCardinality(5)).isFalse();
        assertThat(levels.isLowCardinality(20)).isTrue();
        assertThat(continuous.isExact()).isFalse();
        assertThat(continuous.isLowCardinality(NumericSketch.POINT_MASS_CAPACITY)).isFalse();
        assertThat(new NumericSketch().isLowCardinality(0)).isTrue();
    }

    @Test
    void cannotTellAboutMoreDistinctValuesThanItCounts() {
        assertThatThrownBy(() -> new NumericSketch().isLowCardinality(NumericSketch.POINT_MASS_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NumericSketch().isLowCardinality(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pointMassesOfADigestedSketchAreItsExactlyCountedTies() {
        Random random = new Random(17);
        NumericSketch sketch = new NumericSketch();
        for (int i = 0; i < 20_000; i++) {
            sketch.add(i % 4 == 0 ? -1 : random.nextGaussian());
        }

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.pointMasses()).containsEntry(-1.0, 5_000L);
    }

    @Test
    void asCategoricalNamesEachValueAndKeepsMissingAndMismatchCounts() {
        NumericSketch sketch = sketchOf(new double[] {0, 1, 1, 2.5, -0.0, 1});
        sketch.addMissing();
        sketch.addTypeMismatch();

        CategoricalSketch categorical = sketch.asCategorical();

        assertThat(categorical.counts()).containsExactly(entry("0", 2L), entry("1", 3L), entry("2.5", 1L));
        assertThat(categorical.otherCount()).isZero();
        assertThat(categorical.count()).isEqualTo(6);
        assertThat(categorical.missing()).isEqualTo(1);
        assertThat(categorical.typeMismatches()).isEqualTo(1);
    }

    @Test
    void asCategoricalOfADigestPutsTheDigestedValuesInOther() {
        Random random = new Random(18);
        NumericSketch sketch = new NumericSketch();
        for (int i = 0; i < 20_000; i++) {
            sketch.add(i % 4 == 0 ? 3 : random.nextGaussian());
        }

        CategoricalSketch categorical = sketch.asCategorical();

        assertThat(categorical.count(NumericSketch.categoryName(3))).isEqualTo(5_000);
        assertThat(categorical.count()).isEqualTo(20_000);
        long named = categorical.counts().values().stream().mapToLong(Long::longValue).sum();
        assertThat(categorical.otherCount()).isEqualTo(20_000 - named);
    }

    @Test
    void asCategoricalOfManyExactValuesNamesTheHeaviest() {
        double[] values = new double[1_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 300 ? 7 : i;
        }

        CategoricalSketch categorical = sketchOf(values).asCategorical();

        assertThat(categorical.counts()).hasSize(CategoricalSketch.DEFAULT_MAX_DISTINCT).containsEntry("7", 300L);
        assertThat(categorical.count()).isEqualTo(1_000);
        assertThat(categorical.otherCount()).isEqualTo(1_000 - 300 - 99);
    }

    @Test
    void categoryNamesAreDistinctAndReadable() {
        assertThat(NumericSketch.categoryName(3)).isEqualTo("3");
        assertThat(NumericSketch.categoryName(-0.0)).isEqualTo("0");
        assertThat(NumericSketch.categoryName(-2)).isEqualTo("-2");
        assertThat(NumericSketch.categoryName(0.5)).isEqualTo("0.5");
        assertThat(NumericSketch.categoryName(1e20)).isEqualTo("1.0E20");
        assertThat(NumericSketch.categoryName(1e20)).isNotEqualTo(NumericSketch.categoryName(1e20 + 1e5));
    }

    private static Map<Double, Long> exactCounts(double[] values) {
        Map<Double, Long> counts = new TreeMap<>();
        for (double v : values) {
            counts.merge(v == 0 ? 0.0 : v, 1L, Long::sum);
        }
        return counts;
    }
}
