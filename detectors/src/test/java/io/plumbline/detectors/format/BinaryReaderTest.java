package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The primitives of the formats that began as java.io data streams, against java.io itself. */
class BinaryReaderTest {

    private static final String[] STRINGS = {"", "gpt-4o", "n\u0000ul", "caf\u00e9", "\u20ac", "\ud83d\ude80 launch"};

    @Test
    void writesIntsLongsAndStringsAsJavaIoDoes() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        BinaryWriter out = new BinaryWriter();
        data.writeInt(-7);
        out.int32(-7);
        data.writeLong(1L << 40);
        out.int64(1L << 40);
        for (String s : STRINGS) {
            data.writeUTF(s);
            out.javaUtf(s);
        }

        assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
        BinaryReader in = new BinaryReader(expected.toByteArray(), FormatTag.LLM_RULE_STATE);
        assertThat(in.int32()).isEqualTo(-7);
        assertThat(in.int64()).isEqualTo(1L << 40);
        for (String s : STRINGS) {
            assertThat(in.javaUtf()).isEqualTo(s);
        }
        in.expectEnd();
    }

    @Test
    void refusesAStringCutShortOrMalformed() {
        BinaryWriter out = new BinaryWriter();
        out.javaUtf("gpt-4o");
        byte[] bytes = out.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        byte[] malformed = bytes.clone();
        malformed[3] = (byte) 0xFF;

        assertThatThrownBy(() -> new BinaryReader(cut, FormatTag.LLM_BASELINES).javaUtf())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt LLM baselines: truncated at offset 2, 6 more bytes needed, 5 left");
        assertThatThrownBy(() -> new BinaryReader(malformed, FormatTag.LLM_BASELINES).javaUtf())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt LLM baselines: malformed modified UTF-8 string at offset 0");
    }

    @Test
    void refusesAStringTooLongForItsLength() {
        assertThatThrownBy(() -> new BinaryWriter().javaUtf("x".repeat(65_536)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a string of 65536 characters is too long for a 2-byte length");
    }

    @Test
    void refusesAFixedCountThatCannotFit() {
        BinaryWriter out = new BinaryWriter();
        out.int32(-1);
        BinaryWriter big = new BinaryWriter();
        big.int32(3);
        big.int64(0);

        assertThatThrownBy(() -> new BinaryReader(out.toByteArray(), FormatTag.LLM_RULE_STATE).fixedCount(1))
                .hasMessage("corrupt LLM rule state: count -1 at offset 0 does not fit the 0 bytes left");
        assertThatThrownBy(() -> new BinaryReader(big.toByteArray(), FormatTag.LLM_RULE_STATE).fixedCount(4))
                .hasMessage("corrupt LLM rule state: count 3 at offset 0 does not fit the 8 bytes left");
        assertThat(new BinaryReader(big.toByteArray(), FormatTag.LLM_RULE_STATE).fixedCount(2)).isEqualTo(3);
    }
}
