package io.plumbline.jobs.kafka;

import java.time.Duration;

import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;

/**
 * Event-time watermarks of the predictions source, per Kafka partition when given to
 * {@code fromSource}: bounded out-of-orderness, and idleness so that a quiet partition does not
 * hold every window open.
 *
 * <p>Only accepted records count. A rejected record's time is not trustworthy (an implausible
 * timestamp is a reason for rejection), so it neither moves the watermark nor keeps a partition
 * active: a partition carrying nothing but garbage goes idle.
 */
public final class PredictionWatermarks {

    private PredictionWatermarks() {
    }

    public static WatermarkStrategy<DecodedRecord> strategy(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<DecodedRecord>forGenerator(context -> new AcceptedOnly(
                        new WatermarksWithIdleness<>(new BoundedOutOfOrdernessWatermarks<>(outOfOrderness), idleness,
                                context.getInputActivityClock())))
                .withTimestampAssigner((record, kafkaTimestamp) ->
                        record.isAccepted() ? record.event().timestamp() : kafkaTimestamp);
    }

    /** Passes only accepted records on to the generator that decides the watermark. */
    static final class AcceptedOnly implements WatermarkGenerator<DecodedRecord> {

        private final WatermarkGenerator<DecodedRecord> delegate;

        AcceptedOnly(WatermarkGenerator<DecodedRecord> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onEvent(DecodedRecord record, long timestamp, WatermarkOutput output) {
            if (record.isAccepted()) {
                delegate.onEvent(record, timestamp, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            delegate.onPeriodicEmit(output);
        }
    }
}
