package io.plumbline.cli.local;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * How a local run's jobs restart after a failure: Flink's exponential delay, but with a bounded number
 * of attempts instead of Flink's default of retrying for ever. A job that keeps failing then FAILS,
 * which ends {@code plumbline run} with exit code 1 and the cause, for a service manager to restart
 * it (and a person to read why). A job that has run for {@link #RESET_AFTER} without a failure starts
 * its count afresh, so occasional failures over weeks never add up.
 */
final class RestartPolicy {

    /** After waits of 1, 2, 4, 8, 10 and 10 seconds: some 35 seconds of retries before the job fails. */
    private static final int ATTEMPTS = 6;
    private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    private static final double BACKOFF_MULTIPLIER = 2;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration RESET_AFTER = Duration.ofMinutes(10);

    private RestartPolicy() {}

    static void applyTo(Configuration flink) {
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, ATTEMPTS);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, INITIAL_BACKOFF);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, MAX_BACKOFF);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, BACKOFF_MULTIPLIER);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, RESET_AFTER);
    }
}
