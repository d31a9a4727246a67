package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.jobs.drift.Baseline;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A baseline in keyed state: its window bounds, then its profile in detectors' ProfileFormat. */
public final class BaselineSerializer extends TypeSerializerSingleton<Baseline> {

    public static final BaselineSerializer INSTANCE = new BaselineSerializer();

    /**
     * A baseline is never updated, but comparing with it reads its digests, and reading a digest
     * can merge its buffers: it must be copied like any mutable value while a snapshot holds it.
     */
    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Baseline createInstance() {
        return null;
    }

    @Override
    public Baseline copy(Baseline from) {
        return new Baseline(ModelProfileSerializer.INSTANCE.copy(from.profile()), from.windowStart(), from.windowEnd());
    }

    @Override
    public Baseline copy(Baseline from, Baseline reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Baseline b, DataOutputView out) throws IOException {
        out.writeLong(b.windowStart());
        out.writeLong(b.windowEnd());
        ModelProfileSerializer.INSTANCE.serialize(b.profile(), out);
    }

    @Override
    public Baseline deserialize(DataInputView in) throws IOException {
        long start = in.readLong();
        long end = in.readLong();
        return new Baseline(ModelProfileSerializer.INSTANCE.deserialize(in), start, end);
    }

    @Override
    public Baseline deserialize(Baseline reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    /** The window bounds and the profile's length-prefixed bytes as they are: a copy never decodes a profile. */
    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, 2 * Long.BYTES);
        ModelProfileSerializer.INSTANCE.copy(source, target);
    }

    @Override
    public TypeSerializerSnapshot<Baseline> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Baseline> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
