package io.plumbline.bench;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.llm.LlmEvaluator;
import io.plumbline.alerts.llm.LlmRuleState;
import io.plumbline.alerts.llm.LlmStatsRecords;
import io.plumbline.alerts.llm.LlmWindowContext;
import io.plumbline.alerts.llm.VariantWindow;
import io.plumbline.alerts.llm.VersionChange;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.llm.CallObserver;
import io.plumbline.jobs.llm.CallVariants;
import io.plumbline.monitor.llm.LlmBaselines;
import io.plumbline.jobs.llm.LlmKey;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.event.LlmCallRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What LlmJob does per call, without Flink, on one thread: poll, decode, the (service, prompt,
 * operation) key, one {@link RouteProfile} update through the job's {@link CallObserver} and
 * {@link CallVariants}; and at each window's end what the job's window stage does: every variant's
 * LlmStats in JSON, the releases, the rules against each variant's baseline, the warm-ups learnt, and
 * the alerts in JSON. With the job's config (the same defaults, prices and rules), so the reference
 * the job's overhead is measured against. Args: bootstrap topic [stage]: {@link LoopStage}, full by default.
 */
public final class LlmPlainLoopBench {

    /** One key's state, as the job keeps it: the open window, and what outlives windows. */
    private static final class KeyState {
        long windowStart = Long.MIN_VALUE;
        RouteProfile window;
        final LlmRuleState rules = new LlmRuleState();
        final LlmBaselines baselines = new LlmBaselines();
        final AlertBook alerts = new AlertBook();

        KeyState(int maxVariants) {
            window = new RouteProfile(maxVariants);
        }
    }

    private final LlmCallDecoder decoder;
    private final long size;
    private final LlmEvaluator evaluator;
    private final int maxVariants;
    private final CallObserver observer;
    private final CallVariants variants = new CallVariants();
    private long outputBytes;
    private long statsRecords;
    private long alerts;
    private final LoopStage stage;
    /** What the poll and decode stages read of each record, so that the JIT cannot drop the reading. */
    private long touched;
    /** The calls read so far, once per poll, for the measurement's thread. */
    private volatile long progress;

    private LlmPlainLoopBench(PlumblineConfig config, LoopStage stage) {
        this.stage = stage;
        this.decoder = new LlmCallDecoder(config.llm().callsFormat());
        this.size = config.llm().windowSize().toMillis();
        this.maxVariants = config.limits().maxLlmVariants();
        this.evaluator = new LlmEvaluator(config.llm().rules(), config.runbooks(), maxVariants);
        this.observer = new CallObserver(config.llm().prices());
    }

    public static void main(String[] args) throws Exception {
        new LlmPlainLoopBench(LlmJobBench.config(args[0], args[1], Map.of()), LoopStage.fromArgs(args, 2))
                .run(args[0], args[1]);
    }

    private void run(String bootstrap, String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        Map<String, KeyState> keys = new HashMap<>();
        long calls = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Measurement measurement = Measurement.start(() -> progress);
            while (consumer.position(partition) < end) {
                progress = calls;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    calls++;
                    if (stage == LoopStage.POLL) {
                        touched += r.value().length;
                        continue;
                    }
                    LlmCallRecord call = decoder.decode(r.value());
                    if (stage == LoopStage.DECODE) {
                        touched += call.eventTimeMillis();
                        continue;
                    }
                    String key = LlmKey.of(call.service(), call.promptName(), call.operation());
                    KeyState state = keys.computeIfAbsent(key, k -> new KeyState(maxVariants));
                    long time = call.eventTimeMillis();
                    long start = time - Math.floorMod(time, size);
                    if (start != state.windowStart) {
                        close(key, state);
                        state.windowStart = start;
                    }
                    state.window.record(variants.of(call.provider(), call.responseModel(), call.promptVersion()),
                            observer.observe(call));
                }
            }
            // The bounded job's final watermark closes every open window: so does the loop.
            progress = calls;
            keys.forEach(this::close);
            measurement.stop(stage.mode, calls);
        }
        System.out.println(stage.mode + " wrote " + outputBytes + " bytes of results, touched " + touched);
        Measurement.printCounts(stage.mode, statsRecords, alerts);
    }

    /** LlmWindowFunction's window end, without its keyed state. */
    private void close(String key, KeyState state) {
        if (state.windowStart == Long.MIN_VALUE) {
            return;
        }
        if (stage == LoopStage.SKETCH) {
            touched += state.window.requests();
            state.window = new RouteProfile(maxVariants);
            return;
        }
        LlmWindowContext window = new LlmWindowContext(LlmKey.service(key), LlmKey.promptName(key),
                LlmKey.operation(key), state.windowStart, state.windowStart + size);
        SortedMap<CallVariant, CallProfile> closed = state.window.variants();
        state.window = new RouteProfile(maxVariants);
        for (Map.Entry<CallVariant, CallProfile> variant : closed.entrySet()) {
            LlmStats stats = LlmStatsRecords.of(window, variant.getKey(), variant.getValue());
            String statsKey = stats.getService() + "/" + stats.getPrompt() + "/" + stats.getOperation() + "/"
                    + stats.getProvider() + "/" + stats.getModel() + "/" + stats.getPromptVersion();
            outputBytes += statsKey.length() + JsonRecordWriter.toJson(stats).length;
            statsRecords++;
        }
        List<CallVariant> seenBefore = closed.keySet().stream()
                .filter(v -> !v.isOverflow() && !closed.get(v).isEmpty() && state.rules.knows(v)).toList();
        List<VersionChange> releases = evaluator.versionChanges(window, closed, state.rules);
        for (VersionChange release : releases) {
            state.baselines.inherit(release.variant(), release.replaced());
            emit(release.notice());
        }
        List<VariantWindow> judged = new ArrayList<>(closed.size());
        closed.forEach((variant, profile) -> judged.add(
                new VariantWindow(variant, profile, state.baselines.baselineOrNull(variant))));
        for (Alert alert : evaluator.evaluate(window, judged, state.rules, state.alerts)) {
            emit(alert);
        }
        for (CallVariant variant : seenBefore) {
            if (!state.baselines.hasWarmup(variant)) {
                state.baselines.learn(variant, closed.get(variant), window.windowStart(), window.windowEnd());
            }
        }
        for (VersionChange release : releases) {
            state.baselines.inherit(release.variant(), release.replaced());
        }
        state.baselines.retainOnly(state.rules.variants().keySet());
    }

    private void emit(Alert alert) {
        alerts++;
        outputBytes += alert.getFingerprint().length() + JsonRecordWriter.toJson(alert).length;
    }
}
