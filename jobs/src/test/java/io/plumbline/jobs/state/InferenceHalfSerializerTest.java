package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.schemas.event.InferenceHalf;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The form in which a half waits in the pairing's state: read back from the file of version 1, written the same. */
class InferenceHalfSerializerTest {

    @Test
    void versionOneStillReads() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(golden());
        List<InferenceHalf> halves = new ArrayList<>();
        InferenceHalfSerializer serializer = new InferenceHalfSerializer();
        while (in.available() > 0) {
            halves.add(serializer.deserialize(in));
        }

        assertThat(halves).containsExactlyElementsOf(InferenceHalfSamples.golden());
        assertThat(halves.get(0).sourcePartition()).isEqualTo(1);
        assertThat(halves.get(0).sourceOffset()).isEqualTo(42);
    }

    @Test
    void todaysWriterStillWritesVersionOneByteForByte() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        InferenceHalfSerializer serializer = new InferenceHalfSerializer();
        for (InferenceHalf half : InferenceHalfSamples.golden()) {
            serializer.serialize(half, out);
        }

        assertThat(out.getCopyOfBuffer()).isEqualTo(golden());
    }

    @Test
    void aNegativeRowCountIsCorruptNotAnEmptyHalf() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        new InferenceHalfSerializer().serialize(new InferenceHalf("i", true, 1L, "m", null, List.of()), out);
        byte[] bytes = out.getCopyOfBuffer();
        // the row count is the last four bytes of a half without rows
        bytes[bytes.length - 4] = (byte) 0x80;

        assertThatThrownBy(() -> new InferenceHalfSerializer().deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("rows");
    }

    private static byte[] golden() throws IOException {
        try (InputStream in = InferenceHalfSerializerTest.class.getResourceAsStream(
                "/golden/" + InferenceHalfGoldenFileGenerator.FILE)) {
            assertThat(in).as("golden file on the test classpath").isNotNull();
            return in.readAllBytes();
        }
    }
}
