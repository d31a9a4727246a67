package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import io.plumbline.detectors.format.LlmProfileFormat;
import io.plumbline.jobs.llm.CallPartial;
import io.plumbline.jobs.llm.CallPartials;
import io.plumbline.jobs.testing.TriageCalls;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CallPartialSerializerTest {

    @Test
    void aPartialReadBackHasTheSameProfilePositionsAndSpends() throws Exception {
        Random random = new Random(5);
        // a day the built-in price table prices gpt-4o-mini on, so tenants' calls spend
        long windowStart = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
        CallPartials partials = new CallPartials(60_000, PriceTable.defaults(), 3, true);
        CallPartial partial = null;
        for (int i = 0; i < 200; i++) {
            LlmCallRecord.Builder builder = TriageCalls.ending("c" + i, windowStart + random.nextInt(60_000))
                    .promptVersion("v" + random.nextInt(5));
            if (i % 3 == 0) {
                builder.tenant("tenant-" + random.nextInt(4));
            }
            LlmCallRecord call = builder.build();
            call.locate(i % 3, i % 2 == 0 ? 9_000_000 + i : i);
            partial = partial == null ? partials.open(partials.key(call), windowStart) : partial;
            partials.add(partial, call);
        }

        byte[] bytes = write(partial);
        CallPartial read = CallPartialSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));

        assertThat(write(read)).isEqualTo(bytes);
        assertThat(read.key()).isEqualTo(partial.key());
        assertThat(read.windowStart()).isEqualTo(windowStart);
        assertThat(read.calls()).isEqualTo(200);
        assertThat(read.spends()).hasSize(67).isEqualTo(partial.spends());
        for (int i = 0; i < 200; i++) {
            assertThat(read.positions().offset(i)).isEqualTo(partial.positions().offset(i));
            assertThat(read.positions().time(i)).isEqualTo(partial.positions().time(i));
        }
        assertThat(LlmProfileFormat.write(read.profile())).isEqualTo(LlmProfileFormat.write(partial.profile()));
        assertThat(read.profile().variants()).as("three variants by name and the overflow").hasSize(4);
        assertThat(read.profile().requests()).isEqualTo(200);
    }

    private static byte[] write(CallPartial partial) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        CallPartialSerializer.INSTANCE.serialize(partial, out);
        return out.getCopyOfBuffer();
    }
}
