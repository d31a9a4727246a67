package io.plumbline.monitor.config;

import java.util.List;

/**
 * A configuration that cannot run. The message lists every problem at once, one per line, each
 * naming the key and what to write instead, so that one edit fixes them all.
 */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, e.g. "window.size: expected a positive duration such as 10s or 1m, got 'ten'". */
    public List<String> problems() {
        return problems;
    }

    private static String describe(List<String> problems) {
        if (problems.size() == 1) {
            return "invalid configuration: " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("invalid configuration (").append(problems.size()).append(" problems):");
        for (String p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        return sb.toString();
    }
}
