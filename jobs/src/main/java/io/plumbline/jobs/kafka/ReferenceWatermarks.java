package io.plumbline.jobs.kafka;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the reference-baselines stream: there is none, and it must neither hold windows back nor
 * move them on. The drift stage's watermark is the minimum over its active inputs, so this stream declares
 * itself idle for good: then only the predictions decide when a window closes, and when they go quiet
 * nothing does. (Declaring the stream complete to the end of time instead closed every window the moment
 * the predictions went idle, and dropped every prediction that came after.)
 *
 * <p>It is applied after the source ({@code assignTimestampsAndWatermarks}), not given to
 * {@code fromSource}: a source subtask generates watermarks per split it owns, so one that owns no
 * partition of the (often single-partition) baselines topic, or reads a topic that does not exist
 * yet, has no generator to ask. The operator after it asks on its own timer (every
 * {@code pipeline.auto-watermark-interval}) whatever the source does, and ignores the source's own
 * idleness; ReferenceBaselineITCase runs a subtask without a partition. A reference that arrives
 * flows through while the stream stays idle: records need no active status, only watermarks do.
 */
public final class ReferenceWatermarks {

    private ReferenceWatermarks() {
    }

    public static WatermarkStrategy<ReferenceBaseline> strategy() {
        return WatermarkStrategy.<ReferenceBaseline>forGenerator(context -> new AlwaysIdle())
                .withTimestampAssigner((reference, recordTimestamp) -> reference.builtAtMillis());
    }

    /** Never emits a watermark, and says so at every periodic emit; the operator forwards the status once. */
    static final class AlwaysIdle implements WatermarkGenerator<ReferenceBaseline> {

        @Override
        public void onEvent(ReferenceBaseline event, long eventTimestamp, WatermarkOutput output) {
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
