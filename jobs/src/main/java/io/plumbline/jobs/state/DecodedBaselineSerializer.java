package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.jobs.kafka.DecodedBaseline;
import io.plumbline.jobs.kafka.RawRecord;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The baselines source's output, chained to its router; the serializer exists so that the stream
 * has one that is not Kryo. An accepted record's baseline is the raw value decoded, so only the raw
 * record is written and the baseline is decoded again on read.
 */
public final class DecodedBaselineSerializer extends TypeSerializerSingleton<DecodedBaseline> {

    public static final DecodedBaselineSerializer INSTANCE = new DecodedBaselineSerializer();

    private static final byte ACCEPTED = 0;
    private static final byte REJECTED = 1;

    @Override
    public boolean isImmutableType() {
        return false; // the profile inside is mutable
    }

    @Override
    public DecodedBaseline createInstance() {
        return null;
    }

    @Override
    public DecodedBaseline copy(DecodedBaseline from) {
        return from.isAccepted()
                ? DecodedBaseline.accepted(from.raw(), ReferenceBaselineSerializer.INSTANCE.copy(from.baseline()))
                : from;
    }

    @Override
    public DecodedBaseline copy(DecodedBaseline from, DecodedBaseline reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DecodedBaseline r, DataOutputView out) throws IOException {
        RawRecordFormat.write(r.raw(), out);
        if (r.isAccepted()) {
            out.writeByte(ACCEPTED);
        } else {
            out.writeByte(REJECTED);
            RawRecordFormat.writeReason(r.rejection().reason(), out);
            Wire.writeString(r.rejection().detail(), out);
        }
    }

    @Override
    public DecodedBaseline deserialize(DataInputView in) throws IOException {
        RawRecord raw = RawRecordFormat.read(in);
        byte tag = in.readByte();
        return switch (tag) {
            case ACCEPTED -> DecodedBaseline.accepted(raw, ReferenceBaselineSerializer.INSTANCE.read(raw.value()));
            case REJECTED -> DecodedBaseline.rejected(raw, RawRecordFormat.readReason(in), Wire.readString(in));
            default -> throw new IOException("corrupt decoded baseline tag " + tag);
        };
    }

    @Override
    public DecodedBaseline deserialize(DecodedBaseline reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<DecodedBaseline> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DecodedBaseline> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
