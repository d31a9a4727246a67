package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import io.plumbline.detectors.format.ProfileFormat;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.drift.PanePartial;
import io.plumbline.monitor.drift.PartialProfile;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PanePartialSerializerTest {

    @Test
    void aPartialReadBackHasTheSamePositionsAndMergesIntoTheSamePane() throws Exception {
        Random random = new Random(11);
        long paneStart = 1_700_000_040_000L;
        PanePartial partial = new PanePartial("1:m/v1", paneStart, new PartialProfile(4, 3));
        for (int i = 0; i < 300; i++) {
            PredictionRecord event = new PredictionRecord().reset("e" + i, paneStart + random.nextInt(60_000), "m", "v1");
            event.addNumber("x", random.nextGaussian());
            switch (random.nextInt(4)) {
                case 0 -> event.addMissing("c");
                case 1 -> event.addUnsupported("c");
                case 2 -> event.addNumber("c", 1);
                default -> event.addCategory("c", "k" + random.nextInt(5));
            }
            event.addNumber("f" + random.nextInt(9), 1);
            if (i % 9 == 0) {
                event.predictionMissing();
            } else {
                event.predictionCategory(random.nextBoolean() ? "yes" : "no");
            }
            // offsets go back as well as forth: two partitions interleave
            event.locate(i % 2, i % 2 == 0 ? 1_000_000 + i : 5 + i);
            partial.add(event);
        }

        byte[] bytes = write(partial);
        PanePartial read = PanePartialSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));

        assertThat(write(read)).isEqualTo(bytes);
        assertThat(read.key()).isEqualTo("1:m/v1");
        assertThat(read.paneStart()).isEqualTo(paneStart);
        assertThat(read.events()).isEqualTo(300);
        for (int i = 0; i < 300; i++) {
            assertThat(read.positions().partition(i)).isEqualTo(partial.positions().partition(i));
            assertThat(read.positions().offset(i)).isEqualTo(partial.positions().offset(i));
            assertThat(read.positions().time(i)).isEqualTo(partial.positions().time(i));
        }
        assertThat(merged(read)).isEqualTo(merged(partial));
    }

    private static byte[] merged(PanePartial partial) {
        ModelProfile pane = new ModelProfile();
        partial.profile().mergeInto(pane, new FeatureTypes(3));
        return ProfileFormat.write(pane);
    }

    private static byte[] write(PanePartial partial) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        PanePartialSerializer.INSTANCE.serialize(partial, out);
        return out.getCopyOfBuffer();
    }
}
