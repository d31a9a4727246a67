package io.plumbline.jobs.state;

import java.nio.charset.StandardCharsets;

import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.KeyedMessage;
import io.plumbline.jobs.kafka.RawRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Nested;

/** The types that travel between the source, the late check and the sinks. */
class KafkaRecordSerializersTest {

    private static final RawRecord JSON = new RawRecord("plumbline.predictions", 3, 1_234_567L,
            bytes("k-1"), bytes("{\"event_id\":\"e-1\"}"));
    private static final RawRecord NO_KEY = new RawRecord("plumbline.predictions", 0, 0L, null,
            new byte[] {(byte) 0xC3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 7});
    private static final RawRecord TOMBSTONE = new RawRecord("other", 1, 99L, bytes("k"), null);

    @Nested
    class DecodedRecords extends SerializerTestBase<DecodedRecord> {

        @Override
        protected TypeSerializer<DecodedRecord> createSerializer() {
            return new DecodedRecordSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<DecodedRecord> getTypeClass() {
            return DecodedRecord.class;
        }

        @Override
        protected boolean allowNullInstances(TypeSerializer<DecodedRecord> serializer) {
            return true;
        }

        @Override
        protected DecodedRecord[] getTestData() {
            return new DecodedRecord[] {
                    DecodedRecord.accepted(JSON, new PredictionRecord().reset("e-1", 1_735_689_600_000L, "m", "v1")
                            .addNumber("x", 1.5).addCategory("c", "a").predictionNumber(0.5)),
                    DecodedRecord.accepted(NO_KEY, new PredictionRecord().reset("e-2", 1L, "m", "v1")),
                    DecodedRecord.rejected(JSON, RejectReason.NON_FINITE_NUMBER, "feature 'x' is NaN"),
                    DecodedRecord.rejected(TOMBSTONE, RejectReason.UNDECODABLE, "empty payload"),
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
