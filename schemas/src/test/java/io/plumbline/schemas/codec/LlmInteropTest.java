package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.InteropFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LLM calls written by another implementation (python3-avro 1.11 and Python's json, see
 * src/test/python/write_avro_fixtures.py), so that a misreading of the spec or of the dotted JSON
 * names that our encoder and decoder share cannot hide.
 */
class LlmInteropTest {

    private static final long NOW = 1_748_736_000_000L;

    private final LlmCallDecoder auto = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);
    private final LlmCallDecoder datum = new LlmCallDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);

    /** The calls the Python script writes, built here independently. */
    static Stream<Arguments> pythonCalls() {
        return Stream.of(
                Arguments.of(1, LlmCallEvent.newBuilder().setEventId("py-llm-1")
                        .setStartTimeUnixNano(1_748_735_940_000_000_000L).setEndTimeUnixNano(1_748_735_942_345_678_901L)
                        .setServiceName("support-bot").setGenAiOperationName("chat").setGenAiProviderName("openai")
                        .setGenAiRequestModel("gpt-4o").setGenAiResponseModel("gpt-4o-2024-08-06")
                        .setGenAiPromptName("triage").setPromptVersion("v7")
                        .setGenAiUsageInputTokens(1200L).setGenAiUsageOutputTokens(350L)
                        .setGenAiUsageCacheReadInputTokens(1024L).setGenAiUsageReasoningOutputTokens(128L)
                        .setGenAiResponseFinishReasons(List.of("stop")).setGenAiResponseTimeToFirstChunk(0.4375)
                        .setCostUsd(0.0061).setEvalScore(0.875).setTenant("acme").build()),
                Arguments.of(2, LlmCallEvent.newBuilder().setEventId("py-llm-2")
                        .setStartTimeUnixNano(1_748_735_950_000_000_000L).setEndTimeUnixNano(1_748_735_980_000_000_000L)
                        .setServiceName("batch-summarizer").setGenAiOperationName("text_completion")
                        .setGenAiProviderName("anthropic").setGenAiRequestModel("claude-3-5-haiku")
                        .setErrorType("timeout").build()),
                Arguments.of(3, LlmCallEvent.newBuilder().setEventId("py-llm-3")
                        .setStartTimeUnixNano(946_684_800_000_000_000L).setEndTimeUnixNano(946_684_800_000_000_000L)
                        .setServiceName("Überweisungs-Assistent").setGenAiOperationName("chat")
                        .setGenAiProviderName("azure.ai.openai").setGenAiRequestModel("gpt-4o-mini")
                        .setGenAiPromptName("kündigung").setPromptVersion("2025-05-30")
                        .setGenAiUsageInputTokens(0L).setGenAiUsageOutputTokens(0L)
                        .setGenAiUsageCacheReadInputTokens(0L).setGenAiUsageReasoningOutputTokens(0L)
                        .setGenAiResponseFinishReasons(List.of("content_filter", "length")).setRefusal(true)
                        .setCostUsd(0.0).setEvalScore(0.0).build()));
    }

    @ParameterizedTest(name = "llm-call-{0}")
    @MethodSource("pythonCalls")
    void decodesPythonsBareDatums(int n, LlmCallEvent expected) throws RejectedRecordException {
        assertThat(datum.decode(fixture("llm-call-" + n + ".datum.bin"))).isEqualTo(RecordViews.decoded(expected));
    }

    @ParameterizedTest(name = "llm-call-{0}")
    @MethodSource("pythonCalls")
    void decodesPythonsSingleObjectRecords(int n, LlmCallEvent expected) throws RejectedRecordException {
        assertThat(auto.decode(fixture("llm-call-" + n + ".single-object.bin"))).isEqualTo(RecordViews.decoded(expected));
    }

    @ParameterizedTest(name = "llm-call-{0}")
    @MethodSource("pythonCalls")
    void decodesPythonsJson(int n, LlmCallEvent expected) throws RejectedRecordException {
        assertThat(auto.decode(fixture("llm-call-" + n + ".json"))).isEqualTo(RecordViews.decoded(expected));
    }

    @ParameterizedTest(name = "llm-call-{0}")
    @MethodSource("pythonCalls")
    void ourEncoderWritesTheSameBytesAsPython(int n, LlmCallEvent expected) {
        assertThat(LlmCallEncoder.avroDatum(expected)).isEqualTo(fixture("llm-call-" + n + ".datum.bin"));
        assertThat(LlmCallEncoder.avroSingleObject(expected)).isEqualTo(fixture("llm-call-" + n + ".single-object.bin"));
    }

    @Test
    void pythonFingerprintsTheCanonicalFormAsJavaDoes() {
        long fingerprint = ByteBuffer.wrap(fixture("llm-call-1.single-object.bin"), 2, 8)
                .order(ByteOrder.LITTLE_ENDIAN).getLong();

        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(LlmCallEvent.getClassSchema()));
    }

    @Test
    void pythonsGenAiSystemRecordDecodesThroughTheAliasOnceItsSchemaIsKnown() throws RejectedRecordException {
        Schema writer = new Schema.Parser().parse(
                new String(fixture("LlmCallEvent-gen-ai-system.avsc"), StandardCharsets.UTF_8));
        SchemaStore.Cache known = new SchemaStore.Cache();
        known.addSchema(writer);
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW, known);

        LlmCallRecord r = decoder.decode(fixture("llm-call-gen-ai-system.single-object.bin"));

        assertThat(r).isEqualTo(RecordViews.decoded(genAiSystemCall()));
        assertThat(r.provider()).isEqualTo("aws.bedrock");
    }

    @Test
    void pythonsGenAiSystemRecordIsUndecodableWhileItsSchemaIsUnknown() {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> auto.decode(fixture("llm-call-gen-ai-system.single-object.bin")));

        assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(e.detail()).contains("unknown schema", "LlmCallEvent");
    }

    @Test
    void pythonsGenAiSystemJsonDecodesThroughTheAlias() throws RejectedRecordException {
        assertThat(auto.decode(fixture("llm-call-gen-ai-system.json"))).isEqualTo(RecordViews.decoded(genAiSystemCall()));
    }

    private static LlmCallEvent genAiSystemCall() {
        return LlmCallEvent.newBuilder().setEventId("py-llm-system")
                .setStartTimeUnixNano(1_748_735_960_000_000_000L).setEndTimeUnixNano(1_748_735_960_750_000_000L)
                .setServiceName("search").setGenAiOperationName("chat").setGenAiProviderName("aws.bedrock")
                .setGenAiRequestModel("anthropic.claude-3-haiku")
                .setGenAiUsageInputTokens(80L).setGenAiUsageOutputTokens(20L).build();
    }
}
