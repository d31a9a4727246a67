package io.plumbline.cli.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Kafka broker in a process of its own ({@code plumbline broker}) keeping its topics in a directory, so that
 * it can be stopped and started again on the same data, port and cluster id, as after a broker outage.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path cliJar;
    private final int port;
    private final Path dataDir;
    private final Path logDir;
    private JvmProcess process;
    private int starts;

    private BrokerProcess(Path cliJar, int port, Path dataDir, Path logDir) {
        this.cliJar = cliJar;
        this.port = port;
        this.dataDir = dataDir;
        this.logDir = logDir;
    }

    /** Starts the broker and returns once it takes clients. */
    static BrokerProcess start(Path cliJar, int port, Path dataDir, Path logDir) throws Exception {
        BrokerProcess broker = new BrokerProcess(cliJar, port, dataDir, logDir);
        broker.start();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker again after {@link #stop()}, on the same data and port. */
    void start() throws Exception {
        process = JvmProcess.start("the Kafka broker", List.of(), List.of("-jar", cliJar.toString(), "broker",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()),
                logDir.resolve("broker-" + ++starts + ".out"));
        process.awaitOutput("Kafka broker ready", Duration.ofSeconds(90));
    }

    /** Stops the broker as an operator does, with SIGTERM, and waits for it to end. */
    void stop() throws InterruptedException {
        process.close();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
