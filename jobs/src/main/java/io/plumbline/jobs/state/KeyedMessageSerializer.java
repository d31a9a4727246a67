package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.jobs.kafka.KeyedMessage;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** An encoded output record (drift stats, alerts) on its way to its sink. */
public final class KeyedMessageSerializer extends TypeSerializerSingleton<KeyedMessage> {

    public static final KeyedMessageSerializer INSTANCE = new KeyedMessageSerializer();

    /** Nothing changes the bytes of a message once it is built. */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public KeyedMessage createInstance() {
        return null;
    }

    @Override
    public KeyedMessage copy(KeyedMessage from) {
        return from;
    }

    @Override
    public KeyedMessage copy(KeyedMessage from, KeyedMessage reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyedMessage m, DataOutputView out) throws IOException {
        Wire.writeString(m.key(), out);
        Wire.writeBytes(m.value(), out);
    }

    @Override
    public KeyedMessage deserialize(DataInputView in) throws IOException {
        return new KeyedMessage(Wire.readString(in), Wire.readBytes(in));
    }

    @Override
    public KeyedMessage deserialize(KeyedMessage reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<KeyedMessage> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyedMessage> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
