package io.plumbline.schemas.codec;

import java.math.BigInteger;

/**
 * The double nearest to a decimal {@code w × 10^q} (ties to even), as {@link Double#parseDouble} gives it,
 * without building a String: Clinger's exact fast path when both {@code w} and {@code 10^q} are exact doubles,
 * else the Eisel–Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per Second", 2021), which
 * multiplies {@code w} by a 128-bit approximation of {@code 5^q} and answers whenever those 128 bits decide
 * the rounding. Where they do not, or {@code w} was cut to 19 digits, {@link #NOT_DECIDED} tells the caller
 * to ask {@link Double#parseDouble}.
 */
final class DecimalToDouble {

    /** A NaN no JSON number produces; returned when only {@link Double#parseDouble} can decide. */
    static final double NOT_DECIDED = Double.NaN;

    private static final int SMALLEST_POWER = -342;
    private static final int LARGEST_POWER = 308;
    private static final int MANTISSA_BITS = 52;
    private static final int MINIMUM_EXPONENT = -1023;
    private static final int INFINITE_POWER = 0x7FF;
    private static final long MAX_EXACT_SIGNIFICAND = 1L << 53;
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    /** For each q from -342 to 308, the high and low 64 bits of 5^q scaled into [2^127, 2^128). */
    private static final long[] POWERS_OF_FIVE = powersOfFive();

    private DecimalToDouble() {
    }

    /**
     * @param negative the sign
     * @param w the significand's first 19 digits at most, as an unsigned long
     * @param q the power of ten
     * @return the nearest double, or {@link #NOT_DECIDED}
     */
    static double toDouble(boolean negative, long w, int q) {
        if (w == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (w > 0 && w <= MAX_EXACT_SIGNIFICAND && q >= -22 && q <= 22) {
            double d = (double) w;
            d = q < 0 ? d / EXACT_POWERS_OF_TEN[-q] : d * EXACT_POWERS_OF_TEN[q];
            return negative ? -d : d;
        }
        if (q < SMALLEST_POWER) {
            return negative ? -0.0 : 0.0;
        }
        if (q > LARGEST_POWER) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int index = 2 * (q - SMALLEST_POWER);
        long high = unsignedMultiplyHigh(w, POWERS_OF_FIVE[index]);
        long low = w * POWERS_OF_FIVE[index];
        long precisionMask = -1L >>> (MANTISSA_BITS + 3);
        if ((high & precisionMask) == precisionMask) {
            // the low bits of the first product may carry into those that decide: add the next 64 bits of 5^q
            long secondHigh = unsignedMultiplyHigh(w, POWERS_OF_FIVE[index + 1]);
            low += secondHigh;
            if (Long.compareUnsigned(secondHigh, low) > 0) {
                high++;
            }
        }
        if (low == -1L && (q < -27 || q > 55)) {
            return NOT_DECIDED; // the truncated 5^q leaves the product's rounding open
        }
        int upperBit = (int) (high >>> 63);
        int shift = upperBit + 64 - MANTISSA_BITS - 3;
        long mantissa = high >>> shift;
        int power2 = power(q) + upperBit - lz - MINIMUM_EXPONENT;
        if (power2 <= 0) {
            return NOT_DECIDED; // subnormal: rare in data, and Double.parseDouble rounds them right
        }
        // exactly halfway between two doubles: round to even, which only small powers of ten can produce
        if (Long.compareUnsigned(low, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && (mantissa << shift) == high) {
            mantissa &= ~1L;
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << MANTISSA_BITS)) {
            mantissa = 1L << MANTISSA_BITS;
            power2++;
        }
        mantissa &= ~(1L << MANTISSA_BITS);
        if (power2 >= INFINITE_POWER) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        long bits = mantissa | (long) power2 << MANTISSA_BITS | (negative ? Long.MIN_VALUE : 0);
        return Double.longBitsToDouble(bits);
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh from Java 18 on). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** floor(log2(10^q)) + 63, exact for the q used here. */
    private static int power(int q) {
        return (((152170 + 65536) * q) >> 16) + 63;
    }

    /**
     * 5^q for q ≥ 0 cut to its top 128 bits; for q < 0, 2^b / 5^-q rounded up and cut to 128 bits, b
     * chosen so that the quotient keeps at least 128 bits.
     */
    private static long[] powersOfFive() {
        long[] table = new long[2 * (LARGEST_POWER - SMALLEST_POWER + 1)];
        BigInteger five = BigInteger.valueOf(5);
        for (int q = SMALLEST_POWER; q <= LARGEST_POWER; q++) {
            BigInteger scaled;
            if (q >= 0) {
                BigInteger power = five.pow(q);
                int excess = power.bitLength() - 128;
                scaled = excess > 0 ? power.shiftRight(excess) : power.shiftLeft(-excess);
            } else {
                BigInteger power = five.pow(-q);
                int z = power.subtract(BigInteger.ONE).bitLength(); // the smallest z with 2^z ≥ 5^-q
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                scaled = BigInteger.ONE.shiftLeft(b).divide(power).add(BigInteger.ONE);
                int excess = scaled.bitLength() - 128;
                if (excess > 0) {
                    scaled = scaled.shiftRight(excess);
                }
            }
            int index = 2 * (q - SMALLEST_POWER);
            table[index] = scaled.shiftRight(64).longValue();
            table[index + 1] = scaled.longValue();
        }
        return table;
    }
}
