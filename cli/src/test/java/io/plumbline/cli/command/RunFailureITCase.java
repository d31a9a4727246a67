package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.demo.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that can no longer run ends {@code plumbline run} with a non-zero exit code and one line saying
 * why, so that a service manager restarts it; it must not sit restarting for ever.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RunFailureITCase {

    @TempDir Path work;

    @Test
    void aJobWhoseEveryRestartFailsEndsRunWithTheCause() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("plumbline.predictions", "plumbline.llm-calls", "plumbline.drift-stats",
                    "plumbline.llm-stats", "plumbline.alerts", "plumbline.dead-letter"));
            // A transaction timeout above the broker's transaction.max.timeout.ms (15 minutes by default):
            // the broker refuses every start of the jobs' transactional producers, at every restart.
            List<String> args = List.of("run", "--bootstrap-servers", broker.bootstrapServers(),
                    "--set", "kafka.properties.transaction.timeout.ms=3600000",
                    "--set", "checkpoint.directory=" + work.resolve("checkpoints").toUri(),
                    "--set", "job.name=failure-itcase",
                    "--set", "llm.job-name=failure-itcase-llm",
                    "--set", "serve.metrics.port=0");

            try (RunProcess run = RunProcess.start(args, work.resolve("run"))) {
                int exit = run.awaitExit(Duration.ofMinutes(3));

                assertThat(exit).as(run.transcript()).isEqualTo(1);
                assertThat(run.failure()).as(run.transcript())
                        .startsWith("plumbline run: The ")
                        .containsPattern("(drift job 'failure-itcase'|LLM job 'failure-itcase-llm') FAILED")
                        .contains("; root cause: KafkaException: Unexpected error in InitProducerIdResponse; The"
                                + " transaction timeout is larger than the maximum value allowed by the broker (as"
                                + " configured by transaction.max.timeout.ms). ")
                        .contains("resumes from the last checkpoint");
            }
        }
    }
}
