package io.plumbline.jobs.llm;

import java.net.URI;

import io.plumbline.jobs.config.ConfigLoader;
import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJob;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.state.PlumblineTypes;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * LLM calls in, LLM statistics out:
 * <pre>
 * llm-calls ─► decode ─► route dead letters ─keyBy(service, prompt, operation)─► llm windows ─► llm-stats
 *                               └─► dead-letter (rejected and late)               └─► alerts
 * </pre>
 * The alerts go to the drift job's alerts topic, through a sink of this job's own.
 *
 * Run on a cluster with {@code flink run -c io.plumbline.jobs.llm.LlmJob plumbline-jobs.jar --config
 * plumbline.yaml [--some.key value]}.
 */
public final class LlmJob {

    /** Beside the drift job's checkpoints, so that each job's newest checkpoint is found apart. */
    static final String CHECKPOINT_SUBDIRECTORY = "llm/";

    private LlmJob() {
    }

    public static void main(String[] args) throws Exception {
        PlumblineConfig config = ConfigLoader.loadFromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        define(env, config);
        env.execute(config.llm().jobName());
    }

    /** Wires the job on {@code env} with the Kafka source and sinks of the config. */
    public static void define(StreamExecutionEnvironment env, PlumblineConfig config) {
        define(env, config, LlmJobIo.kafka(config));
    }

    /** Wires the job on {@code env} with the given source and sinks. */
    public static void define(StreamExecutionEnvironment env, PlumblineConfig config, LlmJobIo io) {
        SingleOutputStreamOperator<KeyedMessage> windows = LlmCalls.keyed(env, io.calls(), io.deadLetters(),
                        config.watermark().outOfOrderness(), config.watermark().idleness())
                .process(new LlmWindowFunction(config.llm().windowSize(), config.llm().prices(), config.llm().rules()),
                        PlumblineTypes.KEYED_MESSAGE)
                .name("llm windows")
                .uid("llm-windows");
        windows.sinkTo(io.llmStats())
                .name("llm-stats sink")
                .uid("llm-stats-sink");
        windows.getSideOutput(LlmWindowFunction.ALERTS)
                .sinkTo(io.alerts())
                .name("llm alerts sink")
                .uid("llm-alerts-sink");
    }

    /**
     * The drift job's Flink settings (generic types off, exactly-once checkpoints, the heap backend the
     * in-place profiles need), with checkpoints in {@value #CHECKPOINT_SUBDIRECTORY} of the checkpoint
     * directory; a caller may add its own.
     */
    public static Configuration flinkConfiguration(PlumblineConfig config) {
        Configuration flink = DriftJob.flinkConfiguration(config);
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory(config).toString());
        return flink;
    }

    /** Where this job's checkpoints go: {@value #CHECKPOINT_SUBDIRECTORY} of {@code checkpoint.directory}. */
    public static URI checkpointDirectory(PlumblineConfig config) {
        String base = config.checkpoint().directory().toString();
        return URI.create(base.endsWith("/") ? base : base + "/").resolve(CHECKPOINT_SUBDIRECTORY);
    }
}
