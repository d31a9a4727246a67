package io.plumbline.detectors.format;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryWriter} writes, in bytes of one {@link FormatTag format}, whose header
 * {@link FormatHeader#read} checks first. Every fault (truncation, an over-long varint, a length larger
 * than what is left, malformed UTF-8) is an IllegalArgumentException naming the format and the offset, so
 * a corrupt input never turns into a huge allocation or a silent misread.
 */
public final class BinaryReader {
    private final byte[] bytes;
    private final FormatTag format;
    private int position;

    public BinaryReader(byte[] bytes, FormatTag format) {
        this.bytes = bytes;
        this.format = format;
    }

    public FormatTag format() {
        return format;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(bytes, position, b, 0, n);
        position += n;
        return b;
    }

    public int u8() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    public long varLong() {
        int start = position;
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw fault("malformed count at offset " + start);
    }

    /** A count of items that take at least {@code minBytesEach} bytes each, checked against what is left. */
    public int count(int minBytesEach) {
        int start = position;
        long n = varLong();
        if (n > (long) remaining() / minBytesEach) {
            throw fault("count " + n + " at offset " + start + " exceeds the " + remaining() + " bytes left");
        }
        return (int) n;
    }

    /** A count written as 4 bytes ({@link BinaryWriter#int32}), of items that take at least {@code minBytesEach} bytes each. */
    public int fixedCount(int minBytesEach) {
        int start = position;
        int n = int32();
        if (n < 0 || n > remaining() / minBytesEach) {
            throw fault("count " + n + " at offset " + start + " does not fit the " + remaining() + " bytes left");
        }
        return n;
    }

    public double float64() {
        return Double.longBitsToDouble(int64());
    }

    public int int32() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    public long int64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    public String string() {
        int start = position;
        int length = count(1);
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length))
                    .toString();
            position += length;
            return s;
        } catch (CharacterCodingException e) {
            throw fault("malformed UTF-8 string at offset " + start);
        }
    }

    /** Reads what {@link BinaryWriter#javaUtf} writes. */
    public String javaUtf() {
        int start = position;
        need(2);
        int length = (bytes[position] & 0xFF) << 8 | (bytes[position + 1] & 0xFF);
        position += 2;
        need(length);
        try {
            String s = new DataInputStream(new ByteArrayInputStream(bytes, start, 2 + length)).readUTF();
            position += length;
            return s;
        } catch (IOException e) {
            throw fault("malformed modified UTF-8 string at offset " + start);
        }
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return bytes.length - position;
    }

    public void expectEnd() {
        if (remaining() != 0) {
            throw fault(remaining() + " unexpected bytes after the end, at offset " + position);
        }
    }

    public IllegalArgumentException fault(String detail) {
        return new IllegalArgumentException("corrupt " + format.formatName() + ": " + detail);
    }

    private void need(int n) {
        if (remaining() < n) {
            throw fault("truncated at offset " + position + ", " + n + " more bytes needed, " + remaining() + " left");
        }
    }
}
