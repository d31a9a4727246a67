package io.plumbline.jobs.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.plumbline.detectors.format.Varint;
import io.plumbline.schemas.codec.StringInterner;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Strings in Flink's own {@code StringValue} encoding, the bytes our serializers have always written, read
 * back through a {@link StringInterner}: feature names, categories and model ids repeat in every event, so
 * the receiving side gets the one object it had for the last event, whose hash is cached, instead of a new
 * String per value to hash again in every map lookup. {@code StringValue} itself goes a char at a time
 * through a thread-local buffer, which profiles showed to be most of a record's cost.
 *
 * <p>The encoding: the length plus one as a variable-length number (0 for null), then each char as one:
 * ASCII, the usual case, is a byte a char. Holds a scratch buffer and the interner, so one instance per
 * serializer instance, which one thread uses.
 */
final class InterningStrings {

    private static final int SLOTS = 4096;
    /** A char takes at most three bytes, seven bits each. */
    private static final int MAX_BYTES_PER_CHAR = 3;

    private final StringInterner interner = new StringInterner(SLOTS);
    private byte[] scratch = new byte[64];

    void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int n = s.length();
        // The header and the chars go out in one write: a call per byte through Flink's output view costs more.
        byte[] bytes = room(Varint.MAX_BYTES + (long) n * MAX_BYTES_PER_CHAR);
        int at = Varint.encode(n + 1L, bytes, 0);
        for (int i = 0; i < n; i++) {
            int c = s.charAt(i);
            while (c >= 0x80) {
                bytes[at++] = (byte) (c | 0x80);
                c >>>= 7;
            }
            bytes[at++] = (byte) c;
        }
        out.write(bytes, 0, at);
    }

    /** A string that may repeat, such as a name or a category: looked up in the interner. */
    String readInterned(DataInputView in) throws IOException {
        return read(in, true);
    }

    /** A string that is new every time, such as an event id: interning it would only evict the names. */
    String readOnce(DataInputView in) throws IOException {
        return read(in, false);
    }

    private String read(DataInputView in, boolean intern) throws IOException {
        long header = Varint.read(in);
        if (header == 0) {
            return null;
        }
        if (header - 1 > Integer.MAX_VALUE) {
            throw new IOException("corrupt string length " + (header - 1));
        }
        int n = (int) (header - 1);
        // Every char takes at least its one byte: read those, and only look further for chars past ASCII.
        byte[] bytes = room(n);
        in.readFully(bytes, 0, n);
        for (int i = 0; i < n; i++) {
            if (bytes[i] < 0) {
                return decodeWide(bytes, i, n, in);
            }
        }
        return intern ? interner.internAscii(bytes, 0, n) : new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The chars of a string with one past ASCII at {@code first}, whose n bytes read so far are in {@code bytes}. */
    private static String decodeWide(byte[] bytes, int first, int n, DataInputView in) throws IOException {
        char[] chars = new char[n];
        for (int i = 0; i < first; i++) {
            chars[i] = (char) bytes[i];
        }
        int at = first;
        for (int i = first; i < n; i++) {
            int c = 0;
            for (int shift = 0; ; shift += 7) {
                int b = at < n ? bytes[at++] & 0xFF : in.readUnsignedByte();
                if (shift > 14) {
                    throw new IOException("corrupt string: a char of more than " + MAX_BYTES_PER_CHAR + " bytes");
                }
                c |= (b & 0x7F) << shift;
                if (b < 0x80) {
                    break;
                }
            }
            chars[i] = (char) c;
        }
        return new String(chars);
    }

    private byte[] room(long n) {
        if (scratch.length < n) {
            scratch = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(n, scratch.length * 2L))];
        }
        return scratch;
    }
}
