package io.plumbline.cli.command;

import io.plumbline.cli.local.KafkaPreflight;
import io.plumbline.cli.local.LocalJob;
import io.plumbline.cli.local.LocalJobRunner;
import io.plumbline.cli.local.ResumeGuard;
import io.plumbline.cli.serve.ServeLauncher;
import io.plumbline.delivery.serve.Serve;
import io.plumbline.delivery.serve.ServeOptions;
import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(20);

    @Spec CommandSpec spec;

    @Mixin ConfigOptions configOptions;

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
        PlumblineConfig loaded = configOptions.load(spec.commandLine().getErr());
        if (loaded == null) {
            return 1;
        }
        ServeOptions serveOptions;
        try {
            serveOptions = ServeLauncher.options(loaded);
        } catch (ConfigException e) {
            ConfigProblems.print(spec.commandLine().getErr(), configOptions.source(), e);
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
            // serve first: it delivers the alerts committed after it joins its group, and the jobs' first ones
            // come after that
            try (Serve serve = loaded.serve().enabled() ? Serve.start(serveOptions) : null;
                    LocalJobRunner runner = LocalJobRunner.start(loaded, bindAddress.hostAddress())) {
                out.println("Running on a local Flink:");
                for (LocalJob job : runner.jobs()) {
                    out.println("- " + ConfigSummary.describe(job.kind(), loaded) + ". " + job.resumedFrom()
                            .map(checkpoint -> "Resumed from checkpoint " + checkpoint + ".")
                            .orElse(job.kind() == JobKind.DRIFT
                                    ? "No earlier checkpoint: baselines are learnt from the first complete window."
                                    : "No earlier checkpoint."));
                }
                out.println(bindAddress.describe(runner.restAddress()));
                out.println(serve == null ? "serve.enabled is false: no metrics, Alertmanager pushes or webhooks from"
                        + " this process; run plumbline serve for them." : ServeLauncher.describe(serveOptions, serve));
                out.println(ServeLauncher.flinkMetrics());
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
}
