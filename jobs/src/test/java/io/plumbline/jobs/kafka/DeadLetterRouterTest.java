package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.plumbline.jobs.testing.OperatorMetrics;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterRouterTest {

    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private OneInputStreamOperatorTestHarness<DecodedRecord<PredictionRecord>, PredictionRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new DeadLetterRouter<>(new WindowLateness(MINUTE, MINUTE)));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void passesTimelyEventsOnAndSetsRejectedRecordsAside() throws Exception {
        RawRecord good = raw(1, "{good}");
        RawRecord bad = raw(2, "{broken");
        harness.processElement(accepted(good, "e-1", T0 + 1_000), T0 + 1_000);
        harness.processElement(DecodedRecord.rejected(bad, RejectReason.UNDECODABLE, "unexpected end"), T0);

        assertThat(harness.extractOutputValues()).extracting(PredictionRecord::eventId).containsExactly("e-1");
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .containsExactly(new DeadLetter(bad, RejectReason.UNDECODABLE, "unexpected end"));
    }

    @Test
    void anEventBehindTheWatermarkWhoseWindowIsStillOpenIsTaken() throws Exception {
        harness.processWatermark(new Watermark(T0 + 10_000));

        harness.processElement(accepted(raw(7, "{on}"), "on", T0 + 10_000), T0 + 10_000);
        harness.processElement(accepted(raw(8, "{behind}"), "behind", T0 + 2_000), T0 + 2_000);

        assertThat(harness.extractOutputValues()).extracting(PredictionRecord::eventId).containsExactly("on", "behind");
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).isNull();
    }

    @Test
    void anEventIsLateOnceTheWatermarkReachesItsWindowsLastMillisecondWithItsOriginalBytes() throws Exception {
        RawRecord late = raw(8, "{late}");
        harness.processWatermark(new Watermark(T0 + MINUTE - 2));
        harness.processElement(accepted(raw(7, "{in time}"), "in time", T0 + 30_000), T0 + 30_000);
        harness.processWatermark(new Watermark(T0 + MINUTE - 1));
        harness.processElement(accepted(late, "late", T0 + 30_000), T0 + 30_000);
        harness.processElement(accepted(raw(9, "{next}"), "next window", T0 + MINUTE), T0 + MINUTE);

        assertThat(harness.extractOutputValues()).extracting(PredictionRecord::eventId)
                .containsExactly("in time", "next window");
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .containsExactly(new DeadLetter(late, RejectReason.LATE, "event time 2025-01-01T00:00:30Z: its"
                        + " window 2025-01-01T00:00:00Z/2025-01-01T00:01:00Z closed at the watermark"
                        + " 2025-01-01T00:00:59.999Z"));
    }

    @Test
    void withSlidingWindowsAnEventIsLateOnlyWhenTheLastWindowContainingItHasClosed() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new DeadLetterRouter<>(new WindowLateness(MINUTE, 20_000)));
        harness.processWatermark(new Watermark(T0 + 50_000));
        harness.processElement(accepted(raw(1, "{}"), "in the window ending at 1:00", T0 + 5_000), T0 + 5_000);
        harness.processWatermark(new Watermark(T0 + MINUTE - 1));
        harness.processElement(accepted(raw(2, "{}"), "every window closed", T0 + 5_000), T0 + 5_000);
        harness.processElement(accepted(raw(3, "{}"), "in the window ending at 1:20", T0 + 20_000), T0 + 20_000);

        assertThat(harness.extractOutputValues()).extracting(PredictionRecord::eventId)
                .containsExactly("in the window ending at 1:00", "in the window ending at 1:20");
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(r -> r.getValue().detail())
                .containsExactly("event time 2025-01-01T00:00:05Z: its last window 2025-01-01T00:00:00Z/"
                        + "2025-01-01T00:01:00Z closed at the watermark 2025-01-01T00:00:59.999Z");
    }

    /** A record over limits.max-record-bytes is a dead letter of its reason and turned away by that limit. */
    @Test
    void countsEachDeadLetterByReasonAndATooLargeRecordAsTurnedAwayByItsLimit() throws Exception {
        try (OperatorMetrics metrics = new OperatorMetrics();
             OneInputStreamOperatorTestHarness<DecodedRecord<PredictionRecord>, PredictionRecord> metered =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                             new DeadLetterRouter<>(new WindowLateness(MINUTE, MINUTE))), metrics.environment())) {
            metered.open();
            metered.processElement(DecodedRecord.rejected(raw(1, "{huge"), RejectReason.TOO_LARGE, "too large"), T0);
            metered.processElement(DecodedRecord.rejected(raw(2, "{huge"), RejectReason.TOO_LARGE, "too large"), T0);
            metered.processElement(DecodedRecord.rejected(raw(3, "{broken"), RejectReason.UNDECODABLE, "broken"), T0);

            assertThat(metrics.turnedAway("limits.max-record-bytes")).isEqualTo(2);
            assertThat(metrics.deadLetters("too_large")).isEqualTo(2);
            assertThat(metrics.deadLetters("undecodable")).isEqualTo(1);
        }
    }

    @Test
    void beforeAnyWatermarkNothingIsLate() throws Exception {
        harness.processElement(accepted(raw(1, "{}"), "old", 946_684_800_000L), 946_684_800_000L);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).isNull();
    }

    private static DecodedRecord<PredictionRecord> accepted(RawRecord raw, String id, long timestamp) {
        return DecodedRecord.accepted(raw, event(id, timestamp), timestamp);
    }

    private static PredictionRecord event(String id, long timestamp) {
        return new PredictionRecord().reset(id, timestamp, "m", "v1").addNumber("x", 1).predictionNumber(0.5);
    }

    private static RawRecord raw(long offset, String value) {
        return new RawRecord("plumbline.predictions", 0, offset, null, value.getBytes(StandardCharsets.UTF_8));
    }
}
