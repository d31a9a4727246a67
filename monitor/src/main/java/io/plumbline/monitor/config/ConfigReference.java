package io.plumbline.monitor.config;

import java.util.List;

/** The reference table of docs/configuration.md, written from {@link ConfigKeys}. */
final class ConfigReference {

    static final String BEGIN = "<!-- generated from ConfigKeys: begin -->";
    static final String END = "<!-- generated from ConfigKeys: end -->";

    private ConfigReference() {
    }

    /** The table of {@code options}, between the markers that delimit it in the docs. */
    static String markdown(List<ConfigOption<?>> options) {
        StringBuilder table = new StringBuilder(BEGIN).append('\n')
                .append("| key | default | takes | what it does |\n")
                .append("|---|---|---|---|\n");
        for (ConfigOption<?> option : options) {
            table.append("| `").append(option.key()).append("` | ").append(cell(option.shownDefault()))
                    .append(" | ").append(cell(option.type().takes()))
                    .append(" | ").append(cell(option.description())).append(" |\n");
        }
        return table.append(END).toString();
    }

    /** A table cell must not end the row early. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
