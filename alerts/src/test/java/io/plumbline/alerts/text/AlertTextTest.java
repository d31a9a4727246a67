package io.plumbline.alerts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numbers in alert text read as Java's %.3g writes them, trailing zeros dropped, however they are computed. */
class AlertTextTest {

    @Test
    void threeSignificantDigitsWithoutTrailingZeros() {
        assertThat(AlertText.number(0.1234)).isEqualTo("0.123");
        assertThat(AlertText.number(0.1235)).as("half up, on the digits Double.toString gives").isEqualTo("0.124");
        assertThat(AlertText.number(2.0)).isEqualTo("2");
        assertThat(AlertText.number(1.5)).isEqualTo("1.5");
        assertThat(AlertText.number(120)).isEqualTo("120");
        assertThat(AlertText.number(0.001)).isEqualTo("0.001");
        assertThat(AlertText.number(-0.25)).isEqualTo("-0.25");
        assertThat(AlertText.number(999.7)).isEqualTo("1.00e+03");
        assertThat(AlertText.number(0)).isEqualTo("0");
        assertThat(AlertText.number(2.5e-7)).isEqualTo("2.50e-07");
    }

    @Test
    void agreesWithTheFormatterAcrossMagnitudes() {
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < 200_000; i++) {
            double v = Math.pow(10, random.nextDouble(-5, 7)) * (random.nextBoolean() ? 1 : -1);
            if (i % 4 == 0) {
                v = Math.round(v * 10_000) / 10_000.0; // short decimals, where the ties are
            }
            assertThat(AlertText.number(v)).as("%s", v).isEqualTo(formatted(v));
        }
        for (double v : new double[] {-0.0, 0.0, 999, 999.4999, 999.5, 0.0009995, 0.00099949, Double.NaN,
                Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e6 - 1, 0.1 + 0.2}) {
            assertThat(AlertText.number(v)).as("%s", v).isEqualTo(formatted(v));
        }
    }

    /** How number() wrote every value before it had its fast path. */
    private static String formatted(double v) {
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }
}
