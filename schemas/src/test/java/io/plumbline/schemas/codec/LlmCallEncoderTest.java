package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.END_NANOS;
import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our encoder against our decoder: every encoding of a call decodes to the record the contract says. */
class LlmCallEncoderTest {

    private static final List<String> FINISH_REASONS = List.of("stop", "length", "content_filter", "tool_calls");

    private final LlmCallDecoder auto = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);
    private final LlmCallDecoder datum = new LlmCallDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);

    @Test
    void everyEncodingDecodesToTheSameRecord() throws RejectedRecordException {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            LlmCallEvent call = randomCall(random, i);
            LlmCallRecord expected = RecordViews.decoded(call);

            assertThat(auto.decode(LlmCallEncoder.json(call))).as("json %s", call).isEqualTo(expected);
            assertThat(auto.decode(LlmCallEncoder.avroSingleObject(call))).as("single-object %s", call)
                    .isEqualTo(expected);
            assertThat(datum.decode(LlmCallEncoder.avroDatum(call))).as("datum %s", call).isEqualTo(expected);
        }
    }

    @Test
    void jsonUsesTheDottedOtelNamesAndLeavesAbsentFieldsOut() {
        LlmCallEvent call = AvroEvents.llmCall().setGenAiPromptName(null).setTenant(null).build();

        String json = new String(LlmCallEncoder.json(call), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"event_id\":\"c-1\",\"start_time_unix_nano\":" + JsonEvent.START_NANOS + ",")
                .contains("\"gen_ai.usage.cache_read.input_tokens\":1024", "\"cost.usd\":0.0061",
                        "\"gen_ai.response.finish_reasons\":[\"stop\",\"content_filter\"]")
                .doesNotContain("gen_ai.prompt.name", "tenant", "_name\"");
    }

    @Test
    void singleObjectEncodingIsItsMarkerTheFingerprintAndTheDatum() {
        LlmCallEvent call = AvroEvents.llmCall().build();

        byte[] singleObject = LlmCallEncoder.avroSingleObject(call);
        byte[] datum = LlmCallEncoder.avroDatum(call);

        assertThat(singleObject).startsWith((byte) 0xC3, (byte) 0x01).hasSize(10 + datum.length);
        assertThat(singleObject).endsWith(datum);
        assertThat(singleObject).isEqualTo(AvroEvents.singleObject(call));
    }

    private static LlmCallEvent randomCall(Random random, int i) {
        long end = END_NANOS - random.nextLong(3_600_000_000_000L);
        long duration = random.nextLong(120_000_000_000L);
        Long input = random.nextInt(4) == 0 ? null : (long) random.nextInt(100_000);
        Long output = random.nextInt(4) == 0 ? null : (long) random.nextInt(10_000);
        List<String> reasons = new ArrayList<>();
        for (int r = random.nextInt(3); r > 0; r--) {
            reasons.add(FINISH_REASONS.get(random.nextInt(FINISH_REASONS.size())));
        }
        return LlmCallEvent.newBuilder()
                .setEventId("c-" + i)
                .setStartTimeUnixNano(end - duration)
                .setEndTimeUnixNano(end)
                .setServiceName("service-" + random.nextInt(3))
                .setGenAiOperationName(random.nextBoolean() ? "chat" : "embeddings")
                .setGenAiProviderName(random.nextBoolean() ? "openai" : "anthropic")
                .setGenAiRequestModel("model-" + random.nextInt(3))
                .setGenAiResponseModel(random.nextBoolean() ? null : "model-" + random.nextInt(3) + "-2025")
                .setGenAiPromptName(random.nextBoolean() ? null : "prompt-" + random.nextInt(5) + "ü")
                .setPromptVersion(random.nextBoolean() ? null : "v" + random.nextInt(9))
                .setGenAiUsageInputTokens(input)
                .setGenAiUsageOutputTokens(output)
                .setGenAiUsageCacheReadInputTokens(input == null || random.nextBoolean() ? null
                        : (long) random.nextInt((int) (input + 1)))
                .setGenAiUsageReasoningOutputTokens(output == null || random.nextBoolean() ? null
                        : (long) random.nextInt((int) (output + 1)))
                .setGenAiResponseFinishReasons(random.nextInt(4) == 0 ? null : reasons)
                .setGenAiResponseTimeToFirstChunk(random.nextBoolean() ? null : random.nextDouble() * duration / 1e9)
                .setErrorType(random.nextInt(5) == 0 ? "timeout" : null)
                .setRefusal(random.nextInt(10) == 0)
                .setCostUsd(random.nextBoolean() ? null : random.nextDouble() / 10)
                .setEvalScore(random.nextBoolean() ? null : random.nextDouble())
                .setTenant(random.nextBoolean() ? null : "tenant-" + random.nextInt(100))
                .build();
    }
}
