package io.plumbline.jobs.state;

import io.plumbline.alerts.llm.LlmRuleState;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** The LLM rules' memory of one (service, prompt, operation) in keyed state, in alerts' own binary format. */
public final class LlmRuleStateSerializer extends FormatSerializer<LlmRuleState> {

    public static final LlmRuleStateSerializer INSTANCE = new LlmRuleStateSerializer();

    @Override
    byte[] write(LlmRuleState value) {
        return value.toBytes();
    }

    @Override
    LlmRuleState read(byte[] bytes) {
        return LlmRuleState.fromBytes(bytes);
    }

    @Override
    public LlmRuleState createInstance() {
        return new LlmRuleState();
    }

    @Override
    public TypeSerializerSnapshot<LlmRuleState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The bytes carry their own format version, so the serializer itself needs none. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LlmRuleState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
