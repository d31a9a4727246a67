package io.plumbline.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RejectReasonTest {

    @Test
    void codesAreDistinctSnakeCaseNames() {
        assertThat(RejectReason.values()).allSatisfy(r -> assertThat(r.code()).matches("[a-z]+(_[a-z]+)*")
                .isEqualTo(r.name().toLowerCase(Locale.ROOT)));
        assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::code).distinct())
                .hasSize(RejectReason.values().length);
    }

    /** Dead-letter headers and metrics already carry these: they never change. */
    @Test
    void publishedCodesStayAsTheyWere() {
        Map<String, String> codes = Arrays.stream(RejectReason.values())
                .collect(Collectors.toMap(Enum::name, RejectReason::code));

        assertThat(codes).containsAllEntriesOf(Map.of(
                "MISSING_FIELD", "missing_field", "WRONG_TYPE", "wrong_type", "NON_FINITE_NUMBER", "non_finite_number",
                "IMPLAUSIBLE_TIMESTAMP", "implausible_timestamp", "UNDECODABLE", "undecodable", "LATE", "late",
                "NEGATIVE_COUNT", "negative_count", "END_BEFORE_START", "end_before_start",
                "INCONSISTENT_TOKENS", "inconsistent_tokens", "OUT_OF_RANGE", "out_of_range"));
    }
}
