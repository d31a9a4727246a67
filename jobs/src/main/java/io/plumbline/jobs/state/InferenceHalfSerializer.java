package io.plumbline.jobs.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.detectors.format.Varint;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.SourcePosition;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Half of a logged inference, on its way to its pairing and in the pairing's state while it waits for the other
 * half: the CloudEvent id, which half, its time, the model it names, where it was read, then its rows, each as
 * {@link PredictionRecordSerializer} writes a prediction.
 */
public final class InferenceHalfSerializer extends InterningRecordSerializer<InferenceHalf> {

    /** The prototype {@link PlumblineTypes} hands out duplicates of. */
    public static final InferenceHalfSerializer INSTANCE = new InferenceHalfSerializer();

    /** Far above a real batch; a half with more rows grows its list as it reads them. */
    private static final int MAX_PRESIZED_ROWS = 1024;

    private final transient PredictionRecordSerializer rows = new PredictionRecordSerializer();

    @Override
    public boolean isImmutableType() {
        return false; // its rows are mutable, and become the predictions when the halves are paired
    }

    @Override
    public TypeSerializer<InferenceHalf> duplicate() {
        return new InferenceHalfSerializer();
    }

    @Override
    public InferenceHalf createInstance() {
        return null;
    }

    @Override
    public InferenceHalf copy(InferenceHalf from) {
        List<PredictionRecord> copies = new ArrayList<>(from.rows().size());
        for (PredictionRecord row : from.rows()) {
            copies.add(row.copy());
        }
        InferenceHalf copy = new InferenceHalf(from.id(), from.isResponse(), from.timestamp(), from.modelId(),
                from.modelVersion(), copies);
        copy.locate(from.sourcePartition(), from.sourceOffset());
        return copy;
    }

    @Override
    public InferenceHalf copy(InferenceHalf from, InferenceHalf reuse) {
        return copy(from);
    }

    @Override
    public void serialize(InferenceHalf half, DataOutputView out) throws IOException {
        strings.write(half.id(), out);
        out.writeBoolean(half.isResponse());
        out.writeLong(half.timestamp());
        strings.write(half.modelId(), out);
        strings.write(half.modelVersion(), out);
        Varint.writeSigned(half.sourcePartition(), out);
        Varint.writeSigned(half.sourceOffset(), out);
        out.writeInt(half.rows().size());
        for (PredictionRecord row : half.rows()) {
            rows.serialize(row, out);
        }
    }

    @Override
    public InferenceHalf deserialize(DataInputView in) throws IOException {
        String id = strings.readOnce(in);
        boolean response = in.readBoolean();
        long timestamp = in.readLong();
        String modelId = strings.readInterned(in);
        String modelVersion = strings.readInterned(in);
        long partition = Varint.readSigned(in);
        if (partition < SourcePosition.UNKNOWN || partition > Integer.MAX_VALUE) {
            throw new IOException("corrupt source partition " + partition);
        }
        long offset = Varint.readSigned(in);
        int n = in.readInt();
        if (n < 0 || id == null || modelId == null) {
            throw new IOException("corrupt inference half: id " + id + ", model " + modelId + ", " + n + " rows");
        }
        List<PredictionRecord> read = new ArrayList<>(Math.min(n, MAX_PRESIZED_ROWS));
        for (int r = 0; r < n; r++) {
            read.add(rows.deserialize(in));
        }
        InferenceHalf half = new InferenceHalf(id, response, timestamp, modelId, modelVersion, read);
        half.locate((int) partition, offset);
        return half;
    }

    @Override
    public TypeSerializerSnapshot<InferenceHalf> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<InferenceHalf> {
        public Snapshot() {
            super(InferenceHalfSerializer::new);
        }
    }
}
