package io.plumbline.jobs.state;

import java.io.IOException;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Nullable strings and byte arrays on Flink's data views, shared by our serializers; variable-length numbers
 * are detectors' {@link io.plumbline.detectors.format.Varint}.
 */
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
}
