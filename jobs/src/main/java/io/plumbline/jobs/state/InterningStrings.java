package io.plumbline.jobs.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.plumbline.detectors.format.Varint;
import io.plumbline.schemas.codec.StringInterner;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Strings across the shuffle as their bytes, read back through a {@link StringInterner}: feature names,
 * categories and model ids repeat in every event, so the receiving side gets the one object it had for the
 * last event, whose hash is cached, instead of a new String per value to hash again in every map lookup.
 * ASCII (the usual case) goes one byte a char, anything else as UTF-8.
 *
 * <p>A header, a variable-length number: 0 for null, else {@code (length << 1 | utf8) + 1}, then the length's
 * bytes. Holds a scratch buffer and the interner, so one instance per serializer instance, one thread.
 */
final class InterningStrings {

    private static final int SLOTS = 4096;

    private final StringInterner interner = new StringInterner(SLOTS);
    private byte[] scratch = new byte[64];

    void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int n = s.length();
        byte[] bytes = room(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                writeHeader(utf8.length, true, out);
                out.write(utf8);
                return;
            }
            bytes[i] = (byte) c;
        }
        writeHeader(n, false, out);
        out.write(bytes, 0, n);
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
        long length = (header - 1) >>> 1;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("corrupt string length " + length + " (header " + header + ")");
        }
        int n = (int) length;
        byte[] bytes = room(n);
        in.readFully(bytes, 0, n);
        if (((header - 1) & 1) != 0) {
            return new String(bytes, 0, n, StandardCharsets.UTF_8);
        }
        return intern ? interner.internAscii(bytes, 0, n) : new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static void writeHeader(int length, boolean utf8, DataOutputView out) throws IOException {
        Varint.write((((long) length << 1) | (utf8 ? 1 : 0)) + 1, out);
    }

    private byte[] room(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }
}
