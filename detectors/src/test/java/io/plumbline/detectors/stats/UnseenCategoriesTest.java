package io.plumbline.detectors.stats;

import static io.plumbline.detectors.stats.JensenShannonTest.draw;
import static io.plumbline.detectors.stats.JensenShannonTest.sketch;
import static io.plumbline.detectors.stats.PsiTest.categorical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.List;
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
    void everyValueIsUnseenAgainstAnEmptyBaselineAndAnEmptyWindowHasNoShare() {
        assertThat(UnseenCategories.share(new CategoricalSketch(), categorical(10, "a"))).isEqualTo(1);
        assertThat(UnseenCategories.share(categorical(10, "a"), new CategoricalSketch())).isNaN();
    }
}
