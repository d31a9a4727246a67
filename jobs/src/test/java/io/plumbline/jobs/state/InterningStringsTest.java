package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** Our string encoding is Flink's StringValue's, byte for byte, both ways, so no serializer's format changed. */
class InterningStringsTest {

    private final InterningStrings strings = new InterningStrings();

    @Test
    void writesAndReadsWhatStringValueDoes() throws IOException {
        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < 20_000; i++) {
            String s = i == 0 ? null : randomString(random);
            DataOutputSerializer ours = new DataOutputSerializer(64);
            strings.write(s, ours);
            DataOutputSerializer flinks = new DataOutputSerializer(64);
            StringValue.writeString(s, flinks);

            assertThat(ours.getCopyOfBuffer()).as("%s", s).isEqualTo(flinks.getCopyOfBuffer());
            DataInputDeserializer in = new DataInputDeserializer(flinks.getCopyOfBuffer());
            assertThat(i % 2 == 0 ? strings.readInterned(in) : strings.readOnce(in)).isEqualTo(s);
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void aRepeatedAsciiStringComesBackAsOneObject() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        strings.write("eu-" + "west", out);
        strings.write("eu-" + "west", out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

        assertThat(strings.readInterned(in)).isSameAs(strings.readInterned(in));
    }

    @Test
    void aCorruptLengthIsRefused() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (int i = 0; i < 6; i++) {
            out.write(0xFF);
        }
        out.write(0x7F);

        assertThatThrownBy(() -> strings.readOnce(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt string length");
    }

    /** ASCII mostly, some Latin-1, CJK and lone surrogates, some long enough to grow the scratch buffer. */
    private static String randomString(SplittableRandom random) {
        int length = random.nextInt(8) == 0 ? random.nextInt(200, 3000) : random.nextInt(0, 40);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) switch (random.nextInt(10)) {
                case 0 -> random.nextInt(0x80, 0x800);
                case 1 -> random.nextInt(0x800, 0x10000);
                default -> random.nextInt(0, 0x80);
            });
        }
        return s.toString();
    }
}
