package io.plumbline.detectors.format;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The variable-length number of every format: unsigned LEB128, seven bits a byte, low bits first, the top bit
 * set on all but the last; one byte below 128, so small counts cost little, and ten at most. {@link BinaryWriter}
 * writes it into our formats, and serializers write it on any {@link DataOutput}.
 */
public final class Varint {
    /** 64 bits at 7 a byte. */
    public static final int MAX_BYTES = 10;

    private Varint() {
    }

    /** Writes {@code v}, read as unsigned, into {@code into} from {@code at}; returns the offset after it. */
    public static int encode(long v, byte[] into, int at) {
        while ((v & ~0x7FL) != 0) {
            into[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        into[at++] = (byte) v;
        return at;
    }

    /** Writes {@code v} as an unsigned 64-bit number. */
    public static void write(long v, DataOutput out) throws IOException {
        // A byte at a time: serializers write a few per record, and a buffer per number was most of their cost.
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long read(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("corrupt variable-length number: more than " + MAX_BYTES + " bytes");
    }

    /** A signed number whose magnitude is usually small, either sign: zigzag, so -1 costs a byte too. */
    public static void writeSigned(long v, DataOutput out) throws IOException {
        write((v << 1) ^ (v >> 63), out);
    }

    public static long readSigned(DataInput in) throws IOException {
        long zigzag = read(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }
}
