package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.RecordViews.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our encoders against our decoder: every encoding of an event decodes to the same record. */
class PredictionEncoderTest {

    private final PredictionDecoder auto = new PredictionDecoder(PayloadFormat.AUTO, () -> JsonEvent.NOW);
    private final PredictionDecoder datum = new PredictionDecoder(PayloadFormat.AVRO_DATUM, () -> JsonEvent.NOW);

    @Test
    void everyEncodingDecodesToTheSameRecord() throws RejectedRecordException {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            PredictionEvent event = randomEvent(random, i);

            PredictionRecord fromJson = auto.decode(PredictionEncoder.json(event));
            PredictionRecord fromSingleObject = auto.decode(PredictionEncoder.avroSingleObject(event));
            PredictionRecord fromDatum = datum.decode(PredictionEncoder.avroDatum(event));

            assertThat(view(fromJson)).isEqualTo(view(event));
            assertThat(view(fromSingleObject)).isEqualTo(view(event));
            assertThat(view(fromDatum)).isEqualTo(view(event));
        }
    }

    @Test
    void singleObjectEncodingStartsWithItsMarkerAndTheFingerprint() {
        byte[] bytes = PredictionEncoder.avroSingleObject(AvroEvents.sample().build());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(bytes).hasSize(10 + PredictionEncoder.avroDatum(AvroEvents.sample().build()).length);
    }

    private static PredictionEvent randomEvent(Random random, int i) {
        Map<String, Object> features = new LinkedHashMap<>();
        for (int f = random.nextInt(30); f >= 0; f--) {
            String name = "f" + random.nextInt(50);
            features.put(name, switch (random.nextInt(4)) {
                case 0 -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
                case 1 -> "c" + random.nextInt(5) + "ü";
                case 2 -> random.nextBoolean();
                default -> null;
            });
        }
        return PredictionEvent.newBuilder()
                .setEventId("e-" + i)
                .setTimestamp(JsonEvent.NOW - random.nextInt(1_000_000))
                .setModelId("model-" + random.nextInt(3))
                .setModelVersion("v" + random.nextInt(3))
                .setFeatures(features)
                .setPrediction(random.nextBoolean() ? (Object) random.nextDouble() : "class-" + random.nextInt(3))
                .setLatencyMs(random.nextBoolean() ? null : random.nextDouble() * 100)
                .build();
    }
}
