package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.Plumbline;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code run} does before starting anything; running and resuming are {@link RunCommandITCase}'s. */
class RunCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void refusesABadConfigAtStartWithEveryProblem() {
        int exit = run("run", "--set", "window.size=ten", "--set", "topics.alerts=plumbline.predictions");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("configuration: 3 problems:")
                .contains("  - kafka.bootstrap-servers: required")
                .contains("  - window.size")
                .contains("  - topics.alerts");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void flagsWinOverSettings() {
        int exit = run("run", "--bootstrap-servers", "not a host", "--set", "kafka.bootstrap-servers=localhost:9092");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("kafka.bootstrap-servers").contains("not a host");
    }

    @Test
    void helpDescribesFreshStartsAndTheBindAddress() {
        int exit = run("run", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("--fresh Starts without restoring the last checkpoints")
                .contains("Nothing is deleted: the earlier checkpoints move to a new directory beside theirs, named"
                        + " like it with the suffix -before-fresh-<UTC time>.")
                .contains("--bind-address=ADDRESS")
                .contains("Default: 127.0.0.1, this machine only")
                .contains("lets whoever reaches it cancel the jobs")
                .contains("exits with status 1");
    }

    @Test
    void refusesABindAddressThatIsNoAddress() {
        int exit = run("run", "--bootstrap-servers", "127.0.0.1:1", "--bind-address", "no such host.invalid");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--bind-address").contains("no such host.invalid");
    }

    private int run(String... args) {
        CommandLine cli = Plumbline.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
