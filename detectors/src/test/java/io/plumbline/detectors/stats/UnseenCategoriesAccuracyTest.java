package io.plumbline.detectors.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.testing.ExactStatistics;
import io.plumbline.detectors.testing.ManyCategories;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * New categories of features far past the sketches' K, judged from their samples of distinct categories:
 * the share against the exact one on the raw samples, and the random-split test's level on stable windows
 * and its power on replaced ones. Seeded; sizes from a thousand categories seen many times a window to
 * 50 000 seen less than once, sketches built in one pass and merged from parts.
 */
class UnseenCategoriesAccuracyTest {
    private static final int[] CATEGORIES = {1_000, 50_000};
    private static final int[] VALUES = {20_000, 100_000};
    private static final double[] REPLACED = {0, 0.1, 0.5, 1};
    private static final int REPETITIONS = 5;

    @ParameterizedTest
    @EnumSource(ManyCategories.class)
    void theShareFromSamplesIsCloseToTheExactOne(ManyCategories shape) {
        double worst = 0;
        double total = 0;
        int pairs = 0;
        for (int categories : CATEGORIES) {
            for (int values : VALUES) {
                for (double replaced : REPLACED) {
                    Random random = new Random(categories + 7L * values + (long) (100 * replaced) + shape.ordinal());
                    for (int repetition = 0; repetition < REPETITIONS; repetition++) {
                        String[] baseline = shape.sample("c", categories, values, random);
                        String[] current = replace(shape.sample("c", categories, values, random), replaced);
                        double exact = ExactStatistics.unseenCategoryShare(List.of(baseline), List.of(current));

                        double share = UnseenCategories.share(ManyCategories.sketchOf(baseline), ManyCategories.sketchOf(current));
                        double merged = UnseenCategories.share(mergedFromParts(baseline), mergedFromParts(current));

                        for (double error : new double[] {Math.abs(share - exact), Math.abs(merged - exact)}) {
                            worst = Math.max(worst, error);
                            total += error;
                            pairs++;
                        }
                    }
                }
            }
        }
        System.out.printf("%s: new-category share from samples, error mean %.4f, worst %.4f over %d pairs%n",
                shape, total / pairs, worst, pairs);
        if (shape == ManyCategories.UNIFORM) {
            // Measured: mean 0.010, worst 0.057 (50 000 categories seen less than once a window).
            assertThat(total / pairs).isLessThan(0.015);
            assertThat(worst).isLessThan(0.07);
        } else {
            // A heavy category is in the sample only by chance (1 in 100 of 50 000), so where the heaviest
            // are the new ones its share of values is missed: measured mean 0.041, worst 0.22 where the top
            // 5 of 50 000 (20 % of the values) are new; 0.1 where the top one of 1 000 (13 %) is.
            assertThat(total / pairs).isLessThan(0.05);
            assertThat(worst).isLessThan(0.25);
        }
    }

    @ParameterizedTest
    @EnumSource(ManyCategories.class)
    void stableWindowsAreBeyondChanceOnlyAtTheTestsLevel(ManyCategories shape) {
        int windows = 200;
        int significant = 0;
        for (int window = 0; window < windows; window++) {
            Random random = new Random(1_000L * shape.ordinal() + window);
            int categories = CATEGORIES[window % 2];
            CategoricalSketch baseline = shape.sketch("c", categories, 20_000, random);
            CategoricalSketch current = shape.sketch("c", categories, 20_000, random);

            significant += UnseenCategories.pValue(baseline, current) < 0.01 ? 1 : 0;
        }
        System.out.printf("%s: %d of %d stable windows below 0.01%n", shape, significant, windows);
        // Binomial(200, 0.01) has mean 2 and exceeds 6 with chance 0.5 %.
        assertThat(significant).isLessThanOrEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(ManyCategories.class)
    void replacedCategoriesAreBeyondChanceInEveryWindow(ManyCategories shape) {
        double largest = 0;
        for (int window = 0; window < 20; window++) {
            Random random = new Random(2_000L * shape.ordinal() + window);
            int categories = CATEGORIES[window % 2];
            CategoricalSketch baseline = shape.sketch("c", categories, 50_000, random);
            CategoricalSketch half = ManyCategories.sketchOf(replace(shape.sample("c", categories, 50_000, random), 0.5));
            CategoricalSketch all = ManyCategories.sketchOf(replace(shape.sample("c", categories, 50_000, random), 1));

            largest = Math.max(largest, UnseenCategories.pValue(baseline, half));
            assertThat(UnseenCategories.pValue(baseline, all)).as("window %d", window).isLessThan(1e-9);
        }
        System.out.printf("%s: half the categories replaced, p-value at most %.2e over 20 windows%n", shape, largest);
        assertThat(largest).isLessThan(0.01);
    }

    /** Eight partial sketches merged, as local pre-aggregation and sliding windows build them. */
    private static CategoricalSketch mergedFromParts(String[] values) {
        CategoricalSketch merged = new CategoricalSketch();
        int part = (values.length + 7) / 8;
        for (int from = 0; from < values.length; from += part) {
            merged.merge(ManyCategories.sketchOf(Arrays.copyOfRange(values, from, Math.min(values.length, from + part))));
        }
        return merged;
    }

    /** The current categories whose index ends in 0 .. 10·fraction − 1 renamed: new, spread over heavy and light. */
    private static String[] replace(String[] values, double fraction) {
        String[] replaced = values.clone();
        for (int i = 0; i < replaced.length; i++) {
            int index = Integer.parseInt(replaced[i].substring(1));
            if (index % 10 < Math.round(10 * fraction)) {
                replaced[i] = "new" + index;
            }
        }
        return replaced;
    }
}
