package io.plumbline.cli.command;

import io.plumbline.cli.local.KafkaPreflight;
import io.plumbline.cli.serve.ServeLauncher;
import io.plumbline.delivery.serve.Serve;
import io.plumbline.delivery.serve.ServeOptions;
import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.PlumblineConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        description = {
            "Makes the jobs' results reach people: serves their statistics as Prometheus metrics, pushes their alerts"
                    + " to Alertmanager and delivers them as signed webhooks.",
            "It reads the statistics and alerts topics the jobs write, read committed, in its own consumer group"
                    + " (serve.group-id); several instances in one group split the partitions. This command runs it"
                    + " on its own, as beside jobs on a Flink cluster; run and demo start it in their own process"
                    + " unless serve.enabled is false.",
            "Webhooks are delivered at least once: receivers dedupe by the webhook id header. Ctrl-C stops it.",
        })
public final class ServeCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(20);

    @Spec CommandSpec spec;

    @Mixin ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PlumblineConfig config = configOptions.load(spec.commandLine().getErr());
        if (config == null) {
            return 1;
        }
        ServeOptions options;
        try {
            options = ServeLauncher.options(config);
        } catch (ConfigException e) {
            ConfigProblems.print(spec.commandLine().getErr(), configOptions.source(), e);
            return 1;
        }
        KafkaPreflight.clusterId(config, KAFKA_TIMEOUT);
        try (StopSignal stop = StopSignal.install()) {
            try (Serve serve = Serve.start(options)) {
                out.println("Serving the results of the Kafka cluster at " + config.kafka().bootstrapServers() + ".");
                out.println(ServeLauncher.describe(options, serve));
                out.println("Ctrl-C stops it; it resumes from its committed offsets.");
                out.flush();
                while (!stop.await(POLL)) {
                    if (!serve.isRunning()) {
                        spec.commandLine().getErr().println("serve stopped: its consumer failed (see the log above)."
                                + " Start it again; it resumes from its committed offsets.");
                        return 1;
                    }
                }
                out.println("Stopping...");
                out.flush();
            }
            out.println("Stopped; the next start resumes from the committed offsets.");
            out.flush();
        }
        return 0;
    }
}
