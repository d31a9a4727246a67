package io.plumbline.cli.command;

import io.plumbline.cli.local.KafkaPreflight;
import io.plumbline.cli.local.LocalJob;
import io.plumbline.cli.local.LocalJobRunner;
import io.plumbline.cli.local.ResumeGuard;
import io.plumbline.jobs.config.ConfigException;
import io.plumbline.jobs.config.ConfigLoader;
import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.config.PlumblineConfig.JobKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        description = {
            "Runs the drift job and the LLM job (job.enabled) on a local Flink (a MiniCluster in this process) against your Kafka.",
            "Restarting with the same config resumes from the last checkpoints: baselines are kept and alerts are not re-sent."
                    + " Checkpoints taken against another Kafka cluster or other topics are not resumed: run refuses"
                    + " to start, and --fresh starts afresh.",
            "A failed job is restarted a bounded number of times. When a job can no longer run (it failed again"
                    + " and again, or has had no TaskManager or been RESTARTING for a minute), run exits with status 1"
                    + " and says why on stderr, for a service manager to restart it.",
        })
public final class RunCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    @Spec CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to read from and write to (kafka.bootstrap-servers).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "The plumbline.yaml; without it, defaults and flags only.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one config key, e.g. --set window.size=10s (repeatable; wins over the file).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--fresh",
            description = {
                "Starts without restoring the last checkpoints: baselines are learnt anew, and inputs are read from"
                        + " the consumer group's committed offsets, or else from kafka.starting-offsets. Nothing is"
                        + " deleted: the earlier checkpoints move to a new directory beside theirs, named like it with"
                        + " the suffix -before-fresh-<UTC time>. Needed to run against another Kafka cluster or"
                        + " other topics.",
            })
    boolean fresh;

    @Mixin BindAddressOption bindAddress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PlumblineConfig loaded;
        try {
            loaded = ConfigLoader.load(config, overrides());
        } catch (ConfigException e) {
            ConfigProblems.print(spec.commandLine().getErr(), config == null ? "configuration" : config.toString(), e);
            return 1;
        }
        String clusterId = KafkaPreflight.checkAndGetClusterId(loaded, KAFKA_TIMEOUT);
        Optional<Path> setAside = ResumeGuard.prepare(loaded, clusterId, fresh, Instant.now());
        if (fresh) {
            out.println(setAside.map(dir -> "--fresh: the earlier checkpoints were moved to " + dir
                            + "; delete them once they are no longer needed.")
                    .orElse("--fresh: there were no earlier checkpoints to move aside."));
        }
        // The last words are printed before the stop signal is released: after that the JVM may exit.
        try (StopSignal stop = StopSignal.install()) {
            List<LocalJob> stopped;
            try (LocalJobRunner runner = LocalJobRunner.start(loaded, bindAddress.hostAddress())) {
                out.println("Running on a local Flink:");
                for (LocalJob job : runner.jobs()) {
                    out.println("- " + ConfigSummary.describe(job.kind(), loaded) + ". " + job.resumedFrom()
                            .map(checkpoint -> "Resumed from checkpoint " + checkpoint + ".")
                            .orElse(job.kind() == JobKind.DRIFT
                                    ? "No earlier checkpoint: baselines are learnt from the first complete window."
                                    : "No earlier checkpoint."));
                }
                out.println(bindAddress.describe(runner.restAddress()));
                out.println("Ctrl-C stops the jobs; their last checkpoints are kept, so the next run resumes from them.");
                out.flush();
                while (!stop.await(POLL)) {
                    runner.ensureRunning();
                }
                out.println("Stopping the jobs...");
                out.flush();
                stopped = runner.jobs();
            }
            for (LocalJob job : stopped) {
                out.println(job.latestCheckpoint()
                        .map(checkpoint -> "Stopped; the next run with this config resumes " + job.name() + " from "
                                + checkpoint + ".")
                        .orElse("Stopped before any checkpoint of " + job.name() + " completed; its next run starts"
                                + " afresh."));
            }
            out.flush();
        }
        return 0;
    }

    /** Flags win over --set, which wins over the file. */
    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put("kafka.bootstrap-servers", bootstrapServers);
        }
        return overrides;
    }
}
