package io.plumbline.cli.command;

import io.plumbline.cli.demo.AlertPrinter;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "alerts",
        description = {
            "Follows the alerts topic from its beginning: one readable line per committed alert, at the alert's own "
                    + "(event) time: when it started firing, or when it resolved.",
            "The alerts and dead-letter topics must exist. Ctrl-C stops and prints how many fired, resolved and went to "
                    + "the dead-letter topic.",
            "Give it the config file run uses (--config), for a cluster that needs client properties such as SASL or"
                    + " TLS (kafka.properties), and for the topic names.",
        })
public final class AlertsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    /** The Kafka cluster and its client properties (SASL, TLS), and the topics' names, as run takes them. */
    @Mixin ConfigOptions configOptions;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC",
            description = "Default: the config's topics.alerts (plumbline.alerts).")
    String alertsTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Counted, not printed. Default: the config's topics.dead-letter (plumbline.dead-letter).")
    String deadLetterTopic;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "Give up when Kafka does not answer within this time. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PlumblineConfig config = configOptions.load(spec.commandLine().getErr());
        if (config == null) {
            return 1;
        }
        Properties client = config.kafka().clientProperties();
        String bootstrapServers = config.kafka().bootstrapServers();
        String alertsTopic = this.alertsTopic != null ? this.alertsTopic : config.topics().alerts();
        String deadLetterTopic = this.deadLetterTopic != null ? this.deadLetterTopic : config.topics().deadLetter();
        // The printer's consumer would wait a minute for a Kafka that does not answer, and follow a misspelt topic forever.
        try (KafkaTopics topics = KafkaTopics.connect(client, timeout)) {
            topics.require(alertsTopic, "Give --alerts-topic the topic the jobs write alerts to (topics.alerts), or create it.");
            topics.require(deadLetterTopic, "Give --dead-letter-topic the jobs' dead-letter topic (topics.dead-letter), or create it.");
        }
        AlertPrinter.Summary summary;
        try (StopSignal stop = StopSignal.install();
                AlertPrinter printer = AlertPrinter.start(client, alertsTopic, deadLetterTopic, out,
                        Clock.systemDefaultZone())) {
            out.println("Reading " + alertsTopic + " at " + bootstrapServers + " from its beginning; Ctrl-C stops.");
            out.println("Drift alerts: " + AlertPrinter.DRIFT_COLUMNS + ".");
            out.println("LLM alerts: " + AlertPrinter.LLM_COLUMNS + ".");
            out.flush();
            stop.await();
            summary = printer.summary();
        }
        out.println(summary.describe());
        return 0;
    }
}
