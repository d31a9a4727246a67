package io.plumbline.jobs.kafka;

import java.time.Duration;

import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;

/**
 * Event-time watermarks of an event source (predictions, LLM calls), per Kafka partition when given
 * to {@code fromSource}: bounded out-of-orderness, and idleness so that a quiet partition does not
 * hold every window open.
 *
 * <p>Only accepted records count. A rejected record's time is not trustworthy (an implausible
 * timestamp is a reason for rejection), so it neither moves the watermark nor keeps a partition
 * active: a partition carrying nothing but garbage goes idle.
 */
public final class EventWatermarks {

    private EventWatermarks() {
    }

    public static <E> WatermarkStrategy<DecodedRecord<E>> strategy(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<DecodedRecord<E>>forGenerator(context -> new AcceptedOnly<>(
                        new WatermarksWithIdleness<>(new BoundedOutOfOrdernessWatermarks<>(outOfOrderness), idleness,
                                context.getInputActivityClock())))
                .withTimestampAssigner((record, kafkaTimestamp) ->
                        record.isAccepted() ? record.eventTimeMillis() : kafkaTimestamp);
    }

    /** Passes only accepted records on to the generator that decides the watermark. */
    static final class AcceptedOnly<E> implements WatermarkGenerator<DecodedRecord<E>> {

        private final WatermarkGenerator<DecodedRecord<E>> delegate;

        AcceptedOnly(WatermarkGenerator<DecodedRecord<E>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onEvent(DecodedRecord<E> record, long timestamp, WatermarkOutput output) {
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
