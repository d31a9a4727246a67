package io.plumbline.jobs.state;

import java.io.IOException;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Nullable strings, byte arrays and variable-length numbers on Flink's data views, shared by our serializers. */
final class Wire {

    private Wire() {
    }

    /** Flink's own string encoding: compact for ASCII, any length, null-safe. */
    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** Length + 1, then the bytes; 0 for null. */
    static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
        if (bytes == null) {
            out.writeInt(0);
        } else {
            out.writeInt(bytes.length + 1);
            out.write(bytes);
        }
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        int lengthPlusOne = in.readInt();
        if (lengthPlusOne == 0) {
            return null;
        }
        if (lengthPlusOne < 0) {
            throw new IOException("corrupt byte array length " + (lengthPlusOne - 1));
        }
        byte[] bytes = new byte[lengthPlusOne - 1];
        in.readFully(bytes);
        return bytes;
    }

    /**
     * An unsigned 64-bit number, seven bits a byte, low bits first, the top bit set on all but the
     * last: one byte below 128, so small counts cost little; ten bytes at most.
     */
    static void writeVarLong(long v, DataOutputView out) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("corrupt variable-length number: more than 10 bytes");
    }

    /** A signed number whose magnitude is usually small, either sign: zigzag, so -1 costs a byte too. */
    static void writeVarSignedLong(long v, DataOutputView out) throws IOException {
        writeVarLong((v << 1) ^ (v >> 63), out);
    }

    static long readVarSignedLong(DataInputView in) throws IOException {
        long zigzag = readVarLong(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }
}
