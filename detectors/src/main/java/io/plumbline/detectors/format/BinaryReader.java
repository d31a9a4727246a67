package io.plumbline.detectors.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryWriter} writes. Every fault (truncation, an over-long varint, a length larger
 * than what is left, malformed UTF-8) is an IllegalArgumentException naming the offset, so a corrupt
 * input never turns into a huge allocation or a silent misread.
 */
final class BinaryReader {
    private final byte[] bytes;
    private final String what;
    private int position;

    BinaryReader(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(bytes, position, b, 0, n);
        position += n;
        return b;
    }

    int u8() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    long varLong() {
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
    int count(int minBytesEach) {
        int start = position;
        long n = varLong();
        if (n > (long) remaining() / minBytesEach) {
            throw fault("count " + n + " at offset " + start + " exceeds the " + remaining() + " bytes left");
        }
        return (int) n;
    }

    double float64() {
        return Double.longBitsToDouble(int64());
    }

    long int64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    String string() {
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

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    void expectEnd() {
        if (remaining() != 0) {
            throw fault(remaining() + " unexpected bytes after the end, at offset " + position);
        }
    }

    IllegalArgumentException fault(String detail) {
        return new IllegalArgumentException("corrupt " + what + ": " + detail);
    }

    private void need(int n) {
        if (remaining() < n) {
            throw fault("truncated at offset " + position + ", " + n + " more bytes needed, " + remaining() + " left");
        }
    }
}
