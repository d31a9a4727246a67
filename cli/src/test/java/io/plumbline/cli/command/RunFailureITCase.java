package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.demo.EmbeddedBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A job that can no longer run ends {@code plumbline run} with a non-zero exit code and one line saying
 * why, so that a service manager restarts it; it must not sit restarting for ever.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
// Both tests side by side: each spends its time waiting (some 35 s of restart backoff, a 20 s Kafka timeout),
// and neither shares anything with the other, so together they take as long as the longer one.
@Execution(ExecutionMode.CONCURRENT)
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

    /** A Kafka that does not answer at start: one sentence within 30 s of starting the JVM, not a hang. */
    @Test
    void aKafkaThatDoesNotAnswerEndsRunWithinHalfAMinute() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        try (RunProcess run = RunProcess.start(List.of("run", "--bootstrap-servers", "127.0.0.1:" + closedPort,
                "--set", "checkpoint.directory=" + work.resolve("unreachable").toUri()), work.resolve("unreachable-run"))) {
            int exit = run.awaitExit(Duration.ofMinutes(2));

            assertThat(exit).as(run.transcript()).isEqualTo(1);
            assertThat(run.failure()).as(run.transcript())
                    .contains("Kafka at 127.0.0.1:" + closedPort + " did not answer within 20s; is it running there?");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(run.transcript())
                    .isLessThan(Duration.ofSeconds(30));
        }
    }
}
