package io.plumbline.cli.command;

import io.plumbline.cli.demo.AlertPrinter;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "alerts",
        description = {
            "Follows the alerts topic from its beginning: one readable line per committed alert.",
            "Ctrl-C stops and prints how many fired, resolved and went to the dead-letter topic.",
        })
public final class AlertsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]", description = "Kafka to read from.")
    String bootstrapServers;

    @Option(names = "--alerts-topic", defaultValue = "plumbline.alerts", paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String alertsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "plumbline.dead-letter", paramLabel = "TOPIC",
            description = "Counted, not printed. Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AlertPrinter.Summary summary;
        try (StopSignal stop = StopSignal.install();
                AlertPrinter printer = AlertPrinter.start(bootstrapServers, alertsTopic, deadLetterTopic, out,
                        Clock.systemDefaultZone())) {
            out.println("Reading " + alertsTopic + " at " + bootstrapServers + "; Ctrl-C stops.");
            out.flush();
            stop.await();
            summary = printer.summary();
        }
        out.println(summary.describe());
        return 0;
    }
}
