package io.plumbline.schemas.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads one JSON number from bytes (RFC 8259: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}) to
 * the double Jackson gives for it: an integer literal within a long as that long converted to double, any
 * other as the correctly rounded double ({@link DecimalToDouble}). Anything it does not take on (more digits,
 * a huge exponent) it leaves to the caller. Not thread-safe: the result lives in the scanner.
 */
final class JsonNumberScanner {

    private static final int MAX_SIGNIFICANT_DIGITS = 19;
    private static final int MAX_EXPONENT_DIGITS = 4;

    private double value;
    private boolean integral;
    private long integer;

    /** The number read by the last successful {@link #scan}. */
    double value() {
        return value;
    }

    /** Whether it was written as an integer (no fraction, no exponent); then {@link #integer()} holds it. */
    boolean integral() {
        return integral;
    }

    long integer() {
        return integer;
    }

    /**
     * Reads the number starting at {@code start}; returns the offset after it, or -1 when the bytes there are
     * not a number this scanner takes on (malformed, or too long to read exactly here).
     */
    int scan(byte[] in, int start) {
        int end = in.length;
        int i = start;
        boolean negative = i < end && in[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= end || !isDigit(in[i])) {
            return -1;
        }
        long significand = 0;
        int digits = 0; // significant digits taken into the significand
        int exponent = 0;
        if (in[i] == '0') {
            i++;
            if (i < end && isDigit(in[i])) {
                return -1; // a leading zero
            }
        } else {
            for (; i < end && isDigit(in[i]); i++) {
                if (digits == MAX_SIGNIFICANT_DIGITS) {
                    return -1;
                }
                significand = 10 * significand + (in[i] - '0');
                digits++;
            }
        }
        integral = true;
        if (i < end && in[i] == '.') {
            integral = false;
            i++;
            int first = i;
            for (; i < end && isDigit(in[i]); i++) {
                if (digits == 0 && in[i] == '0') {
                    exponent--; // a zero before the first significant digit only moves the point
                    continue;
                }
                if (digits == MAX_SIGNIFICANT_DIGITS) {
                    return -1;
                }
                significand = 10 * significand + (in[i] - '0');
                digits++;
                exponent--;
            }
            if (i == first) {
                return -1;
            }
        }
        if (i < end && (in[i] == 'e' || in[i] == 'E')) {
            integral = false;
            i++;
            boolean negativeExponent = false;
            if (i < end && (in[i] == '+' || in[i] == '-')) {
                negativeExponent = in[i] == '-';
                i++;
            }
            int first = i;
            int written = 0;
            for (; i < end && isDigit(in[i]); i++) {
                if (i - first == MAX_EXPONENT_DIGITS) {
                    return -1;
                }
                written = 10 * written + (in[i] - '0');
            }
            if (i == first) {
                return -1;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (integral) {
            if (significand < 0) {
                return -1; // 19 digits beyond Long.MAX_VALUE
            }
            integer = negative ? -significand : significand;
            value = integer;
            return i;
        }
        double d = DecimalToDouble.toDouble(negative, significand, exponent);
        if (Double.isNaN(d)) {
            d = Double.parseDouble(new String(in, start, i - start, StandardCharsets.ISO_8859_1));
        }
        value = d;
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
