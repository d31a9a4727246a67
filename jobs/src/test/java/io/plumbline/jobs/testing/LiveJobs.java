package io.plumbline.jobs.testing;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJob;
import io.plumbline.jobs.drift.DriftJobIo;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.llm.LlmJob;
import io.plumbline.jobs.llm.LlmJobIo;
import io.plumbline.testing.kafka.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The drift job and the LLM job as a user runs them, unbounded on their Kafka topics, for the ITCases that
 * send live traffic: every topic of a run named after one prefix, short windows, frequent checkpoints.
 */
public final class LiveJobs {

    private LiveJobs() {
    }

    /**
     * The config of a run whose topics are {@code prefix.<topic>}, with windows of {@code window}, a second
     * of idleness and {@code extra} on top; its alerts and dead-letter topics are created, the others are
     * the caller's to create.
     */
    public static PlumblineConfig configure(KafkaTestCluster kafka, String prefix, Path checkpoints, Duration window,
                                            Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("kafka.starting-offsets", "earliest");
        for (String topic : List.of("predictions", "baselines", "drift-stats", "alerts", "dead-letter", "llm-calls",
                "llm-stats")) {
            settings.put("topics." + topic, prefix + "." + topic);
        }
        settings.put("job.name", prefix.replace('.', '-'));
        settings.put("llm.job-name", prefix.replace('.', '-') + "-llm");
        settings.put("window.size", window.toMillis() + "ms");
        settings.put("llm.window.size", window.toMillis() + "ms");
        settings.put("window.min-events", "10");
        settings.put("baseline.warmup-events", "10");
        settings.put("watermark.out-of-orderness", "200ms");
        settings.put("watermark.idleness", "1s");
        settings.put("checkpoint.interval", "500ms");
        settings.put("checkpoint.directory", checkpoints.toString());
        settings.putAll(extra);
        PlumblineConfig config = ConfigLoader.load(null, settings, Map.of());
        kafka.createTopic(config.topics().alerts(), 1);
        kafka.createTopic(config.topics().deadLetter(), 1);
        return config;
    }

    /** The drift job with the config's topics, without a baselines topic. */
    public static DriftJobIo withoutBaselines(PlumblineConfig config) {
        return new DriftJobIo(KafkaIo.predictionsSource(config).build(), KafkaIo.deadLetterSink(config),
                KafkaIo.driftStatsSink(config), KafkaIo.alertsSink(config));
    }

    /** Starts the drift job; it never restarts, so a failure ends it. */
    public static JobClient startDrift(PlumblineConfig config, DriftJobIo io) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                IntegrationClusters.withNoRestarts(DriftJob.flinkConfiguration(config)));
        DriftJob.define(env, config, io);
        return env.executeAsync(config.job().name());
    }

    /**
     * Waits until the job is running, so that a test's timeline starts from a scheduled job: on a loaded
     * machine scheduling can take longer than the quiet spell a test begins with.
     */
    public static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job.getJobID() + " did not start running within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Cancels the job and waits until it has stopped: until then its checkpoints may still be written, and a
     * test's temporary directory could not be deleted under them.
     */
    public static void cancel(JobClient job) throws Exception {
        if (job.getJobStatus().get().isGloballyTerminalState()) {
            return; // failed: requireAlive says why; cancelling it would only fail again
        }
        job.cancel().get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!job.getJobStatus().get().isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job.getJobID() + " did not stop within 60 s of its cancel");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Throws, with the job's failure as the cause, when one of the jobs has stopped: a test waiting for its
     * output would otherwise wait in vain, and end with less to say.
     */
    public static void requireAlive(List<JobClient> jobs) {
        try {
            for (JobClient job : jobs) {
                JobStatus status = job.getJobStatus().get();
                if (status.isGloballyTerminalState()) {
                    Throwable failure = job.getJobExecutionResult().handle((result, e) -> e).get();
                    throw new AssertionError("job " + job.getJobID() + " is " + status, failure);
                }
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot ask the cluster how its jobs are", e);
        }
    }

    /** Starts the LLM job on the config's topics; it never restarts, so a failure ends it. */
    public static JobClient startLlm(PlumblineConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                IntegrationClusters.withNoRestarts(LlmJob.flinkConfiguration(config)));
        LlmJob.define(env, config, LlmJobIo.kafka(config));
        return env.executeAsync(config.llm().jobName());
    }
}
