package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Damaged payloads must come back as records or rejections: never another exception, never a hang.
 * One decoder per format sees them all, so a rejection must also leave it fit for the next record.
 */
class GarbageInputTest {

    private static final int ROUNDS = 20_000;

    /** One decoder's entry point, whatever record it returns. */
    @FunctionalInterface
    private interface Decode {
        Object decode(byte[] payload) throws RejectedRecordException;
    }

    @Test
    void damagedPayloadsAreDecodedOrRejectedNeverThrown() throws RejectedRecordException {
        List<byte[]> originals = List.of(
                JsonEvent.valid().with("segment", "{\"region\": \"eu\"}").with("label", "1").bytes(),
                AvroEvents.singleObject(AvroEvents.sample().setLatencyMs(3.0).build()),
                AvroEvents.datum(AvroEvents.sample().setSegment(Map.of("region", "eu")).build()));
        Map<PayloadFormat, PredictionDecoder> decoders = decoders(f -> new PredictionDecoder(f, () -> JsonEvent.NOW));

        Map<RejectReason, Integer> reasons = hammer(originals, f -> decoders.get(f)::decode, new Random(20250601));

        assertThat(reasons).containsKeys(RejectReason.UNDECODABLE, RejectReason.WRONG_TYPE);
        assertThat(decoders.get(PayloadFormat.JSON).decode(originals.get(0))).isEqualTo(
                new PredictionDecoder(PayloadFormat.JSON, () -> JsonEvent.NOW).decode(originals.get(0)));
        assertThat(decoders.get(PayloadFormat.AVRO_SINGLE_OBJECT).decode(originals.get(1)).eventId()).isEqualTo("e-1");
        assertThat(decoders.get(PayloadFormat.AVRO_DATUM).decode(originals.get(2)).eventId()).isEqualTo("e-1");
    }

    @Test
    void damagedLlmCallsAreDecodedOrRejectedNeverThrown() throws RejectedRecordException {
        List<byte[]> originals = List.of(
                JsonEvent.llmCall().bytes(),
                AvroEvents.singleObject(AvroEvents.llmCall().build()),
                AvroEvents.datum(AvroEvents.llmCall().build()));
        Map<PayloadFormat, LlmCallDecoder> decoders = decoders(f -> new LlmCallDecoder(f, () -> JsonEvent.NOW));

        Map<RejectReason, Integer> reasons = hammer(originals, f -> decoders.get(f)::decode, new Random(20250602));

        assertThat(reasons).containsKeys(RejectReason.UNDECODABLE, RejectReason.WRONG_TYPE);
        assertThat(decoders.get(PayloadFormat.JSON).decode(originals.get(0)))
                .isEqualTo(RecordViews.decoded(AvroEvents.llmCall().build()));
        assertThat(decoders.get(PayloadFormat.AVRO_SINGLE_OBJECT).decode(originals.get(1)).eventId()).isEqualTo("c-1");
        assertThat(decoders.get(PayloadFormat.AVRO_DATUM).decode(originals.get(2)).eventId()).isEqualTo("c-1");
    }

    private static <D> Map<PayloadFormat, D> decoders(Function<PayloadFormat, D> create) {
        Map<PayloadFormat, D> decoders = new EnumMap<>(PayloadFormat.class);
        for (PayloadFormat format : PayloadFormat.values()) {
            decoders.put(format, create.apply(format));
        }
        return decoders;
    }

    /** Feeds damaged copies of the originals to decoders of random formats; returns how often each reason came. */
    private static Map<RejectReason, Integer> hammer(List<byte[]> originals, Function<PayloadFormat, Decode> decoders,
            Random random) {
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        int decoded = 0;
        for (int round = 0; round < ROUNDS; round++) {
            PayloadFormat format = PayloadFormat.values()[random.nextInt(PayloadFormat.values().length)];
            byte[] payload = damage(originals.get(random.nextInt(originals.size())), random);
            try {
                decoders.apply(format).decode(payload);
                decoded++;
            } catch (RejectedRecordException e) {
                assertThat(e.detail()).isNotBlank();
                reasons.merge(e.reason(), 1, Integer::sum);
            }
        }
        assertThat(decoded).isPositive();
        return reasons;
    }

    private static byte[] damage(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> {
                for (int i = random.nextInt(8); i >= 0; i--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            default -> {
                int at = random.nextInt(b.length);
                byte[] longer = Arrays.copyOf(b, b.length + 1);
                System.arraycopy(b, at, longer, at + 1, b.length - at);
                longer[at] = (byte) random.nextInt(256);
                b = longer;
            }
        }
        return b;
    }
}
