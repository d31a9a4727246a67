package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.Plumbline;
import io.plumbline.cli.demo.AlertPrinter;
import io.plumbline.cli.demo.EmbeddedBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Files;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertsCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void saysWithinRunsTwentySecondsThatKafkaDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();

        int exit = execute("alerts", "--bootstrap-servers", "127.0.0.1:" + closedPort);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("Kafka at 127.0.0.1:" + closedPort + " did not answer within 20s; is it running there?");
        // 20 s and the time to say so; the consumer alone would wait its 60 s default first.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void refusesAMissingAlertsTopicNamingTheOneItLooksLikeAndCreatesNothing() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("plumbline.alerts", "plumbline.dead-letter"));

            int exit = execute("alerts", "--bootstrap-servers", broker.bootstrapServers(), "--alerts-topic", "plumbline.alert");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("Topic plumbline.alert does not exist on " + broker.bootstrapServers())
                    .contains("did you mean plumbline.alerts?")
                    .contains("--alerts-topic");
            assertThat(BrokerTopics.of(broker)).containsExactlyInAnyOrder("plumbline.alerts", "plumbline.dead-letter");
        }
    }

    @Test
    void followsTheAlertsUntilStoppedAndSaysWhatTheColumnsAre() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("plumbline.alerts", "plumbline.dead-letter"));
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Thread runner = new Thread(() -> exit.complete(execute("alerts", "--bootstrap-servers", broker.bootstrapServers())));
            runner.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!out.toString().contains("Ctrl-C stops") && System.nanoTime() < deadline && !exit.isDone()) {
                Thread.sleep(50);
            }
            // An interrupt is how an in-process caller asks the command to stop, as Ctrl-C does.
            runner.interrupt();

            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Reading plumbline.alerts at " + broker.bootstrapServers())
                    .contains("Drift alerts: " + AlertPrinter.DRIFT_COLUMNS, "LLM alerts: " + AlertPrinter.LLM_COLUMNS)
                    .contains("Drift alerts: 0 fired, 0 resolved, 0 still firing.");
        }
    }

    @Test
    void takesTheKafkaClientPropertiesAndTopicNamesOfRunsConfig() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("team.alerts", "team.dead-letter"));
            Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                    kafka:
                      bootstrap-servers: %s
                      properties: { security.protocol: SASL_PLAINTEXT, sasl.mechanism: PLAIN }
                    topics: { alerts: team.alert, dead-letter: team.dead-letter }
                    """.formatted(broker.bootstrapServers()));

            int exit = execute("alerts", "--config", config.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).as("the SASL property reached the client").contains("JAAS");

            err.getBuffer().setLength(0);
            exit = execute("alerts", "--config", config.toString(), "--set", "kafka.properties.security.protocol=PLAINTEXT");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).as("the topic named in the config").contains("Topic team.alert does not exist")
                    .contains("did you mean team.alerts?");
        }
    }

    /** Kafka's error about a JAAS line it cannot read would quote a piece of it, here of the password. */
    @Test
    void refusesAJaasLineKafkaCannotReadBeforeAnyClientQuotesAPieceOfIt() {
        int exit = execute("alerts", "--bootstrap-servers", "127.0.0.1:1",
                "--set", "kafka.properties.security.protocol=SASL_PLAINTEXT",
                "--set", "kafka.properties.sasl.mechanism=PLAIN",
                "--set", "kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"svc\" password=hunter2 hunter3;");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("kafka.properties.sasl.jaas.config: expected one login line")
                .doesNotContain("hunter");
    }

    private int execute(String... args) {
        CommandLine cli = Plumbline.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
