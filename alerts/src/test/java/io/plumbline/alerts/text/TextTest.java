package io.plumbline.alerts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one duration format and the one spelling suggestion every message uses. */
class TextTest {

    @Test
    void aDurationIsWrittenInItsLargestWholeUnit() {
        assertThat(Durations.format(2 * 86_400_000L)).isEqualTo("2d");
        assertThat(Durations.format(3_600_000)).isEqualTo("1h");
        assertThat(Durations.format(90 * 60_000)).isEqualTo("90m");
        assertThat(Durations.format(10_000)).isEqualTo("10s");
        assertThat(Durations.format(1_500)).isEqualTo("1500ms");
        assertThat(Durations.format(0)).isEqualTo("0s");
    }

    @Test
    void suggestsTheNearestNameWithinAThirdOfItsLengthIgnoringCaseAndSeparators() {
        List<String> known = List.of("window.size", "window.slide", "model-idle-after", "plumbline.alerts");

        assertThat(Spelling.closest("window.sise", known)).isEqualTo("window.size");
        assertThat(Spelling.closest("MODEL_IDLE_AFTER", known)).isEqualTo("model-idle-after");
        assertThat(Spelling.closest("plumbline.alert", known)).isEqualTo("plumbline.alerts");
        assertThat(Spelling.closest("checkpoint", known)).isNull();
        assertThat(Spelling.closest("ab", List.of("xy"))).as("a short name allows one edit").isNull();
    }
}
