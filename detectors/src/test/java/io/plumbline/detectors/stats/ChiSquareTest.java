package io.plumbline.detectors.stats;

import static io.plumbline.detectors.stats.PsiTest.categorical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChiSquareTest {
    private static final org.apache.commons.math3.stat.inference.ChiSquareTest COMMONS =
            new org.apache.commons.math3.stat.inference.ChiSquareTest();

    @Test
    void pValueIsCommonsMathsOnTheCountVectorsWithoutEmptyCategories() {
        CategoricalSketch baseline = categorical(10, repeat("a", 50, "b", 30, "c", 20));
        CategoricalSketch current = categorical(10, repeat("a", 40, "b", 45, "d", 15));

        ChiSquareResult result = ChiSquare.test(baseline, current);

        double expected = COMMONS.chiSquareTestDataSetsComparison(new long[] {50, 30, 20, 0}, new long[] {40, 45, 0, 15});
        assertThat(result.pValue()).isEqualTo(expected);
        assertThat(result.maxShareChange()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void otherCountsAsOneMoreCategory() {
        CategoricalSketch baseline = CategoricalSketch.of(1, Map.of("a", 60L), 40, 0, 0);
        CategoricalSketch current = CategoricalSketch.of(1, Map.of("a", 30L), 70, 0, 0);

        ChiSquareResult result = ChiSquare.test(baseline, current);

        double expected = COMMONS.chiSquareTestDataSetsComparison(new long[] {60, 40}, new long[] {30, 70});
        assertThat(result.pValue()).isEqualTo(expected);
        assertThat(result.maxShareChange()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void oneSharedCategoryIsNoEvidenceOfChange() {
        ChiSquareResult result = ChiSquare.test(categorical(5, "a", "a"), categorical(5, "a", "a", "a"));

        assertThat(result.pValue()).isEqualTo(1);
        assertThat(result.maxShareChange()).isZero();
    }

    @Test
    void anEmptySampleHasNoTest() {
        ChiSquareResult result = ChiSquare.test(categorical(5, "a"), new CategoricalSketch());

        assertThat(result.pValue()).isNaN();
        assertThat(result.maxShareChange()).isNaN();
    }

    private static String[] repeat(Object... nameAndCount) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nameAndCount.length; i += 2) {
            for (int k = 0; k < (Integer) nameAndCount[i + 1]; k++) {
                values.add((String) nameAndCount[i]);
            }
        }
        return values.toArray(String[]::new);
    }
}
