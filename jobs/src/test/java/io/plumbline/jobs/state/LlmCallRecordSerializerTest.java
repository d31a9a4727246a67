package io.plumbline.jobs.state;

import static io.plumbline.jobs.state.LlmCallSamples.T0;
import static io.plumbline.jobs.state.LlmCallSamples.full;
import static io.plumbline.jobs.state.LlmCallSamples.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.SourcePosition;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class LlmCallRecordSerializerTest extends SerializerTestBase<LlmCallRecord> {

    @Override
    protected TypeSerializer<LlmCallRecord> createSerializer() {
        return new LlmCallRecordSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LlmCallRecord> getTypeClass() {
        return LlmCallRecord.class;
    }

    /** A record has no empty state to start from: {@code createInstance} gives none. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<LlmCallRecord> serializer) {
        return true;
    }

    @Override
    protected LlmCallRecord[] getTestData() {
        return new LlmCallRecord[] {
                minimal().build(),
                full().build(),
                // every optional value at its edge: zero counts, a zero cost, the largest count
                minimal().eventId("edges").inputTokens(0).outputTokens(Long.MAX_VALUE).cacheReadTokens(0)
                        .reasoningTokens(Long.MAX_VALUE).ttftSeconds(0.0).costUsd(-0.0).evalScore(1.0)
                        .finishReasons(List.of("")).errorType("").tenant("").build(),
                // a producer's builder may set a response model equal to the request: still the same call
                minimal().eventId("same-model").responseModel("gpt-4o").promptName("").promptVersion("").build(),
                // the builder does not forbid an end before the start; the serializer must not either
                minimal().eventId("backwards").startTimeNanos(Long.MAX_VALUE).endTimeNanos(Long.MIN_VALUE).build(),
                minimal().eventId("ü-ñ-字").service("サービス").operation("chat/ü").provider("aws.bedrock")
                        .requestModel("anthropic.claude-3-5-sonnet").promptName("triage 🚑")
                        .finishReasons(List.of("stop", "content_filter", "length")).build(),
        };
    }

    @Test
    void aCallWithOnlyItsRequiredFieldsIsItsMaskItsStringsAndItsTimes() throws IOException {
        LlmCallRecord call = minimal().build();
        // mask 2 + five strings of 1 + length bytes + start 8 + duration of 2.345 s as a varint 5
        int strings = 5 + "e-1".length() + "support-bot".length() + "chat".length() + "openai".length()
                + "gpt-4o".length();

        assertThat(bytes(call)).hasSize(2 + strings + 8 + 5);
    }

    @Test
    void absentValuesAndARepeatedModelCostNothing() throws IOException {
        int minimal = bytes(minimal().build()).length;

        assertThat(bytes(minimal().responseModel("gpt-4o").build())).hasSize(minimal);
        assertThat(bytes(minimal().refusal(true).build())).hasSize(minimal);
        assertThat(bytes(minimal().inputTokens(1200).build())).hasSize(minimal + 2);
        assertThat(bytes(minimal().responseModel("gpt-4o-2024-08-06").build()))
                .hasSize(minimal + 1 + "gpt-4o-2024-08-06".length());
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() throws IOException {
        LlmCallRecord call = full().build();

        LlmCallRecord back = read(bytes(call));

        assertThat(back).isEqualTo(call);
        assertThat(back.responseModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(back.endTimeNanos()).isEqualTo(T0 + 2_345_678_901L);
        assertThat(back.contentFiltered()).isTrue();
        assertThat(back.refusal()).isTrue();
        assertThat(back.tenant()).isEqualTo("acme");
    }

    @Test
    void whereTheCallWasReadSurvivesTheRoundTripAndCostsNothingWhenUnknown() throws IOException {
        LlmCallRecord located = full().build();
        located.locate(3, 1L << 40);

        LlmCallRecord back = read(bytes(located));

        assertThat(back.sourcePartition()).isEqualTo(3);
        assertThat(back.sourceOffset()).isEqualTo(1L << 40);
        LlmCallRecord unknown = read(bytes(full().build()));
        assertThat(unknown.sourcePartition()).isEqualTo(SourcePosition.UNKNOWN);
        assertThat(bytes(located).length).isGreaterThan(bytes(full().build()).length);
    }

    @Test
    void absentValuesComeBackAsTheirSentinels() throws IOException {
        LlmCallRecord back = read(bytes(minimal().build()));

        assertThat(back.responseModel()).isEqualTo("gpt-4o");
        assertThat(back.promptName()).isEqualTo(LlmCallRecord.NO_PROMPT);
        assertThat(back.promptVersion()).isEqualTo(LlmCallRecord.NO_PROMPT_VERSION);
        assertThat(back.inputTokens()).isEqualTo(LlmCallRecord.NO_COUNT);
        assertThat(back.reasoningTokens()).isEqualTo(LlmCallRecord.NO_COUNT);
        assertThat(back.finishReasons()).isEmpty();
        assertThat(back.ttftSeconds()).isNaN();
        assertThat(back.costUsd()).isNaN();
        assertThat(back.evalScore()).isNaN();
        assertThat(back.errorType()).isNull();
        assertThat(back.tenant()).isNull();
        assertThat(back.refusal()).isFalse();
    }

    @Test
    void readsTheVersionOneGoldenFile() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(golden());
        List<LlmCallRecord> calls = new ArrayList<>();
        while (in.available() > 0) {
            calls.add(LlmCallRecordSerializer.INSTANCE.deserialize(in));
        }

        assertThat(calls).containsExactlyElementsOf(LlmCallSamples.golden());
    }

    @Test
    void todaysWriterStillWritesVersionOneByteForByte() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (LlmCallRecord call : LlmCallSamples.golden()) {
            LlmCallRecordSerializer.INSTANCE.serialize(call, out);
        }

        assertThat(out.getCopyOfBuffer()).isEqualTo(golden());
    }

    @Test
    void unknownPresenceBitsAreCorruptNotIgnored() {
        byte[] bytes = bytes(minimal().build());
        bytes[0] |= (byte) 0x80; // bit 15: no field has it

        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("presence");
    }

    private static byte[] bytes(LlmCallRecord call) {
        DataOutputSerializer out = new DataOutputSerializer(64);
        try {
            LlmCallRecordSerializer.INSTANCE.serialize(call, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.getCopyOfBuffer();
    }

    private static byte[] golden() throws IOException {
        try (InputStream in = LlmCallRecordSerializerTest.class.getResourceAsStream(
                "/golden/" + LlmCallGoldenFileGenerator.FILE)) {
            assertThat(in).as("golden file on the test classpath").isNotNull();
            return in.readAllBytes();
        }
    }

    private static LlmCallRecord read(byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        LlmCallRecord call = LlmCallRecordSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return call;
    }
}
