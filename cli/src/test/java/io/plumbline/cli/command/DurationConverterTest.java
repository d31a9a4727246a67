package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheShortFormsPeopleType() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(converter.convert("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT90S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThatThrownBy(() -> converter.convert("soon"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration");
    }
}
