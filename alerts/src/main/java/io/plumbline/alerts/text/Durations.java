package io.plumbline.alerts.text;

/** Spans as the config writes them, in alert texts and config problems alike. */
public final class Durations {

    private Durations() {
    }

    /** The largest whole unit: {@code 2d}, {@code 1h}, {@code 90m}, {@code 10s}, {@code 500ms}. */
    public static String format(long millis) {
        if (millis != 0 && millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
