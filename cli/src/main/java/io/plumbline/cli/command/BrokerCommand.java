package io.plumbline.cli.command;

import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "broker",
        description = {
            "Runs a real single-node Kafka broker on 127.0.0.1 for `run` and `produce`; Ctrl-C stops it.",
            "KRaft mode, broker and controller in this one process.",
        })
public final class BrokerCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092", description = "Client port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keeps topics here across restarts. Default: a temp dir deleted on exit.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        try (StopSignal stop = StopSignal.install();
                EmbeddedBroker broker = EmbeddedBroker.start(port, dataDir)) {
            List<String> topics = defaultTopics(broker.bootstrapServers());
            broker.createTopics(topics);
            spec.commandLine().getOut().println("Kafka broker ready: bootstrap servers " + broker.bootstrapServers()
                    + " (data in " + broker.dataDir() + "), with topics " + String.join(", ", topics)
                    + ". Ctrl-C stops it.");
            stop.await();
            spec.commandLine().getOut().println("Stopping the broker...");
        }
        return 0;
    }

    /**
     * The topics of a default config, created up front: the job's source fails on a topic that does
     * not exist yet, so `run` could not start before the first `produce`.
     */
    private static List<String> defaultTopics(String bootstrapServers) throws ConfigException {
        PlumblineConfig config = ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", bootstrapServers));
        PlumblineConfig.Topics t = config.topics();
        return List.of(t.predictions(), t.driftStats(), t.alerts(), t.deadLetter(), config.llm().callsTopic(),
                config.llm().statsTopic());
    }
}
