package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.RawRecord;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The source's output. It is chained to the dead-letter router, which it reaches uncopied with
 * object reuse on; the serializer exists so that the stream has one that is not Kryo.
 */
public final class DecodedRecordSerializer extends TypeSerializerSingleton<DecodedRecord> {

    public static final DecodedRecordSerializer INSTANCE = new DecodedRecordSerializer();

    private static final byte ACCEPTED = 0;
    private static final byte REJECTED = 1;

    @Override
    public boolean isImmutableType() {
        return false; // the PredictionRecord inside is mutable
    }

    @Override
    public DecodedRecord createInstance() {
        return null;
    }

    @Override
    public DecodedRecord copy(DecodedRecord from) {
        return from.isAccepted() ? DecodedRecord.accepted(from.raw(), from.event().copy()) : from;
    }

    @Override
    public DecodedRecord copy(DecodedRecord from, DecodedRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DecodedRecord r, DataOutputView out) throws IOException {
        RawRecordFormat.write(r.raw(), out);
        if (r.isAccepted()) {
            out.writeByte(ACCEPTED);
            PredictionRecordSerializer.INSTANCE.serialize(r.event(), out);
        } else {
            out.writeByte(REJECTED);
            RawRecordFormat.writeReason(r.rejection().reason(), out);
            Wire.writeString(r.rejection().detail(), out);
        }
    }

    @Override
    public DecodedRecord deserialize(DataInputView in) throws IOException {
        RawRecord raw = RawRecordFormat.read(in);
        byte tag = in.readByte();
        return switch (tag) {
            case ACCEPTED -> DecodedRecord.accepted(raw, PredictionRecordSerializer.INSTANCE.deserialize(in));
            case REJECTED -> DecodedRecord.rejected(raw, RawRecordFormat.readReason(in), Wire.readString(in));
            default -> throw new IOException("corrupt decoded record tag " + tag);
        };
    }

    @Override
    public DecodedRecord deserialize(DecodedRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<DecodedRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DecodedRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
