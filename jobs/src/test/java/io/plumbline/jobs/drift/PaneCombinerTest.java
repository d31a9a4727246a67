package io.plumbline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.jobs.window.PaneCombiner;
import io.plumbline.jobs.state.PredictionRecordSerializer;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaneCombinerTest {

    private static final long SLIDE = 60_000;
    private static final long T0 = 1_700_000_040_000L - Math.floorMod(1_700_000_040_000L, SLIDE);

    private OneInputStreamOperatorTestHarness<PredictionRecord, Either<PredictionRecord, PanePartial>> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(3);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static OneInputStreamOperatorTestHarness<PredictionRecord, Either<PredictionRecord, PanePartial>> harness(
            int maxKeys) throws Exception {
        OneInputStreamOperatorTestHarness<PredictionRecord, Either<PredictionRecord, PanePartial>> h =
                new OneInputStreamOperatorTestHarness<>(new PaneCombiner<>(new PredictionPartials(SLIDE, 10, 5), maxKeys),
                        PredictionRecordSerializer.INSTANCE);
        h.setup(PlumblineTypes.MODEL_UPDATE.createSerializer(new SerializerConfigImpl()));
        h.open();
        return h;
    }

    @Test
    void aKeysEventsInOnePaneGoOutAsOnePartialBeforeTheWatermark() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(event("m", "v1", T0 + i).addNumber("x", i), 3, 100 + i);
        }
        assertThat(harness.getOutput()).as("held until the watermark").isEmpty();

        harness.processWatermark(new Watermark(T0 + 4));

        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(2);
        PanePartial partial = right(out.get(0));
        assertThat(partial.key()).isEqualTo(ModelKey.of("m", "v1"));
        assertThat(partial.paneStart()).isEqualTo(T0);
        assertThat(partial.events()).isEqualTo(5);
        assertThat(partial.profile().events()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(partial.positions().partition(i)).isEqualTo(3);
            assertThat(partial.positions().offset(i)).isEqualTo(100 + i);
            assertThat(partial.positions().time(i)).isEqualTo(T0 + i);
        }
        assertThat(out.get(1)).isEqualTo(new Watermark(T0 + 4));
    }

    @Test
    void aKeysOnlyEventGoesOutAsItselfAndIsACopyOfTheReusedRecord() throws Exception {
        PredictionRecord reused = event("m", "v1", T0).addNumber("x", 1);
        send(reused, 0, 7);
        reused.reset("other", T0 + 1, "n", "v2");

        harness.prepareSnapshotPreBarrier(1);

        PredictionRecord sent = left(harness.getOutput().poll());
        assertThat(sent.eventId()).isEqualTo("e");
        assertThat(sent.modelId()).isEqualTo("m");
        assertThat(sent.sourceOffset()).isEqualTo(7);
        assertThat(sent.number(0)).isEqualTo(1);
    }

    @Test
    void nothingIsHeldAcrossACheckpointBarrier() throws Exception {
        send(event("m", "v1", T0), 0, 1);
        send(event("m", "v1", T0 + 1), 0, 2);
        send(event("n", "v1", T0 + 2), 0, 3);

        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.getOutput()).hasSize(2);
        harness.getOutput().clear();
        harness.prepareSnapshotPreBarrier(2);
        assertThat(harness.getOutput()).as("nothing left").isEmpty();
    }

    @Test
    void anEventOfAnotherPaneSendsWhatTheKeyHeld() throws Exception {
        send(event("m", "v1", T0 + SLIDE - 2), 0, 1);
        send(event("m", "v1", T0 + SLIDE - 1), 0, 2);
        send(event("m", "v1", T0 + SLIDE), 0, 3);

        assertThat(harness.getOutput()).singleElement().satisfies(r -> {
            assertThat(right(r).paneStart()).isEqualTo(T0);
            assertThat(right(r).events()).isEqualTo(2);
        });
        harness.processWatermark(new Watermark(T0 + SLIDE));
        assertThat(left(new ArrayList<>(harness.getOutput()).get(1)).sourceOffset()).isEqualTo(3);
    }

    @Test
    void keysPastTheLimitPassThroughOneByOne() throws Exception {
        for (String model : List.of("a", "b", "c")) {
            send(event(model, "v1", T0), 0, 1);
        }
        send(event("d", "v1", T0), 0, 9);

        assertThat(harness.getOutput()).singleElement()
                .satisfies(r -> assertThat(left(r).modelId()).isEqualTo("d"));
        harness.processWatermark(new Watermark(T0));
        assertThat(harness.getOutput()).hasSize(1 + 3 + 1);
    }

    @Test
    void aFullPartialGoesOutAtOnce() throws Exception {
        for (int i = 0; i < PaneCombiner.MAX_EVENTS_PER_PARTIAL + 1; i++) {
            send(event("m", "v1", T0).addNumber("x", i), 0, i);
        }

        assertThat(harness.getOutput()).singleElement()
                .satisfies(r -> assertThat(right(r).events()).isEqualTo(PaneCombiner.MAX_EVENTS_PER_PARTIAL));
        harness.processWatermark(new Watermark(T0));
        assertThat(left(new ArrayList<>(harness.getOutput()).get(1)).sourceOffset())
                .isEqualTo(PaneCombiner.MAX_EVENTS_PER_PARTIAL);
    }

    private void send(PredictionRecord event, int partition, long offset) throws Exception {
        event.locate(partition, offset);
        harness.processElement(event, event.timestamp());
    }

    private static PredictionRecord event(String model, String version, long time) {
        return new PredictionRecord().reset("e", time, model, version).predictionNumber(0.5);
    }

    @SuppressWarnings("unchecked")
    private static PanePartial right(Object output) {
        Either<PredictionRecord, PanePartial> value = ((StreamRecord<Either<PredictionRecord, PanePartial>>) output).getValue();
        assertThat(value.isRight()).as("a partial").isTrue();
        return value.right();
    }

    @SuppressWarnings("unchecked")
    private static PredictionRecord left(Object output) {
        Either<PredictionRecord, PanePartial> value = ((StreamRecord<Either<PredictionRecord, PanePartial>>) output).getValue();
        assertThat(value.isLeft()).as("an event").isTrue();
        return value.left();
    }
}
