package io.plumbline.cli.local;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

/**
 * Tells a local run whose jobs can still run from one whose cannot, though no job has FAILED. Flink
 * waits for resources for ever: when the one TaskManager of a MiniCluster dies (a fatal error ends
 * it, and nothing starts another), its jobs sit in RESTARTING or wait for slots indefinitely. A run
 * without a TaskManager, or with a job RESTARTING, for longer than the limit is stalled.
 */
final class JobWatch {

    /** Longer than any wait between two restarts ({@link RestartPolicy#MAX_BACKOFF}): only a stall lasts this long. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private final Duration limit;
    private Instant withoutTaskManagerSince;
    private final Map<JobID, Instant> restartingSince = new HashMap<>();

    JobWatch(Duration limit) {
        this.limit = limit;
    }

    /** A job that cannot run, seen at {@code now} with {@code taskManagers} registered; empty while all can. */
    Optional<Stall> observe(Instant now, int taskManagers, Map<LocalJob, JobStatus> statuses) {
        if (taskManagers > 0) {
            withoutTaskManagerSince = null;
        } else if (withoutTaskManagerSince == null) {
            withoutTaskManagerSince = now;
        }
        for (Map.Entry<LocalJob, JobStatus> job : statuses.entrySet()) {
            if (job.getValue() == JobStatus.RESTARTING) {
                restartingSince.putIfAbsent(job.getKey().id(), now);
            } else {
                restartingSince.remove(job.getKey().id());
            }
        }
        for (Map.Entry<LocalJob, JobStatus> job : statuses.entrySet()) {
            if (exceeded(withoutTaskManagerSince, now)) {
                return Optional.of(new Stall(job.getKey(), job.getValue(), "no TaskManager for " + seconds()
                        + " (the local TaskManager stopped; its error is logged above)"));
            }
            if (exceeded(restartingSince.get(job.getKey().id()), now)) {
                return Optional.of(new Stall(job.getKey(), job.getValue(), "RESTARTING for " + seconds()));
            }
        }
        return Optional.empty();
    }

    private boolean exceeded(Instant since, Instant now) {
        return since != null && Duration.between(since, now).compareTo(limit) > 0;
    }

    private String seconds() {
        return limit.toSeconds() + "s";
    }

    /** {@code job}, in {@code status}, has not been able to run: {@code why}. */
    record Stall(LocalJob job, JobStatus status, String why) {}
}
