package io.plumbline.monitor.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values no problem may show: those of {@code kafka.properties}, where passwords and SASL secrets live,
 * and of the {@code kafka} section that holds it, whatever form they were given in, every webhook's
 * {@code secret}, and the schema registry's passwords. A problem about them
 * names the key and says what it expects, and that the value is left out. Nor does any problem show the user
 * and password of a URL ({@code https://user:password@host}), in whichever value it is.
 */
final class Secrets {

    static final String NOT_SHOWN = "(not shown: it may hold secrets)";
    /** What follows a URL's scheme up to its last '@' before the path: its user and password, '@'s and all. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/?#\\s]*@");

    private static final String SECTION = ConfigLoader.KAFKA_PROPERTIES;

    private Secrets() {
    }

    static boolean mayHold(String key) {
        return key.equals(SECTION) || key.startsWith(SECTION + ".") || SECTION.startsWith(key + ".")
                || key.endsWith("." + ServeSection.SECRET)
                || key.startsWith(SchemaRegistrySection.PREFIX) && key.endsWith("password");
    }

    /** The value of {@code key} as a problem shows it: {@link #quoted}, or as a single value not shown. */
    static String quote(String key, String value) {
        return mayHold(key) ? "a single value " + NOT_SHOWN : quoted(value);
    }

    /** {@code text} in quotes, every URL in it without its user and password. */
    static String quoted(String text) {
        Matcher credentials = URL_CREDENTIALS.matcher(text);
        return credentials.find() ? "'" + credentials.replaceAll("…@") + "' (the user and password in it are not shown)"
                : "'" + text + "'";
    }
}
