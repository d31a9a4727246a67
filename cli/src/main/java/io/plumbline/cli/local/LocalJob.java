package io.plumbline.cli.local;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.jobs.drift.DriftJob;
import io.plumbline.jobs.llm.LlmJob;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Plumbline's jobs submitted to a local MiniCluster, resumed from the newest checkpoint of an
 * earlier run in its own checkpoint directory (the LLM job's is {@code llm/} under the drift job's,
 * which the drift job's search does not reach).
 *
 * @param checkpointRoot where this job's checkpoints are looked for; empty when not local
 * @param resumedFrom the checkpoint it resumed from; empty when it started afresh
 * @param termination completes with the job's result when it ends, however it ended; exceptionally
 *     when the cluster shut down under it
 */
public record LocalJob(JobKind kind, String name, JobID id, Optional<Path> checkpointRoot,
                       Optional<Path> resumedFrom, CompletableFuture<JobResult> termination) {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

    static LocalJob submit(MiniCluster cluster, JobKind kind, PlumblineConfig config) throws Exception {
        boolean drift = kind == JobKind.DRIFT;
        Configuration flink = drift ? DriftJob.flinkConfiguration(config) : LlmJob.flinkConfiguration(config);
        RestartPolicy.applyTo(flink);
        String name = name(kind, config);
        Optional<Path> root = localDirectory(checkpointDirectory(kind, config));
        Optional<Path> resume = root.flatMap(CheckpointLocator::newest);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        if (drift) {
            DriftJob.define(env, config);
        } else {
            LlmJob.define(env, config);
        }
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        resume.ifPresent(checkpoint -> graph.setSavepointRestoreSettings(
                SavepointRestoreSettings.forPath(checkpoint.toUri().toString(), false)));
        JobID id = cluster.submitJob(graph).get().getJobID();
        return new LocalJob(kind, name, id, root, resume, cluster.requestJobResult(id));
    }

    /** "the drift job 'name'", "the LLM job 'name'". */
    public String describe() {
        return describe(kind, name);
    }

    static String describe(JobKind kind, String name) {
        return (kind == JobKind.DRIFT ? "the drift job '" : "the LLM job '") + name + "'";
    }

    static String name(JobKind kind, PlumblineConfig config) {
        return kind == JobKind.DRIFT ? config.job().name() : config.llm().jobName();
    }

    /** Where the {@code kind} job of {@code config} keeps its checkpoints. */
    static URI checkpointDirectory(JobKind kind, PlumblineConfig config) {
        return kind == JobKind.DRIFT ? config.checkpoint().directory() : LlmJob.checkpointDirectory(config);
    }

    /** The checkpoint the next run of this job would resume from. */
    public Optional<Path> latestCheckpoint() {
        return checkpointRoot.flatMap(CheckpointLocator::newest);
    }

    /** Where checkpoints of this run are looked for; only local directories can be searched. */
    static Optional<Path> localDirectory(URI checkpointDirectory) {
        Optional<Path> local = localPath(checkpointDirectory);
        if (local.isEmpty()) {
            LOG.warn("Checkpoints in {} are not searched on start: only a local (file:) directory is; "
                    + "this run starts afresh", checkpointDirectory);
        }
        return local;
    }

    /** The directory of a {@code file:} URI; empty for any other. */
    static Optional<Path> localPath(URI directory) {
        return "file".equals(directory.getScheme()) ? Optional.of(Path.of(directory)) : Optional.empty();
    }
}
