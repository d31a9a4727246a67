package io.plumbline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

class JobWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");

    private final JobWatch watch = new JobWatch(Duration.ofSeconds(60));
    private final LocalJob drift = job(JobKind.DRIFT, "drift");
    private final LocalJob llm = job(JobKind.LLM, "llm");

    @Test
    void aRunWithoutTaskManagerStallsOnceTheLimitIsPassed() {
        assertThat(observe(0, 0, JobStatus.RESTARTING, JobStatus.RUNNING)).isEmpty();
        assertThat(observe(60, 0, JobStatus.RUNNING, JobStatus.RUNNING)).isEmpty();

        assertThat(observe(61, 0, JobStatus.RUNNING, JobStatus.RUNNING)).hasValueSatisfying(stall -> {
            assertThat(stall.job()).isEqualTo(drift);
            assertThat(stall.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(stall.why()).isEqualTo("no TaskManager for 60s (the local TaskManager stopped; its error is"
                    + " logged above)");
        });
    }

    @Test
    void aTaskManagerInBetweenStartsTheCountAgain() {
        observe(0, 0, JobStatus.RUNNING, JobStatus.RUNNING);
        observe(30, 1, JobStatus.RUNNING, JobStatus.RUNNING);

        assertThat(observe(61, 0, JobStatus.RUNNING, JobStatus.RUNNING)).isEmpty();
        assertThat(observe(122, 0, JobStatus.RUNNING, JobStatus.RUNNING)).isPresent();
    }

    @Test
    void aJobRestartingForLongerThanTheLimitStallsThoughThereIsATaskManager() {
        observe(0, 1, JobStatus.RUNNING, JobStatus.RESTARTING);
        assertThat(observe(60, 1, JobStatus.RUNNING, JobStatus.RESTARTING)).isEmpty();

        assertThat(observe(61, 1, JobStatus.RUNNING, JobStatus.RESTARTING)).hasValueSatisfying(stall -> {
            assertThat(stall.job()).isEqualTo(llm);
            assertThat(stall.status()).isEqualTo(JobStatus.RESTARTING);
            assertThat(stall.why()).isEqualTo("RESTARTING for 60s");
        });
    }

    @Test
    void restartsThatGetTheJobRunningNeverAddUp() {
        for (int second = 0; second <= 300; second += 20) {
            JobStatus llmStatus = second % 40 == 0 ? JobStatus.RESTARTING : JobStatus.RUNNING;
            assertThat(observe(second, 1, JobStatus.RUNNING, llmStatus)).as("at %ss", second).isEmpty();
        }
    }

    @Test
    void theLimitOutlastsTheLongestWaitBetweenTwoRestarts() {
        assertThat(JobWatch.STALL_LIMIT).isGreaterThan(RestartPolicy.MAX_BACKOFF.multipliedBy(2));
    }

    private Optional<JobWatch.Stall> observe(int second, int taskManagers, JobStatus driftStatus, JobStatus llmStatus) {
        Map<LocalJob, JobStatus> statuses = new LinkedHashMap<>();
        statuses.put(drift, driftStatus);
        statuses.put(llm, llmStatus);
        return watch.observe(T0.plusSeconds(second), taskManagers, statuses);
    }

    private static LocalJob job(JobKind kind, String name) {
        return new LocalJob(kind, name, new JobID(), Optional.empty(), Optional.empty(), new CompletableFuture<>());
    }
}
