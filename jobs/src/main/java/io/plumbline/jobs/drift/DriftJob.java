package io.plumbline.jobs.drift;

import io.plumbline.jobs.config.ConfigLoader;
import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.PredictionWatermarks;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Prediction events in, drift statistics and alerts out:
 * <pre>
 * predictions ─► decode ─► route dead letters ─keyBy(model, version)─► drift windows ─► drift-stats
 *                                  │                                         └──────► alerts
 *                                  └─► dead-letter (rejected and late records)
 * </pre>
 *
 * Run on a cluster with {@code flink run plumbline-jobs.jar --config plumbline.yaml [--some.key value]}.
 */
public final class DriftJob {

    private DriftJob() {
    }

    public static void main(String[] args) throws Exception {
        PlumblineConfig config = ConfigLoader.loadFromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        define(env, config);
        env.execute(config.job().name());
    }

    /** Wires the job on {@code env} with the Kafka source and sinks of the config. */
    public static void define(StreamExecutionEnvironment env, PlumblineConfig config) {
        define(env, config, DriftJobIo.kafka(config));
    }

    /** Wires the job on {@code env} with the given source and sinks. */
    public static void define(StreamExecutionEnvironment env, PlumblineConfig config, DriftJobIo io) {
        SingleOutputStreamOperator<PredictionRecord> events = env
                .fromSource(io.predictions(),
                        PredictionWatermarks.strategy(config.watermark().outOfOrderness(), config.watermark().idleness()),
                        "predictions", PlumblineTypes.DECODED_RECORD)
                .uid("predictions-source")
                .process(new DeadLetterRouter(), PlumblineTypes.PREDICTION_RECORD)
                .name("route dead letters")
                .uid("dead-letter-router");
        events.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .sinkTo(io.deadLetters())
                .name("dead-letter sink")
                .uid("dead-letter-sink");

        SingleOutputStreamOperator<KeyedMessage> stats = events
                .keyBy(new ModelKey(), Types.STRING)
                .process(new DriftWindowFunction(config.window(), config.baselineSettings(),
                        config.features().maxPerModel(), config.rules()), PlumblineTypes.KEYED_MESSAGE)
                .name("drift windows")
                .uid("drift-windows");
        stats.sinkTo(io.driftStats())
                .name("drift-stats sink")
                .uid("drift-stats-sink");
        stats.getSideOutput(DriftWindowFunction.ALERTS)
                .sinkTo(io.alerts())
                .name("alerts sink")
                .uid("alerts-sink");
    }

    /** The Flink settings the job relies on; a caller may add its own (a restore path, a restart strategy). */
    public static Configuration flinkConfiguration(PlumblineConfig config) {
        Configuration flink = new Configuration();
        // Every type that crosses an edge or sits in state has our own serializer: a Kryo fallback is a bug.
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        // No operator keeps a reference to a record it was given, so chained operators may pass them on uncopied.
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.job().parallelism());
        // The exactly-once sinks commit on checkpoints: the interval is also how late a result becomes visible.
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpoint().interval());
        flink.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpoint().directory().toString());
        // A stopped run keeps its last checkpoint, so the next run resumes with its baselines and alert state.
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // DriftWindowFunction updates its profiles in place, which only the heap backend keeps.
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        return flink;
    }
}
