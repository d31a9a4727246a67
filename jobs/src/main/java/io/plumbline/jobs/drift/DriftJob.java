package io.plumbline.jobs.drift;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.jobs.inference.InferenceId;
import io.plumbline.jobs.inference.InferencePairing;
import io.plumbline.jobs.kafka.BaselineRouter;
import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.EventWatermarks;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.KeyedStageDeadLetters;
import io.plumbline.jobs.kafka.ReferenceWatermarks;
import io.plumbline.jobs.kafka.WindowLateness;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.jobs.window.CombinedKey;
import io.plumbline.jobs.window.PaneCombiner;
import io.plumbline.schemas.event.PredictionRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Prediction events in, drift statistics and alerts out:
 * <pre>
 * predictions ─► decode ─► route dead letters ─► combine panes ─keyBy(model, version)─► drift windows ─► drift-stats
 *                                  │                                                  ▲      ├──────► alerts
 *                                  └─► dead-letter (rejected and late)                 │      └──────► dead-letter (late)
 * baselines ─► decode ─► route undecodable ─────────────────────keyBy(model, version)──┘
 *                                  └─► dead-letter (undecodable)
 * </pre>
 * A predictions topic of inference logs ({@code kserve}) is decoded into halves of inferences, which a
 * keyBy(inference id) pairs into predictions before the dead-letter routing.
 *
 * Run on a cluster with {@code flink run plumbline-jobs.jar --config plumbline.yaml [--some.key value]}.
 */
public final class DriftJob {

    /** What a local run's TaskManager gets for RocksDB: room for its default write buffers and cache. */
    private static final MemorySize LOCAL_MANAGED_MEMORY = MemorySize.ofMebiBytes(512);

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
        SingleOutputStreamOperator<PredictionRecord> events = decoded(env, io.predictions(), config)
                .process(new DeadLetterRouter<>(new WindowLateness(config.window().size().toMillis(),
                        config.window().slide().toMillis())), PlumblineTypes.PREDICTION_RECORD)
                .name("route dead letters")
                .uid("dead-letter-router");
        DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetterRouter.DEAD_LETTERS);
        DataStream<ReferenceBaseline> references;
        if (io.baselines().isPresent()) {
            SingleOutputStreamOperator<ReferenceBaseline> routed = env
                    .fromSource(io.baselines().get(), WatermarkStrategy.noWatermarks(), "baselines",
                            PlumblineTypes.DECODED_BASELINE)
                    .uid("baselines-source")
                    .process(new BaselineRouter(), PlumblineTypes.REFERENCE_BASELINE)
                    .name("route undecodable baselines")
                    .uid("baseline-router");
            deadLetters = deadLetters.union(routed.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
            references = routed
                    .assignTimestampsAndWatermarks(ReferenceWatermarks.strategy())
                    .name("baselines at the end of time")
                    .uid("baseline-watermarks");
        } else {
            // A stream of no references cut from the predictions, so the drift stage has the same two
            // inputs either way; it carries the predictions' own watermarks, so it holds nothing back.
            references = events.flatMap(new NoReferences(), PlumblineTypes.REFERENCE_BASELINE)
                    .name("no baselines")
                    .uid("no-baselines");
        }
        // Still "drift-windows" now that it has two inputs: Flink maps operator state by uid, not by
        // the operator's class or input count, so a checkpoint of the one-input stage restores here.
        PredictionPartials partials = new PredictionPartials(config.window().slide().toMillis(),
                config.features().maxPerModel(), config.features().maxCategories());
        SingleOutputStreamOperator<KeyedMessage> stats = updates(events, partials, config)
                .keyBy(new CombinedKey<>(partials), Types.STRING)
                .connect(references.keyBy(new ReferenceKey(), Types.STRING))
                .process(new DriftWindowFunction(config.window(), config.modelIdleAfter(), config.baselineSettings(),
                        config.features(), config.limits().maxModels(), config.rules(), config.runbooks(),
                        new KeyedStageDeadLetters(config.topics().predictions(), "drift windows")),
                        PlumblineTypes.KEYED_MESSAGE)
                .name("drift windows")
                .uid("drift-windows");
        // One dead-letter sink for the whole job: two sinks would share, and fence, one transactional id.
        deadLetters
                .union(stats.getSideOutput(DeadLetterRouter.DEAD_LETTERS))
                .sinkTo(io.deadLetters())
                .name("dead-letter sink")
                .uid("dead-letter-sink");
        stats.sinkTo(io.driftStats())
                .name("drift-stats sink")
                .uid("drift-stats-sink");
        stats.getSideOutput(DriftWindowFunction.ALERTS)
                .sinkTo(io.alerts())
                .name("alerts sink")
                .uid("alerts-sink");
    }

    /**
     * The predictions as the source decodes them or, from inference logs, as their halves are paired: either way
     * decoded records, accepted or rejected, so that the late check and all after it are the same.
     */
    private static DataStream<DecodedRecord<PredictionRecord>> decoded(StreamExecutionEnvironment env,
                                                                     PredictionInput input, PlumblineConfig config) {
        Duration outOfOrderness = config.watermark().outOfOrderness();
        Duration idleness = config.watermark().idleness();
        if (input instanceof PredictionInput.InferenceLogs logs) {
            return env.fromSource(logs.source(), EventWatermarks.strategy(outOfOrderness, idleness), "inference logs",
                            PlumblineTypes.DECODED_INFERENCE_HALF)
                    .uid("predictions-source")
                    .keyBy(new InferenceId(), Types.STRING)
                    .process(new InferencePairing(logs.topic(), logs.pairWithin()), PlumblineTypes.DECODED_RECORD)
                    .name("pair requests and responses")
                    .uid("inference-pairing");
        }
        return env.fromSource(((PredictionInput.Events) input).source(),
                        EventWatermarks.strategy(outOfOrderness, idleness), "predictions", PlumblineTypes.DECODED_RECORD)
                .uid("predictions-source");
    }

    /**
     * The events as the drift stage takes them: folded into pane partials before the shuffle
     * ({@link PaneCombiner}), unless a baseline of the first {@code baseline.warmup-events} events needs them
     * one by one.
     */
    private static DataStream<Either<PredictionRecord, PanePartial>> updates(DataStream<PredictionRecord> events,
                                                                          PredictionPartials partials,
                                                                          PlumblineConfig config) {
        if (config.baselineSettings().warmupEvents() > 0) {
            return events.map(Either::Left, PlumblineTypes.MODEL_UPDATE)
                    .name("one by one")
                    .uid("pane-combiner");
        }
        return events.transform("combine panes", PlumblineTypes.MODEL_UPDATE,
                        new PaneCombiner<>(partials, config.limits().maxModels()))
                .uid("pane-combiner");
    }

    /** The references of a job without a baselines source: none. */
    private static final class NoReferences implements FlatMapFunction<PredictionRecord, ReferenceBaseline> {
        @Override
        public void flatMap(PredictionRecord event, Collector<ReferenceBaseline> out) {
        }
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
        // DriftWindowFunction puts back what it changes in place, so RocksDB keeps it too.
        flink.set(StateBackendOptions.STATE_BACKEND, config.checkpoint().stateBackend().flinkName());
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, config.checkpoint().incremental());
        if (config.checkpoint().stateBackend() == PlumblineConfig.StateBackend.ROCKSDB) {
            // RocksDB's memtables and block cache live in managed memory, of which a local run's TaskManager
            // has too little by default (RocksDB then flushes constantly); a cluster sizes its TaskManagers in
            // its own config, which this does not override.
            flink.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, LOCAL_MANAGED_MEMORY);
        }
        return flink;
    }
}
