package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} and {@code -h} with its whole description and exit code 0. */
class PlumblineHelpTest {

    @ParameterizedTest(name = "plumbline {0} {1}")
    @MethodSource("commands")
    void helpPrintsTheWholeDescriptionAndExitsZero(String path, String flag) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Plumbline.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
        args.add(flag);

        int exit = cli.execute(args.toArray(String[]::new));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        CommandLine command = find(cli, path);
        String help = oneLine(out.toString());
        for (String paragraph : command.getCommandSpec().usageMessage().description()) {
            assertThat(help).contains(oneLine(paragraph));
        }
        // A parent lists each subcommand by the first paragraph of its description alone: a whole sentence.
        for (CommandLine sub : command.getSubcommands().values()) {
            String summary = oneLine(sub.getCommandSpec().usageMessage().description()[0]);
            assertThat(summary).as("the summary of %s", sub.getCommandName()).endsWith(".");
            assertThat(help).contains(summary);
        }
    }

    static Stream<Arguments> commands() {
        List<String> paths = new ArrayList<>();
        walk(Plumbline.commandLine(), "", paths);
        return paths.stream().flatMap(path -> Stream.of(Arguments.of(path, "--help"), Arguments.of(path, "-h")));
    }

    private static void walk(CommandLine command, String path, List<String> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> walk(sub, path.isEmpty() ? name : path + " " + name, paths));
    }

    private static CommandLine find(CommandLine root, String path) {
        CommandLine command = root;
        for (String name : path.isEmpty() ? new String[0] : path.split(" ")) {
            command = command.getSubcommands().get(name);
        }
        return command;
    }

    /** Help wraps lines at its width: compare the words, not where the lines break. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
