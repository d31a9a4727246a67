package io.plumbline.cli.command;

import io.plumbline.monitor.config.ConfigException;
import java.io.PrintWriter;

/** Prints a refused config the same way for {@code validate} and {@code run}: one problem per line. */
final class ConfigProblems {

    private ConfigProblems() {}

    static void print(PrintWriter err, String source, ConfigException e) {
        int n = e.problems().size();
        err.println(source + ": " + n + (n == 1 ? " problem" : " problems") + ":");
        e.problems().forEach(p -> err.println("  - " + p));
    }
}
