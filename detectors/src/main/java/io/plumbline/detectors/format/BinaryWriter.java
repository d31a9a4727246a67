package io.plumbline.detectors.format;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the primitives of our formats: unsigned LEB128 varints ({@link Varint}), big-endian ints, longs and
 * IEEE doubles, UTF-8 strings. A format starts with its header: {@link FormatHeader#writer}.
 */
public final class BinaryWriter {
    private byte[] bytes = new byte[256];
    private int size;

    BinaryWriter() {
    }

    public void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    public void u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    /** A non-negative long in 1 to 9 bytes. */
    public void varLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("cannot write a negative count: " + v);
        }
        ensure(Varint.MAX_BYTES);
        size = Varint.encode(v, bytes, size);
    }

    public void float64(double v) {
        int64(Double.doubleToRawLongBits(v));
    }

    /** Four bytes, big-endian two's complement. */
    public void int32(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    /** Eight bytes, big-endian two's complement. */
    public void int64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    /** Byte length as a varint, then UTF-8. */
    public void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varLong(utf8.length);
        bytes(utf8);
    }

    /**
     * A string as {@link java.io.DataOutput#writeUTF} writes it: a 2-byte length, then modified UTF-8; the
     * strings of the formats that began as java.io data streams. At most 65535 bytes.
     */
    public void javaUtf(String s) {
        ByteArrayOutputStream utf = new ByteArrayOutputStream(2 + s.length());
        try (DataOutputStream out = new DataOutputStream(utf)) {
            out.writeUTF(s);
        } catch (UTFDataFormatException e) {
            throw new IllegalArgumentException("a string of " + s.length() + " characters is too long for a 2-byte length", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes(utf.toByteArray());
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
        }
    }
}
