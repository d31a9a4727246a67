package io.plumbline.cli.cluster;

import io.plumbline.cli.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own, started with the JDK flags this test JVM got for Flink, its output in a log file: one
 * process of the cluster, the broker or the Flink client.
 */
final class JvmProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private JvmProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java <jvmArgs> <mainArgs>}; stdout and stderr go to {@code log}. */
    static JvmProcess start(String name, List<String> jvmArgs, List<String> mainArgs, Path log) throws IOException {
        return start(name, jvmArgs, mainArgs, Map.of(), log);
    }

    /** As {@link #start(String, List, List, Path)}, with {@code environment} added to this process's. */
    static JvmProcess start(String name, List<String> jvmArgs, List<String> mainArgs, Map<String, String> environment,
                            Path log) throws IOException {
        List<String> command = JavaCommand.java();
        command.addAll(jvmArgs);
        command.addAll(mainArgs);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new JvmProcess(name, process, log);
    }

    /** Waits until the process has printed {@code text}; fails if it ends or {@code timeout} passes first. */
    void awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not print '" + text + "'" + (process.isAlive()
                        ? " within " + timeout : ", it exited with " + process.exitValue()) + ":\n" + output());
            }
            Thread.sleep(200);
        }
    }

    /** Waits for the process to end by itself; its exit code. */
    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not end within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Writes the process's threads, as {@code jcmd Thread.print} gives them, beside its log; for a failed run. */
    void dumpThreads() throws Exception {
        Path dump = log.resolveSibling(log.getFileName() + ".threads-" + System.currentTimeMillis());
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).redirectOutput(dump.toFile())
                .start().waitFor(30, TimeUnit.SECONDS);
    }

    /** Ends the process with SIGKILL, as a crash or the OOM killer would: nothing runs in it after this. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
