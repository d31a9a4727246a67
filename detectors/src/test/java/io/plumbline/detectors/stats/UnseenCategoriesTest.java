package io.plumbline.detectors.stats;

import static io.plumbline.detectors.stats.JensenShannonTest.draw;
import static io.plumbline.detectors.stats.JensenShannonTest.sketch;
import static io.plumbline.detectors.stats.PsiTest.categorical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnseenCategoriesTest {

    @Test
    void countsTheCurrentValuesOfCategoriesTheBaselineNeverSaw() {
        CategoricalSketch baseline = categorical(10, "a", "b", "b");
        CategoricalSketch current = categorical(10, "a", "c", "c", "d", "b");

        assertThat(UnseenCategories.share(baseline, current)).isCloseTo(3 / 5.0, within(1e-15));
    }

    @Test
    void matchesTheExactValueOnRawSamples() {
        Random random = new Random(13);
        for (int repetition = 0; repetition < 20; repetition++) {
            List<String> baseline = draw(random, 1 + random.nextInt(1_000), 3 + random.nextInt(20), 0);
            List<String> current = draw(random, 1 + random.nextInt(1_000), 3 + random.nextInt(20), random.nextInt(5));

            assertThat(UnseenCategories.share(sketch(baseline), sketch(current))).as("repetition %d", repetition)
                    .isCloseTo(ExactStatistics.unseenCategoryShare(baseline, current), within(1e-15));
        }
    }

    @Test
    void aLongTailedStableFeatureIsNotSignificantButANewCategoryIs() {
        Random random = new Random(17);
        int windows = 500;
        int significant = 0;
        for (int i = 0; i < windows; i++) {
            CategoricalSketch baseline = zipf(random, 1_000, 0);
            CategoricalSketch stable = zipf(random, 1_000, 0);
            assertThat(UnseenCategories.share(baseline, stable)).as("the tail brings unseen values by chance")
                    .isGreaterThan(0);
            significant += UnseenCategories.pValue(baseline, stable) < 0.01 ? 1 : 0;
        }
        assertThat(significant).as("stable windows significant at 0.01").isLessThanOrEqualTo(windows / 100);

        CategoricalSketch baseline = zipf(random, 1_000, 0);
        assertThat(UnseenCategories.pValue(baseline, zipf(random, 1_000, 0.1)))
                .as("10 %% new on top of a tail that brings ~20 %% unseen by chance").isLessThan(1e-3);
        List<String> few = List.of("a", "b", "c", "d", "e");
        CategoricalSketch shortTail = new CategoricalSketch();
        CategoricalSketch withNew = new CategoricalSketch();
        for (int i = 0; i < 1_000; i++) {
            shortTail.add(few.get(i % 5));
            withNew.add(i % 50 == 0 ? "new" : few.get(i % 5));
        }
        assertThat(UnseenCategories.pValue(shortTail, withNew)).as("2 %% new where nothing is new by chance: all 20 in the window has chance 2^-20")
                .isLessThan(1e-5);
    }

    @Test
    void pastItsKCategoriesABaselineTellsNewFromFoldedByItsSample() {
        // K = 2: c and d are named first, then a and b, heavier, take their slots.
        CategoricalSketch baseline = categorical(2, "c", "d", "a", "a", "a", "b", "b", "b");

        assertThat(baseline.otherCount()).isEqualTo(2);
        assertThat(baseline.counts()).containsOnlyKeys("a", "b");
        assertThat(UnseenCategories.share(baseline, categorical(10, "c", "d", "a"))).as("c and d are in its 'other'")
                .isZero();
        assertThat(UnseenCategories.share(baseline, categorical(10, "e", "c"))).isEqualTo(0.5);
        assertThat(UnseenCategories.share(baseline, categorical(2, "e", "a", "c", "e"))).as("past K on both sides")
                .isEqualTo(0.5);
        assertThat(UnseenCategories.pValue(baseline, categorical(10, "e"))).as("c, d and e: each in the window of 1 with chance 1/9")
                .isCloseTo(1 - Math.pow(8 / 9.0, 3), within(1e-12));
    }

    @Test
    void aBaselinePastItsKWithoutASampleCannotTellNewFromFolded() {
        CategoricalSketch unsampled = CategoricalSketch.of(2, Map.of("a", 2L, "b", 2L), 2, 0, 0);

        assertThat(unsampled.distinctSample()).isNull();
        assertThat(UnseenCategories.pValue(unsampled, categorical(10, "e"))).isNaN();
        assertThat(UnseenCategories.share(unsampled, categorical(10, "e", "a"))).as("the names are all there is")
                .isEqualTo(0.5);
    }

    @Test
    void theChanceIsThatOfARandomSplit() {
        // Pooled a×2, b, c; n = m = 2; the window's "b" and "c" are 2 unseen values. As coins: "a" is
        // wholly in the window with C(2,2)/C(4,2) = 1/6 (weight 2), "b" and "c" with 2/4 each (weight 1).
        CategoricalSketch baseline = categorical(10, "a", "a");
        CategoricalSketch current = categorical(10, "b", "c");

        double expected = 1 / 6.0 + 5 / 6.0 * (0.5 * 0.5);
        assertThat(UnseenCategories.pValue(baseline, current)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void everyValueIsUnseenAgainstAnEmptyBaselineAndAnEmptyWindowHasNoShare() {
        assertThat(UnseenCategories.share(new CategoricalSketch(), categorical(10, "a"))).isEqualTo(1);
        assertThat(UnseenCategories.share(categorical(10, "a"), new CategoricalSketch())).isNaN();
    }

    /** 1 000 categories of Zipf-like weights 1/(rank), plus a share of values in one brand-new category. */
    private static CategoricalSketch zipf(Random random, int n, double newShare) {
        double[] cumulative = new double[1_000];
        double total = 0;
        for (int k = 0; k < cumulative.length; k++) {
            total += 1.0 / (k + 1);
            cumulative[k] = total;
        }
        CategoricalSketch sketch = new CategoricalSketch(CategoricalSketch.DEFAULT_MAX_DISTINCT * 10);
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < newShare) {
                sketch.add("new");
                continue;
            }
            int k = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            sketch.add("c" + (k < 0 ? -k - 1 : k));
        }
        return sketch;
    }
}
