package io.plumbline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.clusterframework.ApplicationStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.util.SerializedThrowable;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class LocalRunFailureTest {

    private final LocalJob drift = new LocalJob(JobKind.DRIFT, "plumbline-drift", new JobID(), Optional.empty(),
            Optional.empty(), new CompletableFuture<>());
    private final LocalJob llm = new LocalJob(JobKind.LLM, "plumbline-llm", new JobID(), Optional.empty(),
            Optional.empty(), new CompletableFuture<>());

    @Test
    void aFailedJobIsNamedWithItsRootCauseAndWhatToDo() {
        Throwable failure = new JobException("Recovery is suppressed by ExponentialDelayRestartBackoffTimeStrategy",
                new IllegalStateException("Could not initialize the sink\n\tat somewhere",
                        new KafkaException("Unexpected error in InitProducerIdResponse; The transaction timeout is"
                                + " larger than the maximum value allowed by the broker (as configured by"
                                + " transaction.max.timeout.ms).")));

        LocalRunFailure e = LocalRunFailure.ended(drift, result(ApplicationStatus.FAILED, failure));

        assertThat(e).hasMessage("The drift job 'plumbline-drift' FAILED after its restarts ran out; root cause:"
                + " KafkaException: Unexpected error in InitProducerIdResponse; The transaction timeout is larger than"
                + " the maximum value allowed by the broker (as configured by transaction.max.timeout.ms). Fix the"
                + " cause and start it again: a restarted plumbline run resumes from the last checkpoint.");
        assertThat(e).hasNoCause();
    }

    @Test
    void aJobCancelledFromOutsideSaysSo() {
        LocalRunFailure e = LocalRunFailure.ended(llm, result(ApplicationStatus.CANCELED, null));

        assertThat(e).hasMessage("The LLM job 'plumbline-llm' was CANCELED from outside (the web UI or the REST API)."
                + " Start it again: a restarted plumbline run resumes from the last checkpoint.");
    }

    @Test
    void aStalledJobGivesItsLastFailureByTheOriginalClassNameAndFirstLine() {
        Throwable last = new SerializedThrowable(new RuntimeException("wrapped",
                new java.util.concurrent.TimeoutException("Heartbeat of TaskManager timed out.\nmore")));

        LocalRunFailure e = LocalRunFailure.stalled(new JobWatch.Stall(drift, JobStatus.RESTARTING, "no TaskManager"),
                Optional.of(last));

        assertThat(e).hasMessage("The drift job 'plumbline-drift' is RESTARTING and cannot run: no TaskManager; last"
                + " failure: TimeoutException: Heartbeat of TaskManager timed out. Start it again: a restarted"
                + " plumbline run resumes from the last checkpoint.");
    }

    private JobResult result(ApplicationStatus status, Throwable failure) {
        JobResult.Builder result = new JobResult.Builder().jobId(drift.id()).applicationStatus(status).netRuntime(1);
        if (failure != null) {
            result.serializedThrowable(new SerializedThrowable(failure));
        }
        return result.build();
    }
}
