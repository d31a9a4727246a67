package io.plumbline.bench;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.rules.DriftEvaluator;
import io.plumbline.alerts.rules.DriftThresholds;
import io.plumbline.alerts.rules.WindowContext;
import io.plumbline.alerts.rules.WindowResult;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.monitor.drift.ProfileRecorder;
import io.plumbline.schemas.codec.JsonRecordWriter;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What DriftJob does per event, without Flink, on one thread: poll, decode, one sketch update per
 * feature into the key's window profile, and at each window's end the comparison with the warmup
 * baseline, the rules and the JSON of the results. The reference the job's overhead is measured
 * against. Args: bootstrap topic [stage]: {@link LoopStage}, full by default.
 */
public final class PlainLoopBench {

    /** One model version's state, as the job keeps it per key. */
    private static final class KeyState {
        final String modelId;
        final String modelVersion;
        final FeatureTypes types = new FeatureTypes();
        final AlertBook alerts = new AlertBook();
        long firstEvent = Long.MIN_VALUE;
        long windowStart = Long.MIN_VALUE;
        ModelProfile window = new ModelProfile();
        ModelProfile baseline;
        long baselineStart;

        KeyState(String modelId, String modelVersion) {
            this.modelId = modelId;
            this.modelVersion = modelVersion;
        }
    }

    private final DriftEvaluator evaluator = new DriftEvaluator(DriftThresholds.DEFAULTS);
    private final ProfileRecorder recorder = new ProfileRecorder(CategoricalSketch.DEFAULT_MAX_DISTINCT);
    private long outputBytes;
    private long statsRecords;
    private long alerts;
    private final LoopStage stage;
    /** What the poll and decode stages read of each record, so that the JIT cannot drop the reading. */
    private long touched;
    /** The events read so far, once per poll, for the measurement's thread. */
    private volatile long progress;

    private PlainLoopBench(LoopStage stage) {
        this.stage = stage;
    }

    public static void main(String[] args) throws RejectedRecordException {
        new PlainLoopBench(LoopStage.fromArgs(args, 2)).run(args[0], args[1]);
    }

    private void run(String bootstrap, String topic) throws RejectedRecordException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO);
        Map<String, KeyState> keys = new HashMap<>();
        long events = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Measurement measurement = Measurement.start(() -> progress);
            while (consumer.position(partition) < end) {
                progress = events;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    events++;
                    if (stage == LoopStage.POLL) {
                        touched += r.value().length;
                        continue;
                    }
                    PredictionRecord event = decoder.decode(r.value());
                    if (stage == LoopStage.DECODE) {
                        touched += event.featureCount();
                        continue;
                    }
                    KeyState key = keys.computeIfAbsent(event.modelId() + '\u0000' + event.modelVersion(),
                            k -> new KeyState(event.modelId(), event.modelVersion()));
                    long windowStart = event.timestamp() - Math.floorMod(event.timestamp(), BenchEvents.WINDOW_MILLIS);
                    if (key.firstEvent == Long.MIN_VALUE) {
                        key.firstEvent = event.timestamp();
                    }
                    if (windowStart != key.windowStart) {
                        close(key);
                        key.windowStart = windowStart;
                    }
                    recorder.record(event, key.window, key.types);
                }
            }
            // The bounded job's final watermark closes every open window: so does the loop.
            progress = events;
            keys.values().forEach(this::close);
            measurement.stop(stage.mode, events);
        }
        System.out.println(stage.mode + " wrote " + outputBytes + " bytes of results, touched " + touched);
        Measurement.printCounts(stage.mode, statsRecords, alerts);
    }

    private void close(KeyState key) {
        if (key.windowStart == Long.MIN_VALUE) {
            return;
        }
        if (stage == LoopStage.SKETCH) {
            touched += key.window.events();
        } else if (key.baseline == null) {
            // As the job's warmup: the first complete window, the first to start at or after the key's first event.
            if (key.windowStart >= key.firstEvent) {
                key.baseline = key.window;
                key.baselineStart = key.windowStart;
            }
        } else {
            WindowContext ctx = new WindowContext(key.modelId, key.modelVersion, key.windowStart,
                    key.windowStart + BenchEvents.WINDOW_MILLIS, "warmup", key.baselineStart,
                    key.baselineStart + BenchEvents.WINDOW_MILLIS, key.baseline.events(), key.window.events());
            WindowResult result = evaluator.evaluate(ctx, ProfileComparator.compare(key.baseline, key.window), key.alerts);
            result.stats().forEach(s -> outputBytes += JsonRecordWriter.toJson(s).length);
            result.alerts().forEach(a -> outputBytes += JsonRecordWriter.toJson(a).length);
            statsRecords += result.stats().size();
            alerts += result.alerts().size();
        }
        key.window = new ModelProfile();
    }
}
