package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.jobs.kafka.DeadLetter;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A rejected record on its way to the dead-letter sink. */
public final class DeadLetterSerializer extends TypeSerializerSingleton<DeadLetter> {

    public static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer();

    /** Records and byte arrays never change once built. */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public DeadLetter createInstance() {
        return null;
    }

    @Override
    public DeadLetter copy(DeadLetter from) {
        return from;
    }

    @Override
    public DeadLetter copy(DeadLetter from, DeadLetter reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DeadLetter d, DataOutputView out) throws IOException {
        RawRecordFormat.write(d.raw(), out);
        RawRecordFormat.writeReason(d.reason(), out);
        Wire.writeString(d.detail(), out);
    }

    @Override
    public DeadLetter deserialize(DataInputView in) throws IOException {
        return new DeadLetter(RawRecordFormat.read(in), RawRecordFormat.readReason(in), Wire.readString(in));
    }

    @Override
    public DeadLetter deserialize(DeadLetter reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
