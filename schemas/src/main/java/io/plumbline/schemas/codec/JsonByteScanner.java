package io.plumbline.schemas.codec;

import java.nio.charset.StandardCharsets;

/**
 * The pieces of JSON the fast paths read straight from an event's bytes: whitespace, punctuation, strings of
 * printable ASCII without escapes, the literals, and numbers ({@link JsonNumberScanner}). Whatever else it
 * meets it answers with {@link #NOT_SIMPLE}, thrown without a stack trace, and its caller hands the event to
 * Jackson. Not thread-safe; one per reader.
 */
final class JsonByteScanner {

    /** Leaves the event to Jackson; never escapes a fast path. */
    static final RuntimeException NOT_SIMPLE = new RuntimeException("not simple", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    private final JsonNumberScanner numbers = new JsonNumberScanner();
    private byte[] in;
    private int pos;
    private int stringStart;
    private int stringLength;

    /** Starts on {@code payload}, before its first byte. */
    void reset(byte[] payload) {
        in = payload;
        pos = 0;
    }

    /** Drops the payload, so that the scanner does not keep it alive. */
    void release() {
        in = null;
    }

    /** Requires that only whitespace is left. */
    void requireEnd() {
        skipWhitespace();
        if (pos != in.length) {
            throw NOT_SIMPLE;
        }
    }

    void skipWhitespace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The next byte, not consumed. */
    int peek() {
        if (pos >= in.length) {
            throw NOT_SIMPLE;
        }
        return in[pos];
    }

    void expect(char c) {
        if (!consume(c)) {
            throw NOT_SIMPLE;
        }
    }

    boolean consume(char c) {
        if (pos < in.length && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** The object member's name and the colon after it: its index in {@code names}; unknown names are not simple. */
    int memberName(byte[][] names) {
        skipWhitespace();
        string();
        int found = -1;
        for (int f = 0; f < names.length; f++) {
            if (names[f].length == stringLength && sameBytes(names[f], stringStart)) {
                found = f;
                break;
            }
        }
        if (found < 0) {
            throw NOT_SIMPLE;
        }
        skipWhitespace();
        expect(':');
        skipWhitespace();
        return found;
    }

    /** A string, looked up in {@code interner}. */
    String internedString(StringInterner interner) {
        string();
        return interner.internAscii(in, stringStart, stringLength);
    }

    /** A string, new: for values unique to an event, which would only evict an interner's vocabulary. */
    String newString() {
        string();
        return new String(in, stringStart, stringLength, StandardCharsets.ISO_8859_1);
    }

    /** Reads a string of printable ASCII without escapes. */
    private void string() {
        expect('"');
        byte[] bytes = in;
        for (int i = pos; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                stringStart = pos;
                stringLength = i - pos;
                pos = i + 1;
                return;
            }
            if (b < 0x20 || b == '\\' || b == 0x7F) { // a control byte, an escape, or (negative) not ASCII
                throw NOT_SIMPLE;
            }
        }
        throw NOT_SIMPLE;
    }

    /** true or false. */
    boolean bool() {
        if (peek() == 't') {
            literal(TRUE);
            return true;
        }
        literal(FALSE);
        return false;
    }

    /** Whether null comes next, consuming it if so. */
    boolean consumeNull() {
        if (pos < in.length && in[pos] == 'n') {
            literal(NULL);
            return true;
        }
        return false;
    }

    /** A finite number; NaN, Infinity and numbers beyond a double are not simple. */
    double finiteNumber() {
        int end = numbers.scan(in, pos);
        if (end < 0 || !Double.isFinite(numbers.value())) {
            throw NOT_SIMPLE;
        }
        pos = end;
        return numbers.value();
    }

    /** An integer within a long (Long.MIN_VALUE aside), written without fraction or exponent. */
    long integer() {
        int end = numbers.scan(in, pos);
        if (end < 0 || !numbers.integral()) {
            throw NOT_SIMPLE;
        }
        pos = end;
        return numbers.integer();
    }

    private void literal(byte[] word) {
        if (in.length - pos < word.length || !sameBytes(word, pos)) {
            throw NOT_SIMPLE;
        }
        pos += word.length;
    }

    private boolean sameBytes(byte[] expected, int at) {
        for (int k = 0; k < expected.length; k++) {
            if (in[at + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** The names a fast path knows, as the bytes they are matched against. */
    static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = ascii(names[i]);
        }
        return bytes;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
