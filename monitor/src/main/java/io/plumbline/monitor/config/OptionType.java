package io.plumbline.monitor.config;

import java.time.Duration;
import java.util.function.DoublePredicate;
import java.util.function.Function;

/**
 * How the text of a key becomes a value: the read, which reports a refused value as a problem naming the key
 * (see {@link Settings}), and what the key takes, in the words of both the problem and the reference table.
 */
interface OptionType<T> {

    /** The value of {@code key}, or {@code defaultValue} when it is unset or refused. */
    T read(Settings s, String key, T defaultValue);

    /** What a value must be, such as "a positive duration such as 10s or 1m". */
    String takes();

    /** A value {@code parse} accepts; it returns null for one it refuses. */
    static <T> OptionType<T> parsed(String takes, Function<String, T> parse) {
        return of(takes, (s, key, defaultValue) -> s.value(key, defaultValue, takes, parse));
    }

    static OptionType<Integer> integer(int min, int max) {
        return of(wholeNumberWords(min, max), (s, key, defaultValue) -> s.integer(key, defaultValue, min, max));
    }

    static OptionType<Long> wholeNumber(long min, long max) {
        return of(wholeNumberWords(min, max), (s, key, defaultValue) -> s.wholeNumber(key, defaultValue, min, max));
    }

    /** A finite number that {@code accepted} takes. */
    static OptionType<Double> decimal(String takes, DoublePredicate accepted) {
        return of(takes, (s, key, defaultValue) -> s.decimal(key, defaultValue, takes, accepted));
    }

    static OptionType<Duration> positiveDuration() {
        return duration(Duration.ofMillis(1), Settings.POSITIVE_DURATION);
    }

    static OptionType<Duration> nonNegativeDuration() {
        return duration(Duration.ZERO, Settings.NON_NEGATIVE_DURATION);
    }

    /** A duration of at least {@code min} (and at most {@link Settings#MAX_DURATION}). */
    static OptionType<Duration> duration(Duration min, String takes) {
        return of(takes, (s, key, defaultValue) -> s.duration(key, defaultValue, min, takes));
    }

    private static String wholeNumberWords(long min, long max) {
        return "a whole number from " + min + " to " + max;
    }

    private static <T> OptionType<T> of(String takes, Reader<T> reader) {
        return new OptionType<>() {
            @Override
            public T read(Settings s, String key, T defaultValue) {
                return reader.read(s, key, defaultValue);
            }

            @Override
            public String takes() {
                return takes;
            }
        };
    }

    /** The read alone, for {@link #of}. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Settings s, String key, T defaultValue);
    }
}
