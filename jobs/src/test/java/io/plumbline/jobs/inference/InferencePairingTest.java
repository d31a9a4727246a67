package io.plumbline.jobs.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.RawRecord;
import io.plumbline.jobs.testing.OperatorMetrics;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pairing of requests and responses by inference id, before the drift job's late check. */
class InferencePairingTest {

    private static final String TOPIC = "plumbline.predictions";
    private static final long T = 1_748_736_000_000L;
    private static final Duration PAIR_WITHIN = Duration.ofSeconds(30);

    private OperatorMetrics metrics;
    private KeyedOneInputStreamOperatorTestHarness<String, DecodedRecord<InferenceHalf>,
            DecodedRecord<PredictionRecord>> harness;

    @BeforeEach
    void open() throws Exception {
        metrics = new OperatorMetrics();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new InferencePairing(TOPIC, PAIR_WITHIN)), new InferenceId(), Types.STRING,
                metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        metrics.close();
    }

    @Test
    void aResponseBeforeItsRequestPairsIntoOnePredictionPerRowAndLeavesNothingBehind() throws Exception {
        send(response("a", T + 5, 1, 0.9, 0.1));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        send(request("a", T, 3, 2));

        List<DecodedRecord<PredictionRecord>> out = outputs();
        assertThat(out).hasSize(2).allSatisfy(record -> {
            assertThat(record.isAccepted()).isTrue();
            assertThat(record.eventTimeMillis()).as("the request's time").isEqualTo(T);
            assertThat(record.raw()).as("at the request's position").isEqualTo(new RawRecord(TOPIC, 0, 3, null, null));
        });
        assertThat(out.get(1).event().eventId()).isEqualTo("a/1");
        assertThat(out.get(1).event().predictionNumber()).isEqualTo(0.1);
        assertThat(out.get(1).event().modelId()).isEqualTo("iris");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aHalfWhosePartnerDoesNotComeInTimeIsCountedAndForgotten() throws Exception {
        send(request("lonely", T, 1, 1));
        harness.processWatermark(T + PAIR_WITHIN.toMillis() - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(T + PAIR_WITHIN.toMillis());

        assertThat(metrics.counter(InferencePairing.UNPAIRED_METRIC)).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(outputs()).isEmpty();
    }

    @Test
    void aSecondCopyOfAWaitingHalfIsCountedAndTheFirstStillPairs() throws Exception {
        send(request("dup", T, 1, 1));
        send(request("dup", T, 2, 1));
        send(response("dup", T + 5, 7, 0.4));

        assertThat(metrics.counter(InferencePairing.DUPLICATES_METRIC)).isEqualTo(1);
        assertThat(outputs()).singleElement().satisfies(r -> assertThat(r.raw().offset()).isEqualTo(1));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aPairThatCannotBeJoinedIsRejectedAtItsResponsesPositionWhicheverCameFirst() throws Exception {
        // From another partition, the response may reach the pairing before its request.
        send(response("m", T + 5, 9, 0.4, 0.5));
        send(request("m", T, 1, 1));

        assertThat(outputs()).singleElement().satisfies(r -> {
            assertThat(r.isAccepted()).isFalse();
            assertThat(r.rejection().reason()).isEqualTo(RejectReason.WRONG_TYPE);
            assertThat(r.rejection().detail()).startsWith("inference m: ").contains("2 rows", "1 rows");
            assertThat(r.raw()).isEqualTo(new RawRecord(TOPIC, 0, 9, null, null));
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void rejectedRecordsPassThroughUntouched() throws Exception {
        RawRecord raw = new RawRecord(TOPIC, 1, 4, null, new byte[] {'{'});
        send(DecodedRecord.rejected(raw, RejectReason.UNDECODABLE, "malformed JSON"));

        assertThat(outputs()).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo(raw);
            assertThat(r.rejection().detail()).isEqualTo("malformed JSON");
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private void send(DecodedRecord<InferenceHalf> record) throws Exception {
        harness.processElement(new StreamRecord<>(record, record.isAccepted() ? record.eventTimeMillis() : T));
    }

    private List<DecodedRecord<PredictionRecord>> outputs() {
        return harness.extractOutputValues();
    }

    private static DecodedRecord<InferenceHalf> request(String id, long time, long offset, int rows) {
        List<PredictionRecord> features = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            features.add(new PredictionRecord().addNumber("x", r));
        }
        return half(new InferenceHalf(id, false, time, "iris-service", null, features), offset);
    }

    private static DecodedRecord<InferenceHalf> response(String id, long time, long offset, double... predictions) {
        List<PredictionRecord> rows = new ArrayList<>();
        for (double p : predictions) {
            rows.add(new PredictionRecord(0).predictionNumber(p));
        }
        return half(new InferenceHalf(id, true, time, "iris", "v1", rows), offset);
    }

    private static DecodedRecord<InferenceHalf> half(InferenceHalf half, long offset) {
        half.locate(0, offset);
        return DecodedRecord.accepted(new RawRecord(TOPIC, 0, offset, null, null), half, half.timestamp());
    }
}
