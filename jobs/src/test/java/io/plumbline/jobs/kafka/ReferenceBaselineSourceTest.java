package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.format.ReferenceBaselineFormat;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What the job makes of the baselines topic: decoded references, dead letters, and no event time. */
class ReferenceBaselineSourceTest {

    private static final byte[] KEY = "{\"model_id\":\"credit-risk\",\"model_version\":\"v3\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void decodesAPublishedReferenceAndKeepsTheRawRecord() {
        byte[] value = ReferenceBaselineFormat.write(reference());

        List<DecodedBaseline> out = decode(new ConsumerRecord<>("plumbline.baselines", 0, 5L, KEY, value));

        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.isAccepted()).isTrue();
            assertThat(d.baseline().modelId()).isEqualTo("credit-risk");
            assertThat(d.baseline().modelVersion()).isEqualTo("v3");
            assertThat(d.baseline().profile().events()).isEqualTo(1);
            assertThat(d.baseline().types().typeOf("income")).isEqualTo(FeatureType.NUMERIC);
            assertThat(d.raw()).isEqualTo(new RawRecord("plumbline.baselines", 0, 5L, KEY, value));
        });
    }

    @Test
    void aRecordThatDoesNotDecodeIsUndecodableWithItsCoordinatesAndATombstoneIsSkipped() {
        byte[] truncated = ReferenceBaselineFormat.write(reference());
        truncated = Arrays.copyOf(truncated, truncated.length / 2);

        List<DecodedBaseline> garbage = decode(new ConsumerRecord<>("b", 0, 1L, KEY, "{}".getBytes(StandardCharsets.UTF_8)));
        List<DecodedBaseline> cut = decode(new ConsumerRecord<>("b", 0, 2L, KEY, truncated));
        List<DecodedBaseline> tombstone = decode(new ConsumerRecord<>("b", 0, 3L, KEY, null));

        assertThat(garbage).singleElement().satisfies(d -> {
            assertThat(d.rejection().reason()).isEqualTo(RejectReason.UNDECODABLE);
            assertThat(d.rejection().raw().offset()).isEqualTo(1L);
            assertThat(d.rejection().detail()).startsWith("not a reference baseline");
        });
        assertThat(cut).singleElement()
                .satisfies(d -> assertThat(d.rejection().reason()).isEqualTo(RejectReason.UNDECODABLE));
        assertThat(tombstone).isEmpty();
    }

    @Test
    void theRouterSendsReferencesOnAndUndecodableRecordsToTheDeadLetters() throws Exception {
        RawRecord raw = new RawRecord("b", 0, 9L, KEY, new byte[] {1});
        try (OneInputStreamOperatorTestHarness<DecodedBaseline, ReferenceBaseline> harness =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new BaselineRouter()))) {
            harness.open();
            ReferenceBaseline reference = reference();
            harness.processElement(DecodedBaseline.accepted(raw, reference), 0);
            harness.processElement(DecodedBaseline.rejected(raw, RejectReason.UNDECODABLE, "bad"), 0);

            // the harness copies what it collects, so the reference is compared by its bytes
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(r -> assertThat(ReferenceBaselineFormat.write(r))
                            .isEqualTo(ReferenceBaselineFormat.write(reference)));
            assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                    .containsExactly(new DeadLetter(raw, RejectReason.UNDECODABLE, "bad"));
        }
    }

    /**
     * The references have no event time: the stream is idle from the first periodic emit on, with or without
     * records, and never emits a watermark, so the drift stage's watermark is the predictions' alone and an
     * idle predictions input leaves it where it is.
     */
    @Test
    void theReferencesAreIdleForGoodAndNeverMoveEventTime() {
        WatermarkGenerator<ReferenceBaseline> generator = ReferenceWatermarks.strategy()
                .createWatermarkGenerator(null);
        List<String> emitted = new ArrayList<>();
        WatermarkOutput output = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add("watermark " + watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
                emitted.add("idle");
            }

            @Override
            public void markActive() {
                emitted.add("active");
            }
        };

        generator.onPeriodicEmit(output);
        generator.onEvent(reference(), 0L, output);
        generator.onPeriodicEmit(output);

        assertThat(emitted).containsExactly("idle", "idle");
    }

    private static List<DecodedBaseline> decode(ConsumerRecord<byte[], byte[]> record) {
        List<DecodedBaseline> out = new ArrayList<>();
        new BaselineDeserializationSchema().deserialize(record, new Collector<>() {
            @Override
            public void collect(DecodedBaseline d) {
                out.add(d);
            }

            @Override
            public void close() {
            }
        });
        assertThat(new BaselineDeserializationSchema().getProducedType()).isEqualTo(PlumblineTypes.DECODED_BASELINE);
        return out;
    }

    private static ReferenceBaseline reference() {
        ModelProfile profile = new ModelProfile();
        profile.countEvent();
        profile.numericFeature("income").add(52_000.5);
        FeatureTypes types = new FeatureTypes(1000);
        types.resolve("income", FeatureType.NUMERIC);
        return new ReferenceBaseline("credit-risk", "v3", 1_735_689_600_000L, "train.csv", profile, types);
    }
}
