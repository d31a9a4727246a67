package io.plumbline.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of a command line for a JVM of its own: this JDK's {@code java}, with the flags this test JVM got for Flink. */
public final class JavaCommand {

    private JavaCommand() {
    }

    /** {@code java} and the {@code --add-opens}/{@code --add-exports} flags of this JVM, for more to be added. */
    public static List<String> java() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .forEach(command::add);
        return command;
    }
}
