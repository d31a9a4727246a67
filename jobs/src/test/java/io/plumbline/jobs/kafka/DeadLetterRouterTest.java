package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterRouterTest {

    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private OneInputStreamOperatorTestHarness<DecodedRecord<PredictionRecord>, PredictionRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterRouter<>());
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
    void anEventAtOrBehindTheWatermarkIsLateWithItsOriginalBytes() throws Exception {
        harness.processWatermark(new Watermark(T0 + 10_000));
        RawRecord onTheWatermark = raw(7, "{on}");
        RawRecord behind = raw(8, "{behind}");

        harness.processElement(accepted(onTheWatermark, "on", T0 + 10_000), T0 + 10_000);
        harness.processElement(accepted(behind, "behind", T0 + 2_000), T0 + 2_000);
        harness.processElement(accepted(raw(9, "{ahead}"), "ahead", T0 + 10_001), T0 + 10_001);

        assertThat(harness.extractOutputValues()).extracting(PredictionRecord::eventId).containsExactly("ahead");
        assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                .containsExactly(
                        new DeadLetter(onTheWatermark, RejectReason.LATE, "event time 2025-01-01T00:00:10Z is at or"
                                + " behind the watermark 2025-01-01T00:00:10Z"),
                        new DeadLetter(behind, RejectReason.LATE, "event time 2025-01-01T00:00:02Z is at or"
                                + " behind the watermark 2025-01-01T00:00:10Z"));
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
