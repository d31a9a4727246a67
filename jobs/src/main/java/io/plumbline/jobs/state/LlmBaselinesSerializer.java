package io.plumbline.jobs.state;

import io.plumbline.monitor.llm.LlmBaselines;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The baselines of one (service, prompt, operation)'s variants in keyed state, in their own binary format. */
public final class LlmBaselinesSerializer extends FormatSerializer<LlmBaselines> {

    public static final LlmBaselinesSerializer INSTANCE = new LlmBaselinesSerializer();

    @Override
    byte[] write(LlmBaselines value) {
        return value.toBytes();
    }

    @Override
    LlmBaselines read(byte[] bytes) {
        return LlmBaselines.fromBytes(bytes);
    }

    @Override
    public LlmBaselines createInstance() {
        return new LlmBaselines();
    }

    @Override
    public TypeSerializerSnapshot<LlmBaselines> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The bytes carry their own format version, so the serializer itself needs none. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LlmBaselines> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
