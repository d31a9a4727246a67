package io.plumbline.cli.local;

import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJob;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the DriftJob on a MiniCluster in this JVM, resuming from the newest checkpoint of an earlier
 * run under the configured checkpoint directory, so that a restarted {@code plumbline run} neither
 * re-learns baselines nor re-sends alerts. Closing cancels the job; DriftJob retains checkpoints on
 * cancellation, so the next run finds the last one.
 */
public final class LocalJobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);

    private final JobClient client;
    private final Optional<Path> checkpointRoot;
    private final Optional<Path> resumedFrom;

    private LocalJobRunner(JobClient client, Optional<Path> checkpointRoot, Optional<Path> resumedFrom) {
        this.client = client;
        this.checkpointRoot = checkpointRoot;
        this.resumedFrom = resumedFrom;
    }

    public static LocalJobRunner start(PlumblineConfig config) throws Exception {
        Configuration flink = DriftJob.flinkConfiguration(config);
        Optional<Path> checkpointRoot = localDirectory(config.checkpoint().directory());
        Optional<Path> resume = checkpointRoot.flatMap(CheckpointLocator::newest);
        resume.ifPresent(checkpoint -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        DriftJob.define(env, config);
        return new LocalJobRunner(env.executeAsync(config.job().name()), checkpointRoot, resume);
    }

    /** The checkpoint this run resumed from; empty when it started afresh. */
    public Optional<Path> resumedFrom() {
        return resumedFrom;
    }

    /** The checkpoint the next run would resume from. */
    public Optional<Path> latestCheckpoint() {
        return checkpointRoot.flatMap(CheckpointLocator::newest);
    }

    /** Completes when the job ends without being cancelled: a streaming job only ends when it fails. */
    public CompletableFuture<JobExecutionResult> termination() {
        return client.getJobExecutionResult();
    }

    /** Where checkpoints of this run are looked for; only local directories can be searched. */
    static Optional<Path> localDirectory(URI checkpointDirectory) {
        if ("file".equals(checkpointDirectory.getScheme())) {
            return Optional.of(Path.of(checkpointDirectory));
        }
        LOG.warn("Checkpoints in {} are not searched on start: only a local (file:) directory is; "
                + "this run starts afresh", checkpointDirectory);
        return Optional.empty();
    }

    @Override
    public void close() throws Exception {
        if (client.getJobExecutionResult().isDone()) {
            return;
        }
        client.cancel().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            // The MiniCluster shuts down once the job has ended; wait for that, not just the request.
            client.getJobExecutionResult().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException cancelled) {
            LOG.debug("Job ended on cancellation", cancelled);
        } catch (TimeoutException e) {
            throw new TimeoutException("The job did not stop within " + CANCEL_TIMEOUT + " of being cancelled");
        }
    }
}
