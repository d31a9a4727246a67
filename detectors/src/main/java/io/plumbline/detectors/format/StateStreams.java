package io.plumbline.detectors.format;

import io.plumbline.detectors.llm.CallVariant;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The parts the small keyed-state formats written with {@code java.io} data streams share (the LLM
 * rule state, the LLM baselines): a 4-byte magic and a version byte, and call variants.
 */
public final class StateStreams {
    private StateStreams() {
    }

    /** The magic of four ASCII characters, e.g. {@code "PLLS"}, as the int the header holds. */
    public static int magic(String fourCharacters) {
        byte[] b = fourCharacters.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4) {
            throw new IllegalArgumentException("a magic is 4 ASCII characters, got '" + fourCharacters + "'");
        }
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    public static void writeHeader(DataOutput out, int magic, int version) throws IOException {
        out.writeInt(magic);
        out.writeByte(version);
    }

    /** Reads and checks the header; throws IllegalArgumentException naming {@code what} and the fault. */
    public static void readHeader(DataInput in, int magic, int version, String what) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new IllegalArgumentException(String.format("not %s: magic 0x%08x, expected 0x%08x (\"%s\")",
                    what, found, magic, new String(new byte[] {(byte) (magic >>> 24), (byte) (magic >>> 16),
                        (byte) (magic >>> 8), (byte) magic}, StandardCharsets.US_ASCII)));
        }
        int foundVersion = in.readUnsignedByte();
        if (foundVersion != version) {
            throw new IllegalArgumentException("unsupported format version " + foundVersion + " of " + what
                    + "; this build reads version " + version);
        }
    }

    public static void writeVariant(DataOutput out, CallVariant variant) throws IOException {
        out.writeUTF(variant.provider());
        out.writeUTF(variant.model());
        out.writeUTF(variant.promptVersion());
    }

    public static CallVariant readVariant(DataInput in) throws IOException {
        return new CallVariant(in.readUTF(), in.readUTF(), in.readUTF());
    }
}
