package io.plumbline.detectors.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.util.EnumMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipleTestingTest {
    private static final double NAN = Double.NaN;

    @Test
    void benjaminiHochbergMatchesScipy() {
        double[] p = {0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.045, 0.9};
        // scipy.stats.false_discovery_control(p) with scipy 1.17.1
        double[] scipy = {0.04, 0.072, 0.072, 0.04, 0.26666666666666666, 0.5714285714285714, 0.072, 0.9};

        assertThat(MultipleTesting.adjust(p, Correction.BENJAMINI_HOCHBERG)).containsExactly(scipy, within(1e-15));
    }

    @Test
    void benjaminiHochbergIgnoresNaNEntries() {
        double[] p = {0.0001, NAN, 0.02, 0.021, 0.022, 0.8, NAN, 0.049, 0.3};
        // scipy.stats.false_discovery_control([0.0001, 0.02, 0.021, 0.022, 0.8, 0.049, 0.3]), scipy 1.17.1, NaNs put back
        double[] scipy = {0.0007, NAN, 0.0385, 0.0385, 0.0385, 0.8, NAN, 0.0686, 0.35000000000000003};

        assertThat(MultipleTesting.adjust(p, Correction.BENJAMINI_HOCHBERG)).containsExactly(scipy, within(1e-15));
        assertThat(MultipleTesting.reject(p, 0.05, Correction.BENJAMINI_HOCHBERG))
                .containsExactly(true, false, true, true, true, false, false, false, false);
    }

    @Test
    void benjaminiHochbergByHand() {
        // m = 4, sorted 0.01, 0.02, 0.03, 0.5: m·p/rank = 0.04, 0.04, 0.04, 0.5; step-up at q = 0.05 rejects the first three,
        // where Bonferroni (thresholds 0.0125) rejects only the first.
        double[] p = {0.5, 0.03, 0.01, 0.02};

        assertThat(MultipleTesting.adjust(p, Correction.BENJAMINI_HOCHBERG)).containsExactly(new double[] {0.5, 0.04, 0.04, 0.04}, within(1e-15));
        assertThat(MultipleTesting.reject(p, 0.05, Correction.BENJAMINI_HOCHBERG)).containsExactly(false, true, true, true);
        assertThat(MultipleTesting.reject(p, 0.05, Correction.BONFERRONI)).containsExactly(false, false, true, false);
    }

    @Test
    void bonferroniMultipliesByTheNumberOfTestsCappedAtOne() {
        double[] p = {0.01, NAN, 0.3, 0.002};

        assertThat(MultipleTesting.adjust(p, Correction.BONFERRONI)).containsExactly(new double[] {0.03, NAN, 0.9, 0.006}, within(1e-15));
        assertThat(MultipleTesting.adjust(new double[] {0.6, 0.7}, Correction.BONFERRONI)).containsExactly(1, 1);
    }

    @Test
    void noneLeavesPValuesAsTheyAre() {
        double[] p = {0.04, NAN, 0.06};

        assertThat(MultipleTesting.adjust(p, Correction.NONE)).containsExactly(0.04, NAN, 0.06);
        assertThat(MultipleTesting.reject(p, 0.05, Correction.NONE)).containsExactly(true, false, false);
    }

    @Test
    void noTestsAtAll() {
        assertThat(MultipleTesting.adjust(new double[0], Correction.BENJAMINI_HOCHBERG)).isEmpty();
        assertThat(MultipleTesting.reject(new double[] {NAN}, 0.05, Correction.BENJAMINI_HOCHBERG)).containsExactly(false);
    }

    @Test
    void refusesValuesThatAreNotProbabilities() {
        assertThatThrownBy(() -> MultipleTesting.adjust(new double[] {1.5}, Correction.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipleTesting.reject(new double[] {0.1}, -1, Correction.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    private enum Rule { A, B, C }

    @Test
    void groupsKeyedByRuleAreAdjustedAsOneFlatFamily() {
        EnumMap<Rule, Double> first = new EnumMap<>(Rule.class);
        first.put(Rule.A, 0.01);
        first.put(Rule.C, Double.NaN);
        EnumMap<Rule, Double> second = new EnumMap<>(Rule.class);
        second.put(Rule.A, 0.04);
        second.put(Rule.B, 0.03);

        List<EnumMap<Rule, Double>> adjusted = MultipleTesting.adjust(List.of(first, second), Correction.BONFERRONI);

        assertThat(adjusted.get(0)).containsExactly(entry(Rule.A, 0.03), entry(Rule.C, Double.NaN));
        assertThat(adjusted.get(1).get(Rule.A)).isCloseTo(0.12, within(1e-12));
        assertThat(adjusted.get(1).get(Rule.B)).isCloseTo(0.09, within(1e-12));
        assertThat(MultipleTesting.tests(List.of(first, second))).isEqualTo(3);
        assertThat(first.get(Rule.A)).as("the input is left as it was").isEqualTo(0.01);
    }
}
