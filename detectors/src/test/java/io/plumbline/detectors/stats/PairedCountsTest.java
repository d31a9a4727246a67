package io.plumbline.detectors.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.Map;
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
        PairedCounts pairs = PairedCounts.of(CategoricalSketch.of(2, Map.of("a", 1L, "b", 1L), 2, 0, 0),
                CategoricalSketch.of(2, Map.of("c", 1L, "a", 1L), 2, 0, 0));

        assertThat(pairs.baseline()).containsExactly(1, 3);
        assertThat(pairs.current()).containsExactly(1, 3);
    }

    @Test
    void aCategoryNamedLateComparesByNameOnlyWhileWhatMayHideInOtherIsWithinItsNoise() {
        // K = 2, past it: z was named after up to 2 of its values went to other, then counted 4 or 3 times.
        CategoricalSketch fourZ = CategoricalSketch.of(2, Map.of("x", 2L, "z", 4L), Map.of("z", 2L), 3, 0, 0, null);
        CategoricalSketch threeZ = CategoricalSketch.of(2, Map.of("x", 2L, "z", 3L), Map.of("z", 2L), 3, 0, 0, null);
        CategoricalSketch exact = sketch(2, "x", "z", "z", "z", "z");

        PairedCounts named = PairedCounts.of(exact, fourZ);
        PairedCounts folded = PairedCounts.of(exact, threeZ);

        assertThat(named.baseline()).as("x, z, other: 2 hidden is within 4's noise").containsExactly(1, 4, 0);
        assertThat(named.current()).containsExactly(2, 4, 3);
        assertThat(folded.baseline()).as("x, other: 2 hidden is not within 3's").containsExactly(1, 4);
        assertThat(folded.current()).containsExactly(2, 6);
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
