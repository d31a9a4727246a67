package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/**
 * Damaged payloads must come back as records or rejections: never another exception, never a hang.
 * One decoder per format sees them all, so a rejection must also leave it fit for the next record.
 */
class GarbageInputTest {

    private static final int ROUNDS = 20_000;
    private static final int SCHEMA_ID = 7;

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
                AvroEvents.datum(AvroEvents.sample().setSegment(Map.of("region", "eu")).build()),
                PredictionEncoder.confluent(SCHEMA_ID, AvroEvents.sample().setLatencyMs(3.0).build()));
        WriterSchemaIds schemaIds = id -> id == SCHEMA_ID ? PredictionEvent.getClassSchema() : WriterSchemaIds.NONE
                .writerSchema(id);
        Map<PayloadFormat, PredictionDecoder> decoders = decoders(f -> f.isOtlp() || f.isInferenceLog() ? null
                : new PredictionDecoder(f, () -> JsonEvent.NOW, new SchemaStore.Cache(), schemaIds));

        Map<RejectReason, Integer> reasons = hammer(originals, f -> decoders.containsKey(f) ? decoders.get(f)::decode
                        : null,
                new Random(20250601));

        assertThat(reasons).containsKeys(RejectReason.UNDECODABLE, RejectReason.WRONG_TYPE);
        assertThat(decoders.get(PayloadFormat.JSON).decode(originals.get(0))).isEqualTo(
                new PredictionDecoder(PayloadFormat.JSON, () -> JsonEvent.NOW).decode(originals.get(0)));
        assertThat(decoders.get(PayloadFormat.AVRO_SINGLE_OBJECT).decode(originals.get(1)).eventId()).isEqualTo("e-1");
        assertThat(decoders.get(PayloadFormat.AVRO_DATUM).decode(originals.get(2)).eventId()).isEqualTo("e-1");
        assertThat(decoders.get(PayloadFormat.CONFLUENT_AVRO).decode(originals.get(3)).eventId()).isEqualTo("e-1");
    }

    /** Trace exports too: a damaged one is read span by span, so a span's damage may reject it alone. */
    @Test
    void damagedLlmCallsAreDecodedOrRejectedNeverThrown() throws RejectedRecordException {
        LlmCallEvent call = AvroEvents.llmCall().build();
        List<byte[]> originals = List.of(
                JsonEvent.llmCall().bytes(),
                AvroEvents.singleObject(call),
                AvroEvents.datum(call),
                LlmCallEncoder.confluent(SCHEMA_ID, call),
                OtlpCallEncoder.proto(List.of(call, LlmCallEvent.newBuilder(call).setEventId("c-2").build())),
                OtlpCallEncoder.json(List.of(call, LlmCallEvent.newBuilder(call).setEventId("c-2").build())));
        WriterSchemaIds schemaIds = id -> id == SCHEMA_ID ? LlmCallEvent.getClassSchema() : WriterSchemaIds.NONE
                .writerSchema(id);
        Map<PayloadFormat, LlmCallDecoder> decoders = decoders(f -> f.isInferenceLog() ? null
                : new LlmCallDecoder(f, () -> JsonEvent.NOW, new SchemaStore.Cache(), schemaIds, LlmCallLimits.DEFAULTS));

        Map<RejectReason, Integer> reasons = hammer(originals, f -> !decoders.containsKey(f) ? null : payload -> {
            List<Object> outcomes = new ArrayList<>();
            decoders.get(f).decode(payload, new EventSink<>() {
                @Override
                public void accept(LlmCallRecord record) {
                    outcomes.add(record);
                }

                @Override
                public void reject(RejectReason reason, String detail) {
                    assertThat(detail).startsWith("span ");
                    outcomes.add(reason);
                }

                @Override
                public void skip() {
                    outcomes.add("skipped");
                }
            });
            return outcomes;
        }, new Random(20250602));

        assertThat(reasons).containsKeys(RejectReason.UNDECODABLE, RejectReason.WRONG_TYPE);
        assertThat(decoders.get(PayloadFormat.JSON).decode(originals.get(0)))
                .isEqualTo(RecordViews.decoded(AvroEvents.llmCall().build()));
        assertThat(decoders.get(PayloadFormat.AVRO_SINGLE_OBJECT).decode(originals.get(1)).eventId()).isEqualTo("c-1");
        assertThat(decoders.get(PayloadFormat.AVRO_DATUM).decode(originals.get(2)).eventId()).isEqualTo("c-1");
        assertThat(decoders.get(PayloadFormat.CONFLUENT_AVRO).decode(originals.get(3)).eventId()).isEqualTo("c-1");
    }

    /** Inference logs too, in both CloudEvent modes: the binary mode's headers stay whole, its data is damaged. */
    @Test
    void damagedInferenceLogsAreDecodedOrRejectedNeverThrown() throws RejectedRecordException {
        String body = "{\"model_name\": \"m\", \"model_version\": \"1\", \"inputs\": [{\"name\": \"x\","
                + " \"shape\": [2, 2], \"datatype\": \"FP64\", \"data\": [[1.5, 2], [3, 4]]}, {\"name\": \"r\","
                + " \"shape\": [2], \"datatype\": \"BYTES\", \"data\": [\"eu\", \"us\"]}],"
                + " \"instances\": [[1, \"a\"], {\"f\": true}]}";
        String structured = "{\"specversion\": \"1.0\", \"id\": \"i-1\", \"source\": \"s\","
                + " \"type\": \"org.kubeflow.serving.inference.request\", \"time\": \"2025-05-31T23:59:00Z\","
                + " \"data\": " + body + "}";
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", "i-1", "ce_source", "s",
                "ce_type", "org.kubeflow.serving.inference.request");
        InferenceLogDecoder decoder = new InferenceLogDecoder(InferenceLogOptions.DEFAULTS, () -> JsonEvent.NOW);

        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        for (HeaderLookup lookup : List.<HeaderLookup>of(HeaderLookup.NONE, headers::get)) {
            byte[] original = (lookup == HeaderLookup.NONE ? structured : body).getBytes(StandardCharsets.UTF_8);
            hammer(List.of(original), f -> f != PayloadFormat.KSERVE ? null
                    : payload -> decoder.decode(payload, lookup, JsonEvent.NOW), new Random(20250603))
                    .forEach((reason, n) -> reasons.merge(reason, n, Integer::sum));
        }

        assertThat(reasons).containsKeys(RejectReason.UNDECODABLE, RejectReason.WRONG_TYPE);
        assertThat(decoder.decode(structured.getBytes(StandardCharsets.UTF_8), HeaderLookup.NONE, JsonEvent.NOW)
                .rows()).hasSize(2);
    }

    /** A decoder per format; none for a format of other events. */
    private static <D> Map<PayloadFormat, D> decoders(Function<PayloadFormat, D> create) {
        Map<PayloadFormat, D> decoders = new EnumMap<>(PayloadFormat.class);
        for (PayloadFormat format : PayloadFormat.values()) {
            D decoder = create.apply(format);
            if (decoder != null) {
                decoders.put(format, decoder);
            }
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
            Decode decoder = decoders.apply(format);
            if (decoder == null) {
                continue;
            }
            byte[] payload = damage(originals.get(random.nextInt(originals.size())), random);
            try {
                decoder.decode(payload);
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
