package io.plumbline.schemas.codec;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The most one LLM call can plausibly report. A call beyond them is rejected as {@code out_of_range}:
 * a token count of 2^63 − 1, a cost of 1e308 or a call lasting years is a producer's bug or an attack,
 * and one such call would swamp a window's sums, percentiles and budgets.
 *
 * @param maxTokensPerCall the most tokens of each count (input, output, cache read, reasoning) of one call
 * @param maxCostUsdPerCall the highest {@code cost.usd} of one call
 * @param maxCallDuration the longest a call may last, from its start to its end
 */
public record LlmCallLimits(long maxTokensPerCall, double maxCostUsdPerCall, Duration maxCallDuration)
        implements Serializable {

    /** Several times the largest context windows, a thousand dollars, an hour. */
    public static final LlmCallLimits DEFAULTS = new LlmCallLimits(10_000_000L, 1_000.0, Duration.ofHours(1));

    public LlmCallLimits {
        if (maxTokensPerCall <= 0) {
            throw new IllegalArgumentException("maxTokensPerCall must be positive: " + maxTokensPerCall);
        }
        if (!(maxCostUsdPerCall > 0) || Double.isInfinite(maxCostUsdPerCall)) {
            throw new IllegalArgumentException(
                    "maxCostUsdPerCall must be a positive, finite number: " + maxCostUsdPerCall);
        }
        Objects.requireNonNull(maxCallDuration, "maxCallDuration");
        if (maxCallDuration.isNegative() || maxCallDuration.isZero()) {
            throw new IllegalArgumentException("maxCallDuration must be positive: " + maxCallDuration);
        }
        if (maxCallDuration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0) {
            // calls are timed in epoch nanoseconds, so their durations are too
            throw new IllegalArgumentException("maxCallDuration must be at most 292 years (nanoseconds in 64 bits): "
                    + maxCallDuration);
        }
    }
}
