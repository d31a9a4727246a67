package io.plumbline.jobs.state;

import java.io.IOException;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A serializer of the events that cross a keyBy, with its own {@link InterningStrings}: stateful, so each
 * duplicate, and each copy Flink ships to a task, is a fresh instance for one thread. Instances are equal
 * when their classes are: the interner changes which String objects come back, never what they say.
 *
 * @param <T> the event
 */
abstract class InterningRecordSerializer<T> extends TypeSerializer<T> {

    /** Transient: a copy Flink deserializes is replaced by a fresh instance ({@link #readResolve}). */
    protected final transient InterningStrings strings = new InterningStrings();

    /** A fresh instance: its own strings. */
    @Override
    public abstract TypeSerializer<T> duplicate();

    /** Flink ships serializers to its tasks by Java serialization: each copy gets its own strings. */
    protected final Object readResolve() {
        return duplicate();
    }

    @Override
    public final int getLength() {
        return -1;
    }

    /** A new record each time, as Flink's network input asks for anyway. */
    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }
}
