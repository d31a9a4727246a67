package io.plumbline.detectors.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends the primitives of our formats: unsigned LEB128 varints, big-endian longs and IEEE doubles, UTF-8 strings. */
final class BinaryWriter {
    private byte[] bytes = new byte[256];
    private int size;

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    void u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    /** A non-negative long in 1 to 9 bytes: 7 bits a byte, low bits first, high bit set on all but the last. */
    void varLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("cannot write a negative count: " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    void float64(double v) {
        int64(Double.doubleToRawLongBits(v));
    }

    /** Eight bytes, big-endian two's complement. */
    void int64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varLong(utf8.length);
        bytes(utf8);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
        }
    }
}
