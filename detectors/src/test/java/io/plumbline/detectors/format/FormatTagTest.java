package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatTagTest {

    @Test
    void noTwoFormatsShareAMagicOrAName() {
        Set<String> magics = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (FormatTag tag : FormatTag.values()) {
            assertThat(magics.add(tag.magicText())).as("magic of %s is unique", tag).isTrue();
            assertThat(names.add(tag.formatName())).as("name of %s is unique", tag).isTrue();
        }
    }

    @Test
    void everyMagicIsFourPrintableAsciiBytes() {
        for (FormatTag tag : FormatTag.values()) {
            byte[] magic = tag.magic();
            assertThat(magic).as("%s", tag).hasSize(4);
            assertThat(new String(magic, StandardCharsets.US_ASCII)).as("%s", tag).matches("[A-Z]{4}");
        }
    }

    @Test
    void aMagicNamesItsFormat() {
        for (FormatTag tag : FormatTag.values()) {
            assertThat(FormatTag.ofMagic(tag.magic())).isEqualTo(tag);
        }
        assertThat(FormatTag.ofMagic("PLXX".getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void theMagicHandedOutIsACopy() {
        byte[] magic = FormatTag.MODEL_PROFILE.magic();
        Arrays.fill(magic, (byte) 0);

        assertThat(FormatTag.MODEL_PROFILE.magicText()).isEqualTo("PLMP");
    }
}
