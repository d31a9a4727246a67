package io.plumbline.detectors.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorCountsTest {

    @Test
    void typesPastTheLimitAreCountedAsOther() {
        ErrorCounts errors = new ErrorCounts();
        for (int i = 0; i < ErrorCounts.MAX_TYPES + 8; i++) {
            errors.add("type-" + i);
            errors.add("type-" + i);
        }

        assertThat(errors.total()).isEqualTo(2L * (ErrorCounts.MAX_TYPES + 8));
        assertThat(errors.byType()).hasSize(ErrorCounts.MAX_TYPES + 1);
        assertThat(errors.byType()).contains(entry("type-0", 2L), entry(ErrorCounts.OTHER, 16L));
        assertThat(errors.byType()).doesNotContainKey("type-" + ErrorCounts.MAX_TYPES);
    }

    @Test
    void mergingAddsCountsAndKeepsTheBound() {
        ErrorCounts a = new ErrorCounts();
        ErrorCounts b = new ErrorCounts();
        b.add("a-0");
        for (int i = 0; i < ErrorCounts.MAX_TYPES; i++) {
            a.add("a-" + i);
            b.add("b-" + i);
        }

        a.merge(b);

        assertThat(a.total()).isEqualTo(2L * ErrorCounts.MAX_TYPES + 1);
        assertThat(a.byType()).as("a type both name adds up; b's other types do not fit")
                .contains(entry("a-0", 2L), entry(ErrorCounts.OTHER, (long) ErrorCounts.MAX_TYPES));
        assertThat(a.byType()).hasSize(ErrorCounts.MAX_TYPES + 1);
        assertThat(b.total()).isEqualTo(ErrorCounts.MAX_TYPES + 1);
    }

    @Test
    void countsSaturateAtTheLargestLong() {
        ErrorCounts errors = ErrorCounts.of(Map.of("timeout", Long.MAX_VALUE, ErrorCounts.OTHER, Long.MAX_VALUE));

        errors.merge(ErrorCounts.of(Map.of("timeout", 1L, ErrorCounts.OTHER, 1L)));

        assertThat(errors.total()).isEqualTo(Long.MAX_VALUE);
        assertThat(errors.byType()).containsExactly(entry(ErrorCounts.OTHER, Long.MAX_VALUE),
                entry("timeout", Long.MAX_VALUE));
    }

    @Test
    void theProducersOwnOtherMeansTheSameAndCountsAreRebuilt() {
        ErrorCounts errors = ErrorCounts.of(Map.of("timeout", 3L, ErrorCounts.OTHER, 2L));

        assertThat(errors.byType()).containsExactly(entry(ErrorCounts.OTHER, 2L), entry("timeout", 3L));
        assertThat(errors.total()).isEqualTo(5);
        assertThatThrownBy(() -> ErrorCounts.of(Map.of("timeout", 0L))).hasMessageContaining("count 0");
    }
}
