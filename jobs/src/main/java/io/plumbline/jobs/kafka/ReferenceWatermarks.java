package io.plumbline.jobs.kafka;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the reference-baselines stream: there is none, and it must not hold anything back.
 * The drift stage's watermark is the minimum of its two inputs, so a baselines stream that emitted
 * no watermark would keep every window open forever. This strategy declares the stream complete up
 * to the end of time ({@code Long.MAX_VALUE}) at every periodic emit, so only the predictions decide
 * when a window closes.
 *
 * <p>It is applied after the source ({@code assignTimestampsAndWatermarks}), not given to
 * {@code fromSource}: a source subtask generates watermarks per split it owns, so one that owns no
 * partition of the (often single-partition) baselines topic, or reads a topic that does not exist
 * yet, has no generator to ask. The operator after it emits on its own timer (every
 * {@code pipeline.auto-watermark-interval}) whatever the source does; ReferenceBaselineITCase runs
 * a subtask without a partition.
 */
public final class ReferenceWatermarks {

    private ReferenceWatermarks() {
    }

    public static WatermarkStrategy<ReferenceBaseline> strategy() {
        return WatermarkStrategy.<ReferenceBaseline>forGenerator(context -> new EndOfTime())
                .withTimestampAssigner((reference, recordTimestamp) -> reference.builtAtMillis());
    }

    /** Emits the end of time at every periodic emit; the operator forwards only a watermark that advances, so once. */
    static final class EndOfTime implements WatermarkGenerator<ReferenceBaseline> {

        @Override
        public void onEvent(ReferenceBaseline event, long eventTimestamp, WatermarkOutput output) {
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}
