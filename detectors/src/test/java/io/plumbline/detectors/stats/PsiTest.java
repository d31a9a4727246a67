package io.plumbline.detectors.stats;

import static io.plumbline.detectors.testing.ExactStatistics.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PsiTest {

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void psiOfExactSketchesIsTheExactPsi(Distribution distribution) {
        Random random = new Random(100 + distribution.ordinal());
        for (int[] sizes : new int[][] {{20, 20}, {200, 130}, {2_000, 2_000}, {NumericSketch.EXACT_VALUE_CAPACITY, 50}}) {
            double[] baseline = distribution.sample(sizes[0], 0, random);
            double[] current = distribution.sample(sizes[1], 0.3, random);

            double psi = Psi.numeric(sketchOf(baseline), sketchOf(current));

            assertThat(psi).isCloseTo(ExactStatistics.psi(baseline, current), within(1e-12));
        }
    }

    @Test
    void tiedLevelsAtAnySizeGiveTheExactPsi() {
        Random random = new Random(7);
        double[] baseline = Distribution.INTEGERS_0_TO_5.sample(100_000, 0, random);
        double[] current = Distribution.INTEGERS_0_TO_5.sample(40_000, 0.3, random);

        assertThat(Psi.numeric(sketchOf(baseline), sketchOf(current)))
                .isCloseTo(ExactStatistics.psi(baseline, current), within(1e-12));
    }

    @Test
    void identicalSamplesHaveZeroPsi() {
        double[] values = Distribution.BIMODAL.sample(40_000, 0, new Random(8));

        assertThat(Psi.numeric(sketchOf(values), sketchOf(values))).isCloseTo(0, within(1e-15));
    }

    @Test
    void emptyBinsAreFlooredNotInfinite() {
        double[] baseline = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] current = {100, 100, 100};

        double psi = Psi.numeric(sketchOf(baseline), sketchOf(current));

        double expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1 - 0.1) * Math.log(1 / 0.1);
        assertThat(psi).isCloseTo(expected, within(1e-12));
    }

    @Test
    void anEmptySampleHasNoPsi() {
        assertThat(Psi.numeric(sketchOf(new double[] {1}), new NumericSketch())).isNaN();
        assertThat(Psi.categorical(new CategoricalSketch(), categorical(10, "a"))).isNaN();
    }

    @Test
    void categoricalPsiRunsOverTheCategoriesBothSketchesResolve() {
        // d may hide in the baseline's other (K = 2), so it is compared as other on both sides.
        CategoricalSketch baseline = categorical(2, "a", "a", "b", "c");
        CategoricalSketch current = categorical(2, "a", "d", "d", "d");

        double expected = term(2 / 4.0, 1 / 4.0) + term(1 / 4.0, 0) + term(1 / 4.0, 3 / 4.0);
        assertThat(Psi.categorical(baseline, current)).isCloseTo(expected, within(1e-12));
    }

    private static double term(double b, double c) {
        b = Math.max(b, 1e-4);
        c = Math.max(c, 1e-4);
        return (c - b) * Math.log(c / b);
    }

    static CategoricalSketch categorical(int maxDistinct, String... values) {
        CategoricalSketch sketch = new CategoricalSketch(maxDistinct);
        for (String v : values) {
            sketch.add(v);
        }
        return sketch;
    }
}
