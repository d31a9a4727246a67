package io.plumbline.cli.local;

import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.config.PlumblineConfig.JobKind;
import io.plumbline.jobs.drift.DriftJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs {@code job.enabled} names (the drift job, the LLM job, or both) on one MiniCluster in
 * this JVM, each resuming from the newest checkpoint of an earlier run of it, so that a restarted
 * {@code plumbline run} neither re-learns baselines nor re-sends alerts. Closing cancels the jobs;
 * they retain checkpoints on cancellation, so the next run finds the last ones.
 */
public final class LocalJobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);
    private static final String REST_PORTS = "8081-8180";

    private final MiniCluster cluster;
    private final List<LocalJob> jobs;

    private LocalJobRunner(MiniCluster cluster, List<LocalJob> jobs) {
        this.cluster = cluster;
        this.jobs = jobs;
    }

    public static LocalJobRunner start(PlumblineConfig config) throws Exception {
        List<JobKind> kinds = Arrays.stream(JobKind.values()).filter(config.job()::runs).toList();
        Configuration flink = DriftJob.flinkConfiguration(config);
        // Flink's web port is 8081 unless told otherwise; another Flink on this machine (a second demo, a test)
        // must not stop this one from starting, so the next free port of a range serves instead.
        flink.set(RestOptions.BIND_PORT, REST_PORTS);
        // Each job takes as many slots as its parallelism: its operators share them.
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(flink)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(config.job().parallelism() * kinds.size())
                .build());
        cluster.start();
        List<LocalJob> jobs = new ArrayList<>();
        LocalJobRunner runner = new LocalJobRunner(cluster, jobs);
        try {
            for (JobKind kind : kinds) {
                jobs.add(LocalJob.submit(cluster, kind, config));
            }
        } catch (Exception e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    /** The jobs running, in the order of {@link JobKind}. */
    public List<LocalJob> jobs() {
        return List.copyOf(jobs);
    }

    /** Completes when any job ends: a streaming job only ends when it fails. */
    public CompletableFuture<JobExecutionResult> termination() {
        CompletableFuture<JobExecutionResult> first = new CompletableFuture<>();
        for (LocalJob job : jobs) {
            job.termination().whenComplete((result, failure) -> {
                if (failure != null) {
                    first.completeExceptionally(failure);
                } else {
                    first.complete(result);
                }
            });
        }
        return first;
    }

    @Override
    public void close() throws Exception {
        try {
            for (LocalJob job : jobs) {
                cancel(job);
            }
        } finally {
            cluster.close();
        }
    }

    private void cancel(LocalJob job) throws Exception {
        if (job.termination().isDone()) {
            return;
        }
        cluster.cancelJob(job.id()).get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            job.termination().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException cancelled) {
            LOG.debug("{} ended on cancellation", job.name(), cancelled);
        } catch (TimeoutException e) {
            throw new TimeoutException("The " + job.name() + " job did not stop within " + CANCEL_TIMEOUT
                    + " of being cancelled");
        }
    }
}
