package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.jobs.llm.Spend;
import io.plumbline.schemas.event.SourcePosition;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SpendSerializerTest {

    @Test
    void aSpendCrossesTheWireUnchanged() throws Exception {
        Spend call = new Spend("acme-é/1", 1_748_779_200_123L, 0.000_123_4, 3, 9_876_543_210L);
        Spend window = new Spend("support-bot", 1_748_779_200_000L, 12.5);

        assertThat(crossed(call)).isEqualTo(call);
        assertThat(crossed(window)).isEqualTo(window);
        assertThat(window.sourcePartition()).isEqualTo(SourcePosition.UNKNOWN);
        assertThat(PlumblineTypes.SPEND.createSerializer(null)).isSameAs(SpendSerializer.INSTANCE);
    }

    private static Spend crossed(Spend spend) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(32);
        SpendSerializer.INSTANCE.serialize(spend, out);
        DataOutputSerializer copied = new DataOutputSerializer(32);
        SpendSerializer.INSTANCE.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        return SpendSerializer.INSTANCE.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()));
    }
}
