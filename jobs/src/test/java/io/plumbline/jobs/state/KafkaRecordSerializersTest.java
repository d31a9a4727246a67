package io.plumbline.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.RawRecord;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The types that travel between the source, the late check and the sinks. */
class KafkaRecordSerializersTest {

    private static final RawRecord JSON = new RawRecord("plumbline.predictions", 3, 1_234_567L,
            bytes("k-1"), bytes("{\"event_id\":\"e-1\"}"));
    private static final RawRecord NO_KEY = new RawRecord("plumbline.predictions", 0, 0L, null,
            new byte[] {(byte) 0xC3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 7});
    private static final RawRecord TOMBSTONE = new RawRecord("other", 1, 99L, bytes("k"), null);

    @Nested
    class DecodedRecords extends SerializerTestBase<DecodedRecord<PredictionRecord>> {

        @Override
        protected TypeSerializer<DecodedRecord<PredictionRecord>> createSerializer() {
            return new DecodedRecordSerializer<>(PredictionRecordSerializer.INSTANCE);
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Class<DecodedRecord<PredictionRecord>> getTypeClass() {
            return (Class<DecodedRecord<PredictionRecord>>) (Class<?>) DecodedRecord.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<DecodedRecord<PredictionRecord>> serializer) {
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected DecodedRecord<PredictionRecord>[] getTestData() {
            return new DecodedRecord[] {
                    DecodedRecord.accepted(JSON, new PredictionRecord().reset("e-1", 1_735_689_600_000L, "m", "v1")
                            .addNumber("x", 1.5).addCategory("c", "a").predictionNumber(0.5), 1_735_689_600_000L),
                    DecodedRecord.accepted(NO_KEY, new PredictionRecord().reset("e-2", 1L, "m", "v1"), 1L),
                    DecodedRecord.rejected(JSON, RejectReason.NON_FINITE_NUMBER, "feature 'x' is NaN"),
                    DecodedRecord.rejected(TOMBSTONE, RejectReason.UNDECODABLE, "empty payload"),
            };
        }
    }

    /** Halves of logged inferences, on their way to their pairing and in its state. */
    @Nested
    class InferenceHalves extends SerializerTestBase<InferenceHalf> {

        @Override
        protected TypeSerializer<InferenceHalf> createSerializer() {
            return new InferenceHalfSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<InferenceHalf> getTypeClass() {
            return InferenceHalf.class;
        }

        /** A half has no empty form to reuse: every read makes a new one. */
        @Override
        protected boolean allowNullInstances(TypeSerializer<InferenceHalf> serializer) {
            return true;
        }

        @Override
        protected InferenceHalf[] getTestData() {
            return InferenceHalfSamples.golden().toArray(new InferenceHalf[0]);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anEnvelopeOfOneKindOfEventNeitherEqualsNorRestoresAnother() {
        TypeSerializerSnapshot predictions = PlumblineTypes.DECODED_RECORD.createSerializer(new SerializerConfigImpl())
                .snapshotConfiguration();
        TypeSerializerSnapshot<DecodedRecord<LlmCallRecord>> llmCalls = PlumblineTypes.DECODED_LLM_CALL
                .createSerializer(new SerializerConfigImpl()).snapshotConfiguration();

        assertThat(PlumblineTypes.DECODED_LLM_CALL).isNotEqualTo(PlumblineTypes.DECODED_RECORD);
        assertThat(llmCalls.resolveSchemaCompatibility(predictions).isIncompatible()).isTrue();
    }

    /** The same envelope around another event: its serializer is nested, and so is its snapshot. */
    @Nested
    class DecodedLlmCalls extends SerializerTestBase<DecodedRecord<LlmCallRecord>> {

        @Override
        protected TypeSerializer<DecodedRecord<LlmCallRecord>> createSerializer() {
            return new DecodedRecordSerializer<>(LlmCallRecordSerializer.INSTANCE);
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Class<DecodedRecord<LlmCallRecord>> getTypeClass() {
            return (Class<DecodedRecord<LlmCallRecord>>) (Class<?>) DecodedRecord.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<DecodedRecord<LlmCallRecord>> serializer) {
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected DecodedRecord<LlmCallRecord>[] getTestData() {
            LlmCallRecord call = LlmCallRecord.builder().eventId("c-1").startTimeNanos(1_764_000_000_000_000_000L)
                    .endTimeNanos(1_764_000_002_345_678_901L).service("support-bot").operation("chat")
                    .provider("openai").requestModel("gpt-4o").promptName("triage").inputTokens(1200).build();
            return new DecodedRecord[] {
                    DecodedRecord.accepted(JSON, call, call.eventTimeMillis()),
                    DecodedRecord.rejected(NO_KEY, RejectReason.INCONSISTENT_TOKENS,
                            "gen_ai.usage.cache_read.input_tokens 2048 > gen_ai.usage.input_tokens 1200"),
            };
        }
    }

    @Nested
    class DeadLetters extends SerializerTestBase<DeadLetter> {

        @Override
        protected TypeSerializer<DeadLetter> createSerializer() {
            return new DeadLetterSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<DeadLetter> getTypeClass() {
            return DeadLetter.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<DeadLetter> serializer) {
            return true;
        }

        @Override
        protected DeadLetter[] getTestData() {
            DeadLetter[] all = new DeadLetter[RejectReason.values().length + 1];
            for (RejectReason reason : RejectReason.values()) {
                all[reason.ordinal()] = new DeadLetter(JSON, reason, "detail of " + reason.code());
            }
            all[all.length - 1] = new DeadLetter(TOMBSTONE, RejectReason.LATE, "");
            return all;
        }
    }

    @Nested
    class KeyedMessages extends SerializerTestBase<KeyedMessage> {

        @Override
        protected TypeSerializer<KeyedMessage> createSerializer() {
            return new KeyedMessageSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<KeyedMessage> getTypeClass() {
            return KeyedMessage.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<KeyedMessage> serializer) {
            return true;
        }

        @Override
        protected KeyedMessage[] getTestData() {
            return new KeyedMessage[] {
                    new KeyedMessage("credit-risk/v3/income", bytes("{\"psi\":0.01}")),
                    new KeyedMessage("0123456789abcdef", bytes("{\"status\":\"firing\"}")),
                    new KeyedMessage("", new byte[0]),
            };
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
