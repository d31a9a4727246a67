package io.plumbline.cli.local;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.jobs.drift.DriftJob;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs {@code job.enabled} names (the drift job, the LLM job, or both) on one MiniCluster in
 * this JVM, each resuming from the newest checkpoint of an earlier run of it, so that a restarted
 * {@code plumbline run} neither re-learns baselines nor re-sends alerts. Closing cancels the jobs;
 * they retain checkpoints on cancellation, so the next run finds the last ones.
 *
 * <p>Its ports (the web UI and REST API, the BLOB server) listen on the bind address only, loopback
 * unless asked otherwise: the REST API cancels jobs for whoever asks. {@link #ensureRunning} tells
 * when the jobs can no longer run, for the command to end with the reason.
 */
public final class LocalJobRunner implements AutoCloseable {

    /** This machine only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);
    /** How long the local cluster may take to say how its jobs are before it counts as unresponsive. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final String REST_PORTS = "8081-8180";
    /** Where Flink's Prometheus reporter serves: 9249, its default, or the next free port. */
    public static final String FLINK_METRICS_PORTS = "9249-9259";

    private final MiniCluster cluster;
    private final List<LocalJob> jobs;
    private final JobWatch watch;

    private LocalJobRunner(MiniCluster cluster, List<LocalJob> jobs, JobWatch watch) {
        this.cluster = cluster;
        this.jobs = jobs;
        this.watch = watch;
    }

    /**
     * Starts the cluster and submits the jobs.
     *
     * @param bindAddress where the cluster's ports listen: {@link #DEFAULT_BIND_ADDRESS}, another
     *     address of this machine, or 0.0.0.0 for all of them
     */
    public static LocalJobRunner start(PlumblineConfig config, String bindAddress) throws Exception {
        return start(config, bindAddress, JobWatch.STALL_LIMIT);
    }

    static LocalJobRunner start(PlumblineConfig config, String bindAddress, Duration stallLimit) throws Exception {
        if (!exitsOnOutOfMemory()) {
            LOG.warn("This JVM was started without -XX:+ExitOnOutOfMemoryError: an OutOfMemoryError outside the jobs'"
                    + " tasks may leave it running without working. The plumbline launcher passes the flag; pass it"
                    + " too when starting the jar yourself.");
        }
        List<JobKind> kinds = Arrays.stream(JobKind.values()).filter(config.job()::runs).toList();
        // Each job takes as many slots as its parallelism: its operators share them.
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConfiguration(config, bindAddress))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(config.job().parallelism() * kinds.size())
                .build());
        cluster.start();
        List<LocalJob> jobs = new ArrayList<>();
        LocalJobRunner runner = new LocalJobRunner(cluster, jobs, new JobWatch(stallLimit));
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

    static Configuration clusterConfiguration(PlumblineConfig config, String bindAddress) throws UnknownHostException {
        Configuration flink = DriftJob.flinkConfiguration(config);
        // Flink's web port is 8081 unless told otherwise; another Flink on this machine (a second demo, a test)
        // must not stop this one from starting, so the next free port of a range serves instead.
        flink.set(RestOptions.BIND_PORT, REST_PORTS);
        flink.set(RestOptions.BIND_ADDRESS, bindAddress);
        boolean everywhere = InetAddress.getByName(bindAddress).isAnyLocalAddress();
        flink.set(RestOptions.ADDRESS, everywhere ? "localhost" : bindAddress);
        // The BLOB server's socket. The RPC services of a MiniCluster with one TaskManager are in-process
        // and its tasks exchange data in memory: no other port is opened; the TaskManager's bind host
        // covers one it might open all the same.
        flink.set(JobManagerOptions.BIND_HOST, bindAddress);
        flink.set(TaskManagerOptions.BIND_HOST, bindAddress);
        // The BLOB cache reaches the BLOB server at this machine's host name, which need not resolve to the
        // bind address; the cache is only used for job data above this size, which in-process RPC carries as well.
        flink.set(BlobServerOptions.OFFLOAD_MINSIZE, Integer.MAX_VALUE);
        // A task out of heap halts the JVM rather than failing over into the next OutOfMemoryError; with
        // -XX:+ExitOnOutOfMemoryError (the launcher's) every other thread's does too.
        flink.set(TaskManagerOptions.KILL_ON_OUT_OF_MEMORY, true);
        // Flink's own health (records in and out, checkpoints, consumer lag) for Prometheus, from Flink's reporter:
        // its default port, or the next free one when another Flink on this machine has it.
        flink.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        flink.setString("metrics.reporter.prom.port", FLINK_METRICS_PORTS);
        return flink;
    }

    private static boolean exitsOnOutOfMemory() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return hotSpot == null || Boolean.parseBoolean(hotSpot.getVMOption("ExitOnOutOfMemoryError").getValue());
    }

    /** The jobs running, in the order of {@link JobKind}. */
    public List<LocalJob> jobs() {
        return List.copyOf(jobs);
    }

    /** Where the web UI and the REST API answer. */
    public URI restAddress() throws Exception {
        return cluster.getRestAddress().get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Returns while every job can run; throws when one cannot: it ended (a streaming job only ends when
     * it FAILED after its restarts ran out, or was cancelled from outside), or it has been stalled (no
     * TaskManager, or RESTARTING) for longer than {@link JobWatch#STALL_LIMIT}.
     */
    public void ensureRunning() throws InterruptedException {
        try {
            for (LocalJob job : jobs) {
                if (job.termination().isDone()) {
                    throw LocalRunFailure.ended(job, job.termination().get());
                }
            }
            int taskManagers = ask(cluster.getResourceOverview()).getNumberTaskManagers();
            Map<LocalJob, JobStatus> statuses = new LinkedHashMap<>();
            for (LocalJob job : jobs) {
                statuses.put(job, ask(cluster.getJobStatus(job.id())));
            }
            Optional<JobWatch.Stall> stall = watch.observe(Instant.now(), taskManagers, statuses);
            if (stall.isPresent()) {
                throw LocalRunFailure.stalled(stall.get(), lastFailure(stall.get().job()));
            }
        } catch (ExecutionException e) {
            throw LocalRunFailure.unanswered(e.getCause());
        } catch (TimeoutException e) {
            throw LocalRunFailure.unanswered(e);
        }
    }

    private Optional<Throwable> lastFailure(LocalJob job) throws ExecutionException, TimeoutException,
            InterruptedException {
        return Optional.ofNullable(ask(cluster.getExecutionGraph(job.id())).getFailureInfo())
                .map(ErrorInfo::getException)
                .map(failure -> failure.deserializeError(LocalJobRunner.class.getClassLoader()));
    }

    private static <T> T ask(CompletableFuture<? extends T> answer)
            throws ExecutionException, TimeoutException, InterruptedException {
        return answer.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The cluster itself, for tests that break it. */
    MiniCluster cluster() {
        return cluster;
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
