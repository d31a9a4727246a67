package io.plumbline.detectors.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedCountsTest {

    private static CategoricalSketch sketch(int maxDistinct, String... values) {
        CategoricalSketch s = new CategoricalSketch(maxDistinct);
        for (String v : values) {
            s.add(v);
        }
        return s;
    }

    @Test
    void withinKEveryCategoryIsPairedExactly() {
        PairedCounts pairs = PairedCounts.of(sketch(10, "a", "a", "b"), sketch(10, "b", "c"));

        assertThat(pairs.baseline()).containsExactly(2, 1, 0, 0);
        assertThat(pairs.current()).containsExactly(0, 1, 1, 0);
        assertThat(pairs.withoutEmpty().baseline()).containsExactly(2, 1, 0);
    }

    @Test
    void aCategoryOneSideMayHideInItsOtherIsFoldedIntoOtherOnBoth() {
        // K = 2: the baseline names a and b and counts c as other; the current names c and a, and b is its other.
        PairedCounts pairs = PairedCounts.of(sketch(2, "a", "b", "c", "c"), sketch(2, "c", "a", "b", "b"));

        assertThat(pairs.baseline()).containsExactly(1, 3);
        assertThat(pairs.current()).containsExactly(1, 3);
    }

    @Test
    void stationaryDataPastKNoLongerLooksDrifted() {
        Random random = new Random(3);
        CategoricalSketch baseline = new CategoricalSketch(8);
        CategoricalSketch current = new CategoricalSketch(8);
        for (int i = 0; i < 20_000; i++) {
            baseline.add("c" + random.nextInt(12));
            current.add("c" + random.nextInt(12));
        }

        assertThat(ChiSquare.test(baseline, current).pValue()).isGreaterThan(0.001);
        assertThat(ChiSquare.test(baseline, current).maxShareChange()).isLessThan(0.02);
    }
}
