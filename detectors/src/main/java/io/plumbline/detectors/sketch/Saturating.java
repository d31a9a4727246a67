package io.plumbline.detectors.sketch;

/**
 * Sums that stop at the largest value their type holds instead of wrapping negative (longs) or becoming
 * infinite (doubles): what the totals of a window or of a merge of windows use; and a quotient that stays
 * finite, for the ratios and projections read from such totals.
 *
 * <p>Why saturate rather than sum exactly: no real window holds 2<sup>63</sup> tokens or $10<sup>308</sup>,
 * so a total that reaches either is already made of values no producer measured, and its digits beyond
 * "at least this much" mean nothing. Exact sums would need arbitrary-precision state and another binary
 * format for no reader's benefit; a saturated total stays a valid total (finite, ≥ 0, as large as the
 * type allows), is written and read back as any other, and the rules judge it as the huge number it is.
 */
public final class Saturating {

    private Saturating() {
    }

    /** a + b, or {@link Long#MAX_VALUE} (or {@link Long#MIN_VALUE}) where that would overflow. */
    public static long add(long a, long b) {
        long sum = a + b;
        // Overflow only when both have the sign the sum lacks.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /**
     * a + b within ±{@link Double#MAX_VALUE}: finite, where a plain sum of finite values may be infinite;
     * throws IllegalArgumentException for a NaN or an infinite term, which no total may take in.
     */
    public static double add(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("a saturating sum takes finite terms, got " + a + " + " + b);
        }
        return finite(a + b);
    }

    /**
     * dividend / divisor within ±{@link Double#MAX_VALUE}, for a finite dividend and a finite divisor &gt; 0:
     * a huge total over a tiny one is a huge ratio, not an infinite one. Throws IllegalArgumentException
     * otherwise (0 / 0 has no value to saturate to).
     */
    public static double quotient(double dividend, double divisor) {
        if (!Double.isFinite(dividend) || !(divisor > 0 && divisor < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a saturating quotient takes a finite dividend and a finite divisor > 0, got "
                    + dividend + " / " + divisor);
        }
        return finite(dividend / divisor);
    }

    /** An overflow of finite operands (±infinity) as the largest finite value of its sign. */
    private static double finite(double v) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, v));
    }
}
