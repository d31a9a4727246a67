package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The scanner's doubles against {@link Double#parseDouble}, bit for bit, on seeded random and hard numbers. */
class JsonNumberScannerTest {

    private static final long SEED = 20261206L;
    private final JsonNumberScanner scanner = new JsonNumberScanner();

    @Test
    void shortestFormsOfRandomDoublesOfEveryMagnitudeReadBackExactly() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 200_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                assertSameAsParseDouble(Double.toString(d));
            }
        }
    }

    @Test
    void randomDecimalsOfUpTo19DigitsReadAsParseDoubleReadsThem() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 200_000; i++) {
            int digits = random.nextInt(1, 20);
            StringBuilder s = new StringBuilder();
            s.append((char) ('1' + random.nextInt(9)));
            for (int k = 1; k < digits; k++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            switch (random.nextInt(3)) {
                case 0 -> s.insert(0, "0." + "0".repeat(random.nextInt(5))); // below one
                case 1 -> {
                    if (digits > 1) {
                        s.insert(1 + random.nextInt(digits - 1), '.');
                    }
                }
                default -> {
                }
            }
            if (random.nextBoolean()) {
                s.insert(0, '-');
            }
            if (random.nextBoolean()) {
                s.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(-360, 330));
            }
            assertSameAsParseDouble(s.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0", "0e0", "1", "-1", "0.1", "0.25", "1e23", "9007199254740993",
        "9007199254740993.0", "9007199254740992.5", "9007199254740993.5", "4.9e-324", "2.4703282292062327e-324",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "1e308", "1e309", "1e-400", "123456789012345678", "0.000001234567890123456789",
        "7.3177701707893310e+15", "2.225073858507201136057409796709131975934819546351645E-308",
        "3.0000000000000004", "1000000000000000000.5", "5e-324", "1.00000000000000011102230246251565404236316680908203126"})
    void hardCasesReadAsParseDoubleReadsThem(String number) {
        byte[] bytes = number.getBytes(StandardCharsets.US_ASCII);
        int end = scanner.scan(bytes, 0);
        if (end < 0) {
            // too many digits for the scanner: the caller reads it another way
            assertThat(number.replaceAll("[^0-9]", "").replaceFirst("^0+", "").length()).isGreaterThan(19);
        } else {
            assertSameAsParseDouble(number);
        }
    }

    @Test
    void integersWithinALongAreLongs() {
        assertThat(scanner.scan(ascii("-123456789012345678,"), 0)).isEqualTo(19);
        assertThat(scanner.integral()).isTrue();
        assertThat(scanner.integer()).isEqualTo(-123456789012345678L);
        assertThat(scanner.scan(ascii("1748735837099072512"), 0)).as("epoch nanoseconds").isEqualTo(19);
        assertThat(scanner.integer()).isEqualTo(1748735837099072512L);
        assertThat(scanner.scan(ascii("9223372036854775807"), 0)).isEqualTo(19);
        assertThat(scanner.integer()).isEqualTo(Long.MAX_VALUE);
        assertThat(scanner.scan(ascii("9223372036854775808"), 0)).as("past a long").isEqualTo(-1);
        assertThat(scanner.scan(ascii("12345678901234567890"), 0)).as("20 digits").isEqualTo(-1);
        assertThat(scanner.scan(ascii("1.5"), 0)).isEqualTo(3);
        assertThat(scanner.integral()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1.e5", "NaN", "Infinity", "-Infinity",
        "1e12345", "x"})
    void whatIsNotAJsonNumberOrTooLongAnExponentIsLeftToTheCaller(String text) {
        assertThat(scanner.scan(ascii(text), 0)).isEqualTo(-1);
    }

    @Test
    void endsWhereTheNumberEnds() {
        assertThat(scanner.scan(ascii("{\"a\": 12.5e-1}"), 6)).isEqualTo(13);
        assertThat(scanner.value()).isEqualTo(1.25);
    }

    private void assertSameAsParseDouble(String number) {
        int end = scanner.scan(ascii(number), 0);
        if (number.matches("-?\\d{19}") && new java.math.BigInteger(number).abs()
                .compareTo(java.math.BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            assertThat(end).as(number + " is past a long").isEqualTo(-1);
            return;
        }
        assertThat(end).as(number).isEqualTo(number.length());
        double expected = number.matches("-?\\d+") ? (double) Long.parseLong(number) : Double.parseDouble(number);
        assertThat(Double.doubleToRawLongBits(scanner.value())).as(number + " read as " + scanner.value()
                + ", not " + expected).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
