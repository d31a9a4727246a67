package io.plumbline.jobs.llm;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

import io.plumbline.alerts.llm.LlmStatsRecords;
import io.plumbline.alerts.llm.LlmWindowContext;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.llm.pricing.PriceTable;
import io.plumbline.jobs.state.RouteProfileSerializer;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The LLM stage, keyed by (service, prompt name, operation) ({@link LlmKey}): one call in, one
 * profile update. Tumbling event-time windows of {@code size}, aligned to the epoch; a call belongs to
 * the window of its end time. The keyed state holds one {@link RouteProfile} per open window, a
 * {@link CallProfile} per variant (provider, response model, prompt version) inside it, updated in
 * place (DESIGN §4a). When the watermark passes a window's end, each variant's profile comes out as
 * one {@link LlmStats} in JSON, keyed {@code service/prompt/operation/provider/model/prompt_version},
 * and the window's state and timer are gone.
 *
 * <p>Profiles are updated in place, without writing them back: that is only correct on the heap
 * state backend, which the job forces ({@code state.backend.type: hashmap}).
 */
public final class LlmWindowFunction extends KeyedProcessFunction<String, LlmCallRecord, KeyedMessage> {

    private final long size;
    private final PriceTable prices;

    private transient MapState<Long, RouteProfile> windows;
    private transient CallObserver observer;
    private transient CallVariants variants;
    private transient Counter lateCallsDropped;

    /**
     * @param size the windows' length, at least a millisecond
     * @param prices what calls without {@code cost.usd} are priced by
     */
    public LlmWindowFunction(Duration size, PriceTable prices) {
        if (size.toMillis() < 1) {
            throw new IllegalArgumentException("llm.window.size must be at least 1ms, got " + size);
        }
        this.size = size.toMillis();
        this.prices = prices;
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, RouteProfileSerializer.INSTANCE));
        observer = new CallObserver(prices);
        variants = new CallVariants();
        lateCallsDropped = getRuntimeContext().getMetricGroup().counter("lateCallsDropped");
    }

    @Override
    public void processElement(LlmCallRecord call, Context ctx, Collector<KeyedMessage> out) throws Exception {
        long time = call.eventTimeMillis();
        long start = time - Math.floorMod(time, size);
        if (start + size - 1 <= ctx.timerService().currentWatermark()) {
            // Late calls go to the dead-letter topic before the shuffle, but a partition that resumes
            // after being idle can be behind the watermark this stage already has from the others.
            lateCallsDropped.inc();
            return;
        }
        RouteProfile window = windows.get(start);
        if (window == null) {
            window = new RouteProfile();
            windows.put(start, window);
            ctx.timerService().registerEventTimeTimer(start + size - 1);
        }
        window.record(variants.of(call.provider(), call.responseModel(), call.promptVersion()), observer.observe(call));
    }

    /** Fires at the last millisecond of a window: every call of the window is in. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        long end = timestamp + 1;
        long start = end - size;
        RouteProfile window = windows.get(start);
        windows.remove(start);
        if (window == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        closed(new LlmWindowContext(LlmKey.service(key), LlmKey.promptName(key), LlmKey.operation(key), start, end),
                window.variants(), out);
    }

    /**
     * Where a closed window goes: the route and window, and each variant's calls in it. Each variant
     * comes out as its LlmStats record; the LLM rules ({@code LlmEvaluator}) take the same context and
     * variants.
     */
    private static void closed(LlmWindowContext window, SortedMap<CallVariant, CallProfile> variants,
                               Collector<KeyedMessage> out) {
        for (Map.Entry<CallVariant, CallProfile> variant : variants.entrySet()) {
            LlmStats stats = LlmStatsRecords.of(window, variant.getKey(), variant.getValue());
            out.collect(new KeyedMessage(statsKey(stats), JsonRecordWriter.toJson(stats)));
        }
    }

    /** What a consumer of the stats groups by: service/prompt/operation/provider/model/prompt_version. */
    static String statsKey(LlmStats stats) {
        return stats.getService() + "/" + stats.getPrompt() + "/" + stats.getOperation() + "/" + stats.getProvider()
                + "/" + stats.getModel() + "/" + stats.getPromptVersion();
    }
}
