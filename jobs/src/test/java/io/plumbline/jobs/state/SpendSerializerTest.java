package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.jobs.llm.Spend;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SpendSerializerTest {

    @Test
    void aSpendCrossesTheWireUnchanged() throws Exception {
        Spend spend = new Spend("acme-é/1", 1_748_779_200_123L, 0.000_123_4);
        DataOutputSerializer out = new DataOutputSerializer(32);
        SpendSerializer.INSTANCE.serialize(spend, out);
        DataOutputSerializer copied = new DataOutputSerializer(32);
        SpendSerializer.INSTANCE.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);

        assertThat(SpendSerializer.INSTANCE.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .isEqualTo(spend);
        assertThat(PlumblineTypes.SPEND.createSerializer(null)).isSameAs(SpendSerializer.INSTANCE);
    }
}
