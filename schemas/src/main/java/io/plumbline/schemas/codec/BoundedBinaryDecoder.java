package io.plumbline.schemas.codec;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary decoder over one payload, believing no length the payload cannot hold. Avro allocates
 * a string, bytes or an array for the length the data declares before reading it, so a few bytes that
 * declare two gigabytes would make it allocate two gigabytes (and run out of memory) before finding
 * that the payload ends. Here a string or bytes longer than what is left, or more array items or map
 * entries than bytes left, ends the decode as an {@link EOFException} that says what was declared.
 * Every item of an event's arrays and maps takes at least one byte (a string, a key, a union index),
 * so no real event declares more items than it has bytes.
 *
 * <p>Strings up to {@link #SCRATCH_BYTES} are read through one reused buffer; longer ones through
 * their own, so that a long string is not kept beyond the decode.
 */
final class BoundedBinaryDecoder extends Decoder {

    private static final int SCRATCH_BYTES = 1024;
    private static final byte[] NOTHING = new byte[0];

    private final byte[] scratch = new byte[SCRATCH_BYTES];
    private BinaryDecoder in;

    /** Starts reading {@code payload} from {@code offset} to its end. */
    BoundedBinaryDecoder reset(byte[] payload, int offset) {
        in = DecoderFactory.get().binaryDecoder(payload, offset, payload.length - offset, in);
        return this;
    }

    /** Lets go of the payload, which the next {@link #reset} would only replace. */
    void release() {
        in = DecoderFactory.get().binaryDecoder(NOTHING, in);
    }

    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("a string of %d bytes");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("a string of %d bytes");
        byte[] bytes = length <= SCRATCH_BYTES ? scratch : new byte[length];
        in.readFixed(bytes, 0, length);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("%d bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset(), length);
        return result.limit(length);
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return items(in.readArrayStart(), "an array of %d items");
    }

    @Override
    public long arrayNext() throws IOException {
        return items(in.arrayNext(), "an array block of %d more items");
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return items(in.readMapStart(), "a map of %d entries");
    }

    @Override
    public long mapNext() throws IOException {
        return items(in.mapNext(), "a map block of %d more entries");
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    /** Reads the length of a string or bytes, which the rest of the payload must hold. */
    private int length(String declared) throws IOException {
        long length = in.readLong();
        if (length < 0) {
            throw new AvroRuntimeException("Malformed data. Length is negative: " + length);
        }
        return (int) items(length, declared);
    }

    private long items(long count, String declared) throws IOException {
        int left = in.inputStream().available();
        if (count > left) {
            throw new EOFException(String.format(declared, count) + " declared; bytes left: " + left);
        }
        return count;
    }
}
