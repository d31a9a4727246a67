package io.plumbline.monitor.config;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

import io.plumbline.alerts.text.Durations;

/**
 * One key of the config, declared once: its type, its default and what it does. {@link ConfigKeys} holds
 * them all, the loader reads them, and the reference table in docs/configuration.md is generated from them.
 *
 * @param defaultValue what an unset key means, or null for none
 * @param defaultWords the default as the reference shows it, for one that depends on other keys (such as
 *                     "window.size"); null to show {@code defaultValue}
 */
record ConfigOption<T>(String key, OptionType<T> type, T defaultValue, String defaultWords, String description) {

    ConfigOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    static <T> ConfigOption<T> of(String key, OptionType<T> type, T defaultValue, String description) {
        return new ConfigOption<>(key, type, defaultValue, null, description);
    }

    /** A key whose default depends on other keys: the loader passes it to {@link #read(Settings, Object)}. */
    static <T> ConfigOption<T> derived(String key, OptionType<T> type, String defaultWords, String description) {
        return new ConfigOption<>(key, type, null, defaultWords, description);
    }

    T read(Settings s) {
        return type.read(s, key, defaultValue);
    }

    /** The value, with {@code computedDefault} standing in for a default that depends on other keys. */
    T read(Settings s, T computedDefault) {
        return type.read(s, key, computedDefault);
    }

    /** The default, as written in a config file. */
    String shownDefault() {
        if (defaultWords != null) {
            return defaultWords;
        }
        if (defaultValue == null || defaultValue instanceof Collection<?> c && c.isEmpty()) {
            return "none";
        }
        String shown = defaultValue instanceof Duration d ? Durations.format(d.toMillis())
                : defaultValue instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue())
                : defaultValue instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT).replace('_', '-')
                : defaultValue.toString();
        return "`" + shown + "`";
    }
}
