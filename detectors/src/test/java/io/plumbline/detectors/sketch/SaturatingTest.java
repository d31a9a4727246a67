package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SaturatingTest {

    @Test
    void longsStopAtTheLimitOfTheirSign() {
        assertThat(Saturating.add(40L, 2L)).isEqualTo(42);
        assertThat(Saturating.add(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.add(Long.MAX_VALUE, 1L)).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.add(Long.MAX_VALUE, -1L)).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(Saturating.add(Long.MIN_VALUE, -1L)).isEqualTo(Long.MIN_VALUE);
        assertThat(Saturating.add(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void doublesStayFiniteAndRefuseNonFiniteTerms() {
        assertThat(Saturating.add(0.5, 0.25)).isEqualTo(0.75);
        assertThat(Saturating.add(1.7e308, 1.7e308)).isEqualTo(Double.MAX_VALUE);
        assertThat(Saturating.add(-1.7e308, -1.7e308)).isEqualTo(-Double.MAX_VALUE);
        assertThat(Saturating.add(Double.MAX_VALUE, -1.7e308)).isEqualTo(Double.MAX_VALUE - 1.7e308);

        assertThatThrownBy(() -> Saturating.add(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a saturating sum takes finite terms, got 1.0 + NaN");
        assertThatThrownBy(() -> Saturating.add(Double.POSITIVE_INFINITY, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQuotientByATinyDivisorIsHugeButFinite() {
        assertThat(Saturating.quotient(3, 4)).isEqualTo(0.75);
        assertThat(Saturating.quotient(0.01, Double.MIN_VALUE)).isEqualTo(Double.MAX_VALUE);
        assertThat(Saturating.quotient(-1e308, 0.5)).isEqualTo(-Double.MAX_VALUE);

        assertThatThrownBy(() -> Saturating.quotient(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a saturating quotient takes a finite dividend and a finite divisor > 0, got 0.0 / 0.0");
        assertThatThrownBy(() -> Saturating.quotient(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Saturating.quotient(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
