package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmCallLimitsTest {

    @Test
    void theDefaultsAreTenMillionTokensAThousandDollarsAndAnHour() {
        assertThat(LlmCallLimits.DEFAULTS)
                .isEqualTo(new LlmCallLimits(10_000_000L, 1_000.0, Duration.ofHours(1)));
    }

    @Test
    void refusesLimitsThatWouldRejectEveryCallOrNone() {
        Duration hour = Duration.ofHours(1);

        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(0, 1, hour))
                .withMessage("maxTokensPerCall must be positive: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(-5, 1, hour))
                .withMessage("maxTokensPerCall must be positive: -5");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(1, 0.0, hour))
                .withMessage("maxCostUsdPerCall must be a positive, finite number: 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(1, -1.0, hour))
                .withMessage("maxCostUsdPerCall must be a positive, finite number: -1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(1, Double.NaN, hour))
                .withMessage("maxCostUsdPerCall must be a positive, finite number: NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(1, Double.POSITIVE_INFINITY, hour))
                .withMessage("maxCostUsdPerCall must be a positive, finite number: Infinity");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(1, 1, Duration.ZERO))
                .withMessage("maxCallDuration must be positive: PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(1, 1, Duration.ofSeconds(-1)))
                .withMessage("maxCallDuration must be positive: PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> new LlmCallLimits(1, 1, Duration.ofDays(200_000)))
                .withMessage("maxCallDuration must be at most 292 years (nanoseconds in 64 bits): PT4800000H");
        assertThatNullPointerException().isThrownBy(() -> new LlmCallLimits(1, 1, null))
                .withMessage("maxCallDuration");
    }
}
