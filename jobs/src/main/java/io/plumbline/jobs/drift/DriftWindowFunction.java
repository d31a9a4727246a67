package io.plumbline.jobs.drift;

import java.util.ArrayList;
import java.util.List;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.rules.DriftEvaluator;
import io.plumbline.alerts.rules.DriftThresholds;
import io.plumbline.alerts.rules.WindowContext;
import io.plumbline.alerts.rules.WindowResult;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.config.PlumblineConfig;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.state.AlertBookSerializer;
import io.plumbline.jobs.state.BaselineSerializer;
import io.plumbline.jobs.state.FeatureTypesSerializer;
import io.plumbline.jobs.state.ModelProfileSerializer;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The drift stage, keyed by (model, version) ({@link ModelKey}): one event in, at most one sketch
 * update per feature. Event-time windows of {@code size} end every {@code slide}, aligned to the
 * epoch (tumbling when the two are equal). The keyed state holds one {@link ModelProfile} per pane
 * of the slide length, so an event updates one pane's sketches, never size/slide windows' worth
 * (DESIGN §4a). When the watermark passes a window's end, its panes are merged into a fresh
 * profile and compared with the key's baseline; its {@link DriftStats} come out on the main output,
 * its alert state changes on {@link #ALERTS}, both as keyed JSON. A pane is removed once the last
 * window that contains it has closed.
 *
 * <p>The baseline is {@code warmup}: the first complete window, the first that starts at or after
 * the key's first event (DESIGN §4), so a key first seen mid-window does not learn a partial window,
 * and that has at least {@code minEvents}.
 *
 * <p>A window of fewer than {@code minEvents} events is too small to judge: its statistics are
 * reported with {@code drifted} null (and the model record's {@code drift_share},
 * {@code features_drifted} and {@code prediction_drifted} null), and it neither fires nor resolves
 * an alert. Its {@code n_current} says why.
 *
 * <p>Panes and feature types are updated in place, without writing them back: that is only correct
 * on the heap state backend, which the job forces ({@code state.backend.type: hashmap}). With
 * RocksDB each event would have to write its pane's whole profile back.
 */
public final class DriftWindowFunction extends KeyedProcessFunction<String, PredictionRecord, KeyedMessage> {

    public static final OutputTag<KeyedMessage> ALERTS = new OutputTag<>("alerts", PlumblineTypes.KEYED_MESSAGE);

    private final long size;
    private final long slide;
    private final long minEvents;
    private final int maxFeatures;
    private final String baselineKind;
    private final DriftEvaluator evaluator;

    /**
     * Open panes by start; an entry lives from a pane's first event until the last window containing
     * it closes. Still named "windows", as when every pane was a whole tumbling window, so that a
     * checkpoint of a tumbling run restores its open windows.
     */
    private transient MapState<Long, ModelProfile> panes;
    private transient ValueState<Baseline> baseline;
    private transient ValueState<FeatureTypes> types;
    private transient ValueState<Long> firstEventTime;
    private transient ValueState<AlertBook> alertBook;
    private transient Counter lateEventsDropped;

    /**
     * @param maxFeatures distinct features kept per (model, version)
     * @param baselineKind the baseline's name in DriftStats and alerts
     */
    public DriftWindowFunction(PlumblineConfig.Window window, String baselineKind, int maxFeatures,
                               DriftThresholds thresholds) {
        this.size = window.size().toMillis();
        this.slide = window.slide().toMillis();
        this.minEvents = window.minEvents();
        this.maxFeatures = maxFeatures;
        this.baselineKind = baselineKind;
        this.evaluator = new DriftEvaluator(thresholds);
    }

    @Override
    public void open(OpenContext context) {
        panes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("windows", LongSerializer.INSTANCE, ModelProfileSerializer.INSTANCE));
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline", BaselineSerializer.INSTANCE));
        types = getRuntimeContext().getState(new ValueStateDescriptor<>("feature-types", FeatureTypesSerializer.INSTANCE));
        firstEventTime = getRuntimeContext().getState(
                new ValueStateDescriptor<>("first-event-time", LongSerializer.INSTANCE));
        alertBook = getRuntimeContext().getState(new ValueStateDescriptor<>("alerts", AlertBookSerializer.INSTANCE));
        lateEventsDropped = getRuntimeContext().getMetricGroup().counter("lateEventsDropped");
    }

    @Override
    public void processElement(PredictionRecord event, Context ctx, Collector<KeyedMessage> out) throws Exception {
        long time = event.timestamp();
        long paneStart = time - Math.floorMod(time, slide);
        long watermark = ctx.timerService().currentWatermark();
        if (paneStart + size - 1 <= watermark) {
            // Every window containing it has closed. Late events go to the dead-letter topic before
            // the shuffle, but a partition that resumes after being idle can be behind the watermark
            // this stage already has from the others, while its own router's watermark is not.
            lateEventsDropped.inc();
            return;
        }
        Long first = firstEventTime.value();
        if (first == null || time < first) {
            firstEventTime.update(time);
        }
        ModelProfile pane = panes.get(paneStart);
        if (pane == null) {
            pane = new ModelProfile();
            panes.put(paneStart, pane);
            // One timer per window containing the pane; windows ending at the same time share theirs.
            // A window that has closed already is not reported again.
            for (long end = paneStart + slide; end <= paneStart + size; end += slide) {
                if (end - 1 > watermark) {
                    ctx.timerService().registerEventTimeTimer(end - 1);
                }
            }
        }
        FeatureTypes fixed = types.value();
        if (fixed == null) {
            fixed = new FeatureTypes(maxFeatures);
            types.update(fixed);
        }
        ProfileRecorder.record(event, pane, fixed);
    }

    /** Fires at the last millisecond of a window: every event of the window is in. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeyedMessage> out) throws Exception {
        long end = timestamp + 1;
        long start = end - size;
        ModelProfile closed = merged(start, end);
        removePanesBefore(start + slide);

        Baseline reference = baseline.value();
        if (reference == null) {
            if (start >= firstEventTime.value() && closed.events() >= minEvents) {
                baseline.update(new Baseline(closed, start, end));
            }
            return;
        }
        String key = ctx.getCurrentKey();
        WindowContext window = new WindowContext(ModelKey.modelId(key), ModelKey.modelVersion(key), start, end,
                baselineKind, reference.windowStart(), reference.windowEnd(), reference.profile().events(),
                closed.events());
        ProfileComparison comparison = ProfileComparator.compare(reference.profile(), closed);
        WindowResult result;
        if (closed.events() < minEvents) {
            result = evaluator.report(window, comparison);
        } else {
            AlertBook book = alertBook.value();
            if (book == null) {
                book = new AlertBook();
            }
            result = evaluator.evaluate(window, comparison, book);
            alertBook.update(book);
        }

        for (DriftStats stats : result.stats()) {
            out.collect(new KeyedMessage(statsKey(stats), JsonRecordWriter.toJson(stats)));
        }
        for (Alert alert : result.alerts()) {
            ctx.output(ALERTS, new KeyedMessage(alert.getFingerprint(), JsonRecordWriter.toJson(alert)));
        }
    }

    /**
     * The panes in [start, end) merged into a fresh profile; with tumbling windows the one pane
     * itself, which is removed right after and so never shared.
     */
    private ModelProfile merged(long start, long end) throws Exception {
        if (end - start == slide) {
            return panes.get(start);
        }
        ModelProfile window = new ModelProfile();
        for (long p = start; p < end; p += slide) {
            ModelProfile pane = panes.get(p);
            if (pane != null) {
                window.merge(pane);
            }
        }
        return window;
    }

    /** Drops the panes that start before {@code start}: no window still to close contains them. */
    private void removePanesBefore(long start) throws Exception {
        List<Long> old = new ArrayList<>();
        for (Long p : panes.keys()) {
            if (p < start) {
                old.add(p);
            }
        }
        for (Long p : old) {
            panes.remove(p);
        }
    }

    /** What a consumer of the stats groups by: model_id/model_version/feature. */
    static String statsKey(DriftStats stats) {
        return stats.getModelId() + "/" + stats.getModelVersion() + "/" + stats.getFeature();
    }
}
