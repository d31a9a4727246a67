package io.plumbline.delivery.webhook;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter: the wait before retry n is uniform in [0, min(max, initial·2^(n-1))].
 * The randomness spreads the retries of many messages that failed together, so a receiver coming back is
 * not hit by all of them at once.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Random random;

    public Backoff(Duration initial, Duration max, Random random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** @param retry 1 for the first retry */
    public Duration delay(int retry) {
        long cap = max.toMillis();
        // Doubling stops at the cap before it could overflow.
        long ceiling = initial.toMillis();
        for (int i = 1; i < retry && ceiling < cap; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, cap);
        return Duration.ofMillis((long) (random.nextDouble() * (ceiling + 1)));
    }
}
