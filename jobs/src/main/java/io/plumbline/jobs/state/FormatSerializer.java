package io.plumbline.jobs.state;

import java.io.IOException;

import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A serializer for a type that has its own versioned binary format (magic, version, payload):
 * Flink state holds exactly those bytes, length-prefixed, so a checkpoint stays readable as long
 * as the format's reader reads that version, independent of this class.
 *
 * <p>A copy goes through the format too. The heap state backend copies a value before a running
 * snapshot would see it change; a copy through the format is what a restore would produce.
 *
 * <p>Writing is not a pure read: a t-digest merges its buffered values when its centroids are read.
 * During an asynchronous snapshot the snapshot thread serializes a value while the task thread may
 * copy the same value (copy-on-write), so every write holds the value's monitor.
 */
abstract class FormatSerializer<T> extends TypeSerializerSingleton<T> {

    /** Called with the value's monitor held. */
    abstract byte[] write(T value);

    private byte[] writeLocked(T value) {
        synchronized (value) {
            return write(value);
        }
    }

    /** Reads bytes written by {@link #write}; throws IllegalArgumentException for bytes it cannot read. */
    abstract T read(byte[] bytes);

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final T copy(T from) {
        return read(writeLocked(from));
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final void serialize(T value, DataOutputView out) throws IOException {
        byte[] bytes = writeLocked(value);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("corrupt length " + length + " of a " + getClass().getSimpleName() + " value");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        try {
            return read(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }
}
