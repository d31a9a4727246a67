package io.plumbline.monitor.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plumbline.alerts.text.Durations;

/**
 * The flat, dotted-key view of a config ({@code window.size = 1m}) and typed reads of it. A read
 * never throws: a bad value adds a problem naming the key and returns the default, so that
 * every problem of a config is found in one pass.
 */
final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");
    /** NaN and the infinities as YAML and Java write them, and as people do. */
    private static final Pattern NON_FINITE = Pattern.compile("[-+]?\\.?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    /**
     * The longest duration any setting takes: far beyond any window or idle time, and short enough that
     * event times plus durations (times a rolling baseline's windows) stay far within a millisecond timestamp.
     */
    static final Duration MAX_DURATION = Duration.ofDays(3650);
    private static final String MAX_DURATION_WORDS = Durations.format(MAX_DURATION.toMillis()) + " (ten years)";
    static final String POSITIVE_DURATION = "a positive duration such as 10s or 1m";
    static final String NON_NEGATIVE_DURATION = "a duration such as 5s or 0s";
    /** What {@link #parseDuration} makes of a duration too long for a Duration: longer than any setting takes. */
    private static final Duration TOO_LONG = ChronoUnit.FOREVER.getDuration();

    private final Map<String, String> values;
    private final List<String> problems;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> maps = new LinkedHashSet<>();
    /** Keys whose problem was reported already, so the unknown-key pass does not report them again. */
    private final Set<String> explained = new LinkedHashSet<>();
    /** Keys whose value was refused: a check across keys must not judge their defaults instead. */
    private final Set<String> refused = new LinkedHashSet<>();

    Settings(Map<String, String> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** A value that must be set: {@code hint} says what to set it to. */
    String required(String key, String hint) {
        known.add(key);
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            refuse(key, key + ": required; " + hint);
            return null;
        }
        return v.trim();
    }

    /**
     * A value parsed by {@code parse}, which returns null for a value it rejects; the problem then
     * reads "key: expected {@code expectation}, got 'value'".
     */
    <T> T value(String key, T defaultValue, String expectation, Function<String, T> parse) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        T parsed = parse.apply(v.trim());
        if (parsed == null) {
            refuse(key, key + ": expected " + expectation + ", got " + Secrets.quote(key, v));
            return defaultValue;
        }
        return parsed;
    }

    /**
     * As {@link #value}, for a number: NaN and the infinities, however spelt ({@code .nan}, {@code -.inf},
     * {@code Infinity}), are refused as what they are, whatever {@code parse} would make of them.
     */
    <T> T number(String key, T defaultValue, String expectation, Function<String, T> parse) {
        String v = values.get(key);
        if (v != null && NON_FINITE.matcher(v.trim()).matches()) {
            known.add(key);
            refuse(key, key + ": expected " + expectation + ", got " + Secrets.quote(key, v)
                    + "; NaN and infinities are not allowed, give a finite number");
            return defaultValue;
        }
        return value(key, defaultValue, expectation, parse);
    }

    /** A finite number that {@code accepted} takes. */
    Double decimal(String key, Double defaultValue, String expectation, DoublePredicate accepted) {
        return number(key, defaultValue, expectation, v -> {
            try {
                double d = Double.parseDouble(v);
                return Double.isFinite(d) && accepted.test(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    /** Whether the config gives {@code key} a value. */
    boolean isSet(String key) {
        return values.containsKey(key);
    }

    /**
     * Whether the value of {@code key} was refused, its problem reported, and its read returned the default:
     * a check across keys skips it, or it would judge the default, not what the config says.
     */
    boolean isRefused(String key) {
        return refused.contains(key);
    }

    private void refuse(String key, String problem) {
        refused.add(key);
        problems.add(problem);
    }

    /** {@code d} as written in a config: {@code 2d}, {@code 1m}, {@code 10s}, {@code 500ms}. */

    Duration positiveDuration(String key, Duration defaultValue) {
        // Windows, timers and watermarks count whole milliseconds.
        return duration(key, defaultValue, Duration.ofMillis(1), POSITIVE_DURATION);
    }

    Duration nonNegativeDuration(String key, Duration defaultValue) {
        return duration(key, defaultValue, Duration.ZERO, NON_NEGATIVE_DURATION);
    }

    /** A duration of at least {@code min} and at most {@link #MAX_DURATION}. */
    Duration duration(String key, Duration defaultValue, Duration min, String expectation) {
        String v = values.get(key);
        Duration parsed = v == null ? null : parseDuration(v.trim());
        if (parsed != null && parsed.compareTo(MAX_DURATION) > 0) {
            known.add(key);
            refuse(key, key + ": " + Secrets.quote(key, v) + " is too long; expected " + expectation + ", at most "
                    + MAX_DURATION_WORDS);
            return defaultValue;
        }
        return value(key, defaultValue, expectation, text -> {
            Duration d = parseDuration(text);
            return d == null || d.toMillis() < min.toMillis() ? null : d;
        });
    }

    int integer(String key, int defaultValue, int min, int max) {
        return (int) wholeNumber(key, defaultValue, min, max);
    }

    long wholeNumber(String key, long defaultValue, long min, long max) {
        return number(key, defaultValue, "a whole number from " + min + " to " + max, v -> {
            try {
                long i = Long.parseLong(v);
                return i >= min && i <= max ? i : null;
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    /** Every key under {@code section} (a YAML map of free-form keys), with the section prefix removed. */
    Map<String, String> map(String section, String expectation) {
        known.add(section);
        maps.add(section);
        if (values.containsKey(section)) {
            refuse(section, section + ": expected " + expectation + ", got "
                    + Secrets.quote(section, values.get(section)));
        }
        Map<String, String> entries = new TreeMap<>();
        String prefix = section + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                entries.put(k.substring(prefix.length()), v);
            }
        });
        return entries;
    }

    /**
     * The indices of the entries of the list {@code list} that the config sets keys of
     * ({@code list[0].key}, {@code list[2].key}), ascending: a file's list, and the command line's
     * additions to it.
     */
    SortedSet<Integer> indices(String list, String example) {
        known.add(list);
        if (values.containsKey(list)) {
            problems.add(list + ": expected a list of entries such as " + example + ", got "
                    + Secrets.quote(list, values.get(list)));
        }
        Pattern entry = Pattern.compile(Pattern.quote(list) + "\\[(\\d{1,9})]\\..+");
        SortedSet<Integer> indices = new TreeSet<>();
        boolean section = false;
        for (String key : values.keySet()) {
            Matcher m = entry.matcher(key);
            if (m.matches()) {
                indices.add(Integer.parseInt(m.group(1)));
            } else if (key.startsWith(list + ".")) {
                section = true;
                explained.add(key);
            }
        }
        if (section) {
            problems.add(list + ": expected a list of entries, each starting with '- ', such as " + example
                    + ", got a section");
        }
        return indices;
    }

    /** The keys set under {@code prefix} (which ends with a dot), without it. */
    Set<String> keysUnder(String prefix) {
        Set<String> keys = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith(prefix)) {
                keys.add(key.substring(prefix.length()));
            }
        }
        return keys;
    }

    /** Reports every key no read asked for; call after all reads. */
    void reportUnknownKeys() {
        KeySuggestions suggestions = new KeySuggestions(known);
        Set<String> reported = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            boolean inMap = maps.stream().anyMatch(m -> key.startsWith(m + "."));
            if (!known.contains(key) && !explained.contains(key) && !inMap) {
                reported.add(suggestions.explain(key, e.getValue()));
            }
        }
        problems.addAll(new ArrayList<>(reported));
    }

    /**
     * {@code 500ms}, {@code 10s}, {@code 1m}/{@code 1min}, {@code 2h}, {@code 1d}, or ISO-8601 such as PT1M; null
     * if neither. One too long for a Duration comes back as the longest Duration, so that it is refused as too
     * long rather than as no duration at all.
     */
    static Duration parseDuration(String v) {
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m", "min" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } catch (NumberFormatException | ArithmeticException e) { // only digits: too many of them
                return TOO_LONG;
            }
        }
        if ((v.startsWith("P") || v.startsWith("p")) && v.indexOf('-') < 0) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                // Duration.parse reports a number too large for a long as its cause.
                boolean overflow = e.getCause() instanceof ArithmeticException
                        || e.getCause() instanceof NumberFormatException;
                return overflow ? TOO_LONG : null;
            }
        }
        return null;
    }
}
