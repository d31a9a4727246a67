package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class EventWatermarksTest {

    private static final long T0 = 1_735_689_600_000L;
    private static final RawRecord RAW = new RawRecord("t", 0, 0, null, "x".getBytes(StandardCharsets.UTF_8));

    private final ManualClock activity = new ManualClock();
    private final WatermarkStrategy<DecodedRecord<PredictionRecord>> strategy =
            EventWatermarks.strategy(Duration.ofSeconds(5), Duration.ofSeconds(30));
    private final WatermarkGenerator<DecodedRecord<PredictionRecord>> generator =
            strategy.createWatermarkGenerator(context());
    private final TimestampAssigner<DecodedRecord<PredictionRecord>> timestamps = strategy.createTimestampAssigner(null);
    private final RecordingOutput output = new RecordingOutput();

    @Test
    void followsTheNewestAcceptedEventLessTheOutOfOrderness() {
        offer(accepted(T0 + 20_000), 0);
        offer(accepted(T0 + 12_000), 0);
        generator.onPeriodicEmit(output);

        assertThat(output.watermarks).containsExactly(T0 + 20_000 - 5_000 - 1);
    }

    @Test
    void aRejectedRecordNeverMovesTheWatermarkWhateverItsTimestamp() {
        offer(accepted(T0), 0);
        // an implausible timestamp: the Kafka record's own time is all a rejected record has
        offer(DecodedRecord.rejected(RAW, RejectReason.IMPLAUSIBLE_TIMESTAMP, "year 2999"), 32_503_680_000_000L);
        generator.onPeriodicEmit(output);

        assertThat(output.watermarks).containsExactly(T0 - 5_001);
    }

    @Test
    void eventsAreTimedByTheirEventTimeAndRejectedRecordsByKafka() {
        assertThat(timestamps.extractTimestamp(accepted(T0), 42L)).isEqualTo(T0);
        assertThat(timestamps.extractTimestamp(DecodedRecord.rejected(RAW, RejectReason.UNDECODABLE, "?"), 42L))
                .isEqualTo(42L);
    }

    @Test
    void aPartitionWithNothingButRejectedRecordsGoesIdle() {
        offer(accepted(T0), 0);
        generator.onPeriodicEmit(output);
        for (int s = 0; s < 40; s++) {
            activity.advanceTime(Duration.ofSeconds(1));
            offer(DecodedRecord.rejected(RAW, RejectReason.UNDECODABLE, "garbage"), T0 + s);
            generator.onPeriodicEmit(output);
        }

        assertThat(output.idle).isTrue();
    }

    private void offer(DecodedRecord<PredictionRecord> record, long kafkaTimestamp) {
        generator.onEvent(record, timestamps.extractTimestamp(record, kafkaTimestamp), output);
    }

    private static DecodedRecord<PredictionRecord> accepted(long timestamp) {
        return DecodedRecord.accepted(RAW, new PredictionRecord().reset("e", timestamp, "m", "v"), timestamp);
    }

    private WatermarkGeneratorSupplier.Context context() {
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return activity;
            }
        };
    }

    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
