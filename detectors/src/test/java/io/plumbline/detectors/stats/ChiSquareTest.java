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
    /** P-value references: detectors/src/test/resources/scipy/references.py, scipy 1.17.1. */
    @Test
    void pValueIsScipysOnTheCountVectorsWithoutEmptyCategories() {
        CategoricalSketch baseline = categorical(10, repeat("a", 50, "b", 30, "c", 20));
        CategoricalSketch current = categorical(10, repeat("a", 40, "b", 45, "d", 15));

        ChiSquareResult result = ChiSquare.test(baseline, current);

        // scipy.stats.chi2_contingency([[50, 30, 20, 0], [40, 45, 0, 15]], correction=False)
        assertThat(result.pValue()).isCloseTo(1.6440946481645245e-08, within(1e-12));
        assertThat(result.maxShareChange()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void otherCountsAsOneMoreCategory() {
        CategoricalSketch baseline = CategoricalSketch.of(1, Map.of("a", 60L), 40, 0, 0);
        CategoricalSketch current = CategoricalSketch.of(1, Map.of("a", 30L), 70, 0, 0);

        ChiSquareResult result = ChiSquare.test(baseline, current);

        // scipy.stats.chi2_contingency([[60, 40], [30, 70]], correction=False)
        assertThat(result.pValue()).isCloseTo(2.0078656124264854e-05, within(1e-12));
        assertThat(result.maxShareChange()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void samplesOfUnequalSizesAreWeighedAsScipysContingencyTable() {
        CategoricalSketch baseline = categorical(10, repeat("a", 120, "b", 60, "c", 20));
        CategoricalSketch current = categorical(10, repeat("a", 40, "b", 45, "c", 15));

        // scipy.stats.chi2_contingency([[120, 60, 20], [40, 45, 15]], correction=False)
        assertThat(ChiSquare.test(baseline, current).pValue()).isCloseTo(0.004714356473549276, within(1e-12));
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
