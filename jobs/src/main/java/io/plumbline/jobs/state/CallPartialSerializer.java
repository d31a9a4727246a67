package io.plumbline.jobs.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.detectors.format.LlmProfileFormat;
import io.plumbline.detectors.format.Varint;
import io.plumbline.jobs.llm.CallPartial;
import io.plumbline.jobs.llm.Spend;
import io.plumbline.jobs.window.SourcePositions;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A call partial crossing the shuffle to the LLM stage: the route's profile in detectors' LlmProfileFormat,
 * the calls' positions as {@link SourcePositionsWire} writes them, and the tenants' spends as
 * {@link SpendSerializer} does.
 */
public final class CallPartialSerializer extends ShuffledSerializer<CallPartial> {

    public static final CallPartialSerializer INSTANCE = new CallPartialSerializer();

    @Override
    public void serialize(CallPartial partial, DataOutputView out) throws IOException {
        Wire.writeString(partial.key(), out);
        out.writeLong(partial.windowStart());
        Wire.writeBytes(LlmProfileFormat.write(partial.profile()), out);
        SourcePositionsWire.write(partial.positions(), partial.windowStart(), out);
        Varint.write(partial.spends().size(), out);
        for (Spend spend : partial.spends()) {
            SpendSerializer.INSTANCE.serialize(spend, out);
        }
    }

    @Override
    public CallPartial deserialize(DataInputView in) throws IOException {
        String key = Wire.readString(in);
        long windowStart = in.readLong();
        byte[] profile = Wire.readBytes(in);
        SourcePositions positions = SourcePositionsWire.read(windowStart, in);
        long count = Varint.read(in);
        if (count > positions.size()) {
            throw new IOException("unreadable call partial of " + key + ": " + count + " spends of "
                    + positions.size() + " calls");
        }
        List<Spend> spends = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            spends.add(SpendSerializer.INSTANCE.deserialize(in));
        }
        try {
            return new CallPartial(key, windowStart, LlmProfileFormat.readRouteProfile(profile), positions, spends);
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable call partial of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TypeSerializerSnapshot<CallPartial> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CallPartial> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
