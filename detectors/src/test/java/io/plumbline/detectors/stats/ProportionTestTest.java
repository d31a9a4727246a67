package io.plumbline.detectors.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.NumericSketch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProportionTestTest {

    /**
     * References: pooled z-test with scipy 1.17.1, p = (x1+x2)/(n1+n2), z = (x2/n2 − x1/n1)/√(p(1−p)(1/n1+1/n2)),
     * p-value 2·scipy.stats.norm.sf(|z|).
     */
    @Test
    void matchesTheReferencePValues() {
        assertThat(ProportionTest.test(30, 1_000, 52, 1_000).pValue()).isCloseTo(0.013105703045644693, within(1e-12));
        assertThat(ProportionTest.test(5, 200, 3, 150).pValue()).isCloseTo(0.756753630420512, within(1e-12));
        assertThat(ProportionTest.test(1_000, 100_000, 200, 10_000).pValue())
                .isCloseTo(4.354632597942893e-20, within(1e-30));
    }

    @Test
    void reportsBothRatesAndTheirDifference() {
        ProportionResult result = ProportionTest.test(30, 1_000, 52, 1_000);

        assertThat(result.baselineRate()).isEqualTo(0.03);
        assertThat(result.currentRate()).isEqualTo(0.052);
        assertThat(result.difference()).isCloseTo(0.022, within(1e-15));
    }

    @Test
    void equalRatesWithoutVarianceHaveNoDifference() {
        ProportionResult none = ProportionTest.test(0, 500, 0, 20);
        ProportionResult all = ProportionTest.test(500, 500, 20, 20);

        assertThat(none.pValue()).isEqualTo(1);
        assertThat(none.difference()).isZero();
        assertThat(all.pValue()).isEqualTo(1);
        assertThat(all.difference()).isZero();
    }

    @Test
    void aSideWithoutEventsHasNoRate() {
        ProportionResult result = ProportionTest.test(3, 10, 0, 0);

        assertThat(result.baselineRate()).isEqualTo(0.3);
        assertThat(result.currentRate()).isNaN();
        assertThat(result.difference()).isNaN();
        assertThat(result.pValue()).isNaN();
    }

    @Test
    void identicalRatesHavePValueOne() {
        assertThat(ProportionTest.test(10, 100, 100, 1_000).pValue()).isCloseTo(1, within(1e-15));
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> ProportionTest.test(11, 10, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionTest.test(-1, 10, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingAndTypeMismatchRatesCountEveryEventOfTheFeature() {
        NumericSketch baseline = new NumericSketch();
        for (int i = 0; i < 97; i++) {
            baseline.add(i);
        }
        baseline.addMissing();
        baseline.addMissing();
        baseline.addTypeMismatch();
        CategoricalSketch current = CategoricalSketch.of(10, Map.of("a", 40L), 0, 10, 0);

        ProportionResult missing = ProportionTest.missingRate(baseline, current);
        ProportionResult mismatches = ProportionTest.typeMismatchRate(baseline, current);

        assertThat(missing.baselineRate()).isEqualTo(0.02);
        assertThat(missing.currentRate()).isEqualTo(0.2);
        assertThat(missing.pValue()).isEqualTo(ProportionTest.test(2, 100, 10, 50).pValue());
        assertThat(mismatches.baselineRate()).isEqualTo(0.01);
        assertThat(mismatches.currentRate()).isZero();
    }
}
