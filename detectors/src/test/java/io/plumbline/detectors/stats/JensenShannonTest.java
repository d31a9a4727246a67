package io.plumbline.detectors.stats;

import static io.plumbline.detectors.stats.PsiTest.categorical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JensenShannonTest {

    @Test
    void matchesScipyAtTheResolutionBothSketchesShare() {
        // K = 2: baseline names a and b, "c" goes to its other; current names a and d, and its other is empty.
        // d may hide in the baseline's other, so it is folded into other on both sides; b cannot hide in
        // the current's empty other, so its 0 there is real.
        CategoricalSketch baseline = categorical(2, "a", "a", "b", "c");
        CategoricalSketch current = categorical(2, "a", "d", "d", "d");

        // scipy.spatial.distance.jensenshannon([2, 1, 1], [1, 0, 3], base=2) (a, b, other), scipy 1.17.1
        assertThat(JensenShannon.distance(baseline, current)).isCloseTo(0.49999999999999994, within(1e-12));
    }

    @Test
    void matchesScipyOnCloseShares() {
        CategoricalSketch baseline = counts(50, 30, 20);
        CategoricalSketch current = counts(45, 30, 25);

        // scipy.spatial.distance.jensenshannon([50, 30, 20], [45, 30, 25], base=2), scipy 1.17.1
        assertThat(JensenShannon.distance(baseline, current)).isCloseTo(0.05438259553439696, within(1e-12));
    }

    @Test
    void matchesTheExactValueOnRawSamples() {
        Random random = new Random(12);
        for (int repetition = 0; repetition < 20; repetition++) {
            List<String> baseline = draw(random, 1 + random.nextInt(2_000), 3 + random.nextInt(30), 0);
            List<String> current = draw(random, 1 + random.nextInt(2_000), 3 + random.nextInt(30), random.nextInt(5));

            double distance = JensenShannon.distance(sketch(baseline), sketch(current));

            assertThat(distance).as("repetition %d", repetition)
                    .isCloseTo(ExactStatistics.jensenShannonDistance(baseline, current), within(1e-12));
        }
    }

    @Test
    void isZeroForEqualSharesAndOneForDisjointCategories() {
        assertThat(JensenShannon.distance(categorical(10, "a", "b"), categorical(10, "b", "a", "a", "b"))).isZero();
        assertThat(JensenShannon.distance(categorical(10, "a", "b"), categorical(10, "c", "d", "c"))).isCloseTo(1, within(1e-15));
    }

    @Test
    void anEmptySampleHasNoDistance() {
        assertThat(JensenShannon.distance(new CategoricalSketch(), categorical(10, "a"))).isNaN();
        assertThat(JensenShannon.distance(categorical(10, "a"), new CategoricalSketch())).isNaN();
    }

    private static CategoricalSketch counts(int... counts) {
        CategoricalSketch sketch = new CategoricalSketch();
        for (int i = 0; i < counts.length; i++) {
            for (int k = 0; k < counts[i]; k++) {
                sketch.add("c" + i);
            }
        }
        return sketch;
    }

    /** Geometric-ish category frequencies, the first {@code offset} categories skipped. */
    static List<String> draw(Random random, int n, int categories, int offset) {
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int c = offset;
            while (c < offset + categories - 1 && random.nextDouble() < 0.6) {
                c++;
            }
            values.add("c" + c);
        }
        return values;
    }

    static CategoricalSketch sketch(List<String> values) {
        CategoricalSketch sketch = new CategoricalSketch();
        values.forEach(sketch::add);
        return sketch;
    }
}
