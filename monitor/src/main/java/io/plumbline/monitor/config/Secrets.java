package io.plumbline.monitor.config;

/**
 * The values no problem may show: those of {@code kafka.properties}, where passwords and SASL secrets live,
 * and of the {@code kafka} section that holds it, whatever form they were given in, and every webhook's
 * {@code secret}. A problem about them
 * names the key and says what it expects, and that the value is left out.
 */
final class Secrets {

    static final String NOT_SHOWN = "(not shown: it may hold secrets)";

    private static final String SECTION = ConfigLoader.KAFKA_PROPERTIES;

    private Secrets() {
    }

    static boolean mayHold(String key) {
        return key.equals(SECTION) || key.startsWith(SECTION + ".") || SECTION.startsWith(key + ".")
                || key.endsWith("." + ServeSection.SECRET);
    }

    /** The value of {@code key} as a problem shows it: quoted, or as a single value not shown. */
    static String quote(String key, String value) {
        return mayHold(key) ? "a single value " + NOT_SHOWN : "'" + value + "'";
    }
}
