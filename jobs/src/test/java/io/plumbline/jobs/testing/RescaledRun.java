package io.plumbline.jobs.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.plumbline.testing.kafka.CommittedOutputs;
import io.plumbline.testing.kafka.KafkaTestCluster;

/**
 * One job's run over its own topics, on traffic sent in three parts, either to one job that runs throughout
 * ({@link #runUninterrupted}) or to three jobs at parallelism 1, 2 and 1, each resumed from the savepoint its
 * predecessor stopped with ({@link #runRescaled}). Both run on unbounded sources, as production does, and are
 * cancelled once their outputs settle: every window the traffic closes is committed, the last stays open.
 */
public abstract class RescaledRun {

    private static final Duration FIRST_OUTPUT = Duration.ofSeconds(90);
    /** Unchanged outputs for this many polls half a second apart mean every closed window is committed. */
    private static final int SETTLED_POLLS = 5;

    private final KafkaTestCluster kafka;
    private final Path savepoints;

    protected RescaledRun(KafkaTestCluster kafka, Path savepoints) {
        this.kafka = kafka;
        this.savepoints = savepoints;
    }

    /**
     * The traffic in three parts, the same in every run but for its topic; a record goes to the same partition at
     * the same offset in every run. A stop comes after the first and after the second part, each ending mid-window.
     */
    protected abstract List<List<ProducerRecord<byte[], byte[]>>> parts();

    /** The topic whose first committed records show that the job has closed a window. */
    protected abstract String statsTopic();

    /** The job's Flink configuration, as its {@code flinkConfiguration(config)} gives it. */
    protected abstract Configuration flinkConfiguration();

    /** Defines the job on {@code env}, reading an unbounded source; the name to execute it under. */
    protected abstract String define(StreamExecutionEnvironment env) throws Exception;

    /** What a {@code read_committed} reader sees of the job's outputs now. */
    public abstract CommittedOutputs outputs() throws Exception;

    /** Parallelism 1, no stop; the outputs once settled. */
    public CommittedOutputs runUninterrupted() throws Exception {
        for (List<ProducerRecord<byte[], byte[]>> part : parts()) {
            kafka.produce(part);
        }
        cancelWhenSettled(start(1, null));
        return outputs();
    }

    /**
     * The first part at parallelism 1, stopped with a savepoint once a window is committed; the second at
     * parallelism 2 from it, stopped once one more stats record is committed; the rest at parallelism 1 from that
     * savepoint. The outputs once settled.
     */
    public CommittedOutputs runRescaled() throws Exception {
        List<List<ProducerRecord<byte[], byte[]>>> parts = parts();
        kafka.produce(parts.get(0));
        String first = stopWhenCommitted(start(1, null), 1);
        kafka.produce(parts.get(1));
        String second = stopWhenCommitted(start(2, first), outputs().stats().size() + 1);
        kafka.produce(parts.get(2));
        cancelWhenSettled(start(1, second));
        return outputs();
    }

    /** Starts the job at {@code parallelism}, from {@code savepoint} unless it is null; no restarts. */
    private JobClient start(int parallelism, String savepoint) throws Exception {
        Configuration flink = IntegrationClusters.withNoRestarts(flinkConfiguration());
        flink.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        if (savepoint != null) {
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        return env.executeAsync(define(env));
    }

    /** Once {@code atLeast} stats are committed, stops the job with a savepoint; its path. */
    private String stopWhenCommitted(JobClient job, int atLeast) throws Exception {
        kafka.consumeCommittedUntil(statsTopic(), read -> read.size() >= atLeast, FIRST_OUTPUT);
        return job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    private void cancelWhenSettled(JobClient job) throws Exception {
        kafka.consumeCommittedUntil(statsTopic(), read -> !read.isEmpty(), FIRST_OUTPUT);
        int last = -1;
        int unchanged = 0;
        while (unchanged < SETTLED_POLLS) {
            Thread.sleep(500);
            int now = outputs().size();
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
        }
        job.cancel().get(60, TimeUnit.SECONDS);
    }
}
