package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatHeaderTest {

    private static BinaryReader reader(FormatTag format, byte[] bytes) {
        return new BinaryReader(bytes, format);
    }

    @Test
    void writesTheMagicThenTheVersionAndReadsBackTheVersion() {
        byte[] bytes = FormatHeader.writer(FormatTag.LLM_RULE_STATE, 2).toByteArray();

        assertThat(bytes).containsExactly('P', 'L', 'L', 'S', 2);
        BinaryReader in = reader(FormatTag.LLM_RULE_STATE, bytes);
        assertThat(FormatHeader.read(in, 1, 3)).isEqualTo(2);
        assertThat(in.remaining()).isZero();
    }

    @Test
    void refusesAnotherFormatsMagicNamingBoth() {
        byte[] baselines = FormatHeader.writer(FormatTag.LLM_BASELINES, 1).toByteArray();

        assertThatThrownBy(() -> FormatHeader.read(reader(FormatTag.LLM_RULE_STATE, baselines), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an LLM rule state: expected magic bytes 50 4C 4C 53 (\"PLLS\"), "
                        + "found 50 4C 42 42 (\"PLBB\", the magic of LLM baselines)");
    }

    @Test
    void refusesForeignBytesShowingWhatItFound() {
        byte[] json = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FormatHeader.read(reader(FormatTag.LLM_BASELINES, json), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not LLM baselines: expected magic bytes 50 4C 42 42 (\"PLBB\"), found 7B 22 61 22");
    }

    @Test
    void refusesAnUnknownVersionNamingTheVersionsItReads() {
        byte[] future = FormatHeader.writer(FormatTag.CALL_PROFILE, 4).toByteArray();
        byte[] zero = FormatHeader.writer(FormatTag.LLM_RULE_STATE, 0).toByteArray();

        assertThatThrownBy(() -> FormatHeader.read(reader(FormatTag.CALL_PROFILE, future), 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported call profile format version 4: this reader knows versions 1 to 3");
        assertThatThrownBy(() -> FormatHeader.read(reader(FormatTag.LLM_RULE_STATE, zero), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported LLM rule state format version 0: this reader knows version 1");
    }

    @Test
    void refusesAHeaderCutShort() {
        assertThatThrownBy(() -> FormatHeader.read(reader(FormatTag.ALERT_BOOK, new byte[] {'P', 'L', 'A', 'B'}), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an alert book: 4 bytes, too short for the 5-byte header (\"PLAB\" and a version)");
        assertThatThrownBy(() -> FormatHeader.read(reader(FormatTag.MODEL_PROFILE, new byte[0]), 1))
                .hasMessage("not a model profile: 0 bytes, too short for the 5-byte header (\"PLMP\" and a version)");
    }

    @Test
    void aVersionIsOneByte() {
        assertThatThrownBy(() -> FormatHeader.writer(FormatTag.MODEL_PROFILE, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a format version is a byte, got 256");
    }
}
