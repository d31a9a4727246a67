package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.plumbline.cli.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar plumbline.jar run ...} in its own JVM, as the {@code plumbline} launcher starts it:
 * with the JDK flags this test JVM got for Flink and {@code -XX:+ExitOnOutOfMemoryError}.
 */
final class RunProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "plumbline.jar");

    private final Process process;
    private final Path out;
    private final Path err;
    private final long startedAt;
    /** When it exited, noted as it happens: a test awaiting several processes in turn still sees each one's time. */
    private final CompletableFuture<Long> exitedAt;

    private RunProcess(Process process, long startedAt, Path out, Path err) {
        this.process = process;
        this.startedAt = startedAt;
        this.out = out;
        this.err = err;
        this.exitedAt = process.onExit().thenApply(exited -> System.nanoTime());
    }

    /** Starts {@code plumbline} with {@code args}; its stdout and stderr go to {@code log}.out and .err. */
    static RunProcess start(List<String> args, Path log) throws IOException {
        return start(List.of(), args, log);
    }

    /** The same, with {@code javaOptions} for its JVM besides the launcher's, such as a log configuration. */
    static RunProcess start(List<String> javaOptions, List<String> args, Path log) throws IOException {
        assertThat(JAR).as("the shaded jar, built in the package phase").exists();
        List<String> command = JavaCommand.java();
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        Path out = Path.of(log + ".out");
        Path err = Path.of(log + ".err");
        long startedAt = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new RunProcess(process, startedAt, out, err);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What it printed on stdout. */
    String output() throws IOException {
        return Files.readString(out);
    }

    /** What it printed on stderr: logs, and the one line of a failed command. */
    String errors() throws IOException {
        return Files.readString(err);
    }

    /** Both, for a failed test's message. */
    String transcript() throws IOException {
        return "stdout:%n%s%nstderr:%n%s".formatted(output(), errors());
    }

    /** Waits for {@code text} on stdout; fails when it does not come within {@code timeout} or the process ends. */
    void awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline || !isAlive()) {
                fail("gave up waiting for '%s' in run's output:%n%s", text, transcript());
            }
            Thread.sleep(200);
        }
    }

    /** Its exit code; fails when it does not exit by itself within {@code timeout}. */
    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("run did not exit within %s:%n%s", timeout, transcript());
        }
        return process.exitValue();
    }

    /** How long it ran, from its start to its exit: for a process {@link #awaitExit} has seen exit. */
    Duration ranFor() {
        assertThat(process.isAlive()).as("still running").isFalse();
        return Duration.ofNanos(exitedAt.join() - startedAt);
    }

    /** What a failed command says on stderr: one line, "plumbline run: why", among whatever was logged. */
    String failure() throws IOException {
        List<String> lines = errors().lines().filter(line -> line.startsWith("plumbline ")).toList();
        assertThat(lines).as("the command's error line:%n%s", transcript()).hasSize(1);
        return lines.get(0);
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /**
     * SIGTERM, as Ctrl-C or a service manager would stop it; it must exit by itself (with 143, as a JVM
     * stopped by SIGTERM does). A process that has already exited is left as it is.
     */
    void stop() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            boolean exited = process.waitFor(90, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("plumbline did not stop on SIGTERM:%n%s", transcript()).isTrue();
        }
    }

    /**
     * {@link #stop}s a run, which must cancel the jobs and say where the next run resumes from. A process
     * that has already exited is left as it is.
     */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        stop();
        assertThat(output()).contains("Stopped");
    }
}
