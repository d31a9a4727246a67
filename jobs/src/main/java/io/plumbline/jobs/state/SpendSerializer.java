package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.jobs.llm.Spend;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A spend crossing the shuffle to the budget stage: the owner, the time, the cost and the call's position;
 * never kept in state (the job's checkpoints are aligned, so none holds records in flight either).
 */
public final class SpendSerializer extends ShuffledSerializer<Spend> {

    public static final SpendSerializer INSTANCE = new SpendSerializer();

    @Override
    public void serialize(Spend spend, DataOutputView out) throws IOException {
        Wire.writeString(spend.owner(), out);
        out.writeLong(spend.timeMillis());
        out.writeDouble(spend.costUsd());
        out.writeInt(spend.sourcePartition());
        out.writeLong(spend.sourceOffset());
    }

    @Override
    public Spend deserialize(DataInputView in) throws IOException {
        return new Spend(Wire.readString(in), in.readLong(), in.readDouble(), in.readInt(), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Spend> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Spend> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
