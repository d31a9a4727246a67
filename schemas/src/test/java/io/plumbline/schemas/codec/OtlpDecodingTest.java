package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/** Trace exports of GenAI spans, in protobuf and OTLP/JSON, into LLM calls. */
class OtlpDecodingTest {

    /** What one record held, in the order the decoder told it. */
    private static final class Outcomes implements EventSink<LlmCallRecord> {
        final List<LlmCallRecord> calls = new ArrayList<>();
        final List<String> rejections = new ArrayList<>();
        int skipped;

        @Override
        public void accept(LlmCallRecord call) {
            calls.add(call);
        }

        @Override
        public void reject(RejectReason reason, String detail) {
            rejections.add(reason.code() + ": " + detail);
        }

        @Override
        public void skip() {
            skipped++;
        }
    }

    /** Every field a call carries comes back as the JSON event's reading of it, in both encodings. */
    @Test
    void everyFieldOfACallRoundTripsInBothEncodings() throws RejectedRecordException {
        LlmCallEvent event = AvroEvents.llmCall().build();
        LlmCallRecord expected = decoder(PayloadFormat.JSON).decode(LlmCallEncoder.json(event));

        for (PayloadFormat format : List.of(PayloadFormat.OTLP_PROTO, PayloadFormat.OTLP_JSON)) {
            byte[] payload = format == PayloadFormat.OTLP_PROTO ? OtlpCallEncoder.proto(List.of(event))
                    : OtlpCallEncoder.json(List.of(event));
            Outcomes outcomes = decode(format, payload);

            assertThat(outcomes.rejections).isEmpty();
            LlmCallRecord call = outcomes.calls.get(0);
            assertThat(outcomes.calls).hasSize(1);
            assertThat(call.eventId()).matches("[0-9a-f]{32}-[0-9a-f]{16}");
            assertThat(call.finishReasons()).as("a refusal is a finish reason").containsExactly("stop",
                    "content_filter", "refusal");
            assertThat(LlmCallRecord.builder().clear().eventId(expected.eventId())
                    .startTimeNanos(call.startTimeNanos()).endTimeNanos(call.endTimeNanos())
                    .service(call.service()).operation(call.operation()).provider(call.provider())
                    .requestModel(call.requestModel()).responseModel(call.responseModel())
                    .promptName(call.promptName()).promptVersion(call.promptVersion())
                    .inputTokens(call.inputTokens()).outputTokens(call.outputTokens())
                    .cacheReadTokens(call.cacheReadTokens()).reasoningTokens(call.reasoningTokens())
                    .finishReasons(expected.finishReasons()).ttftSeconds(call.ttftSeconds())
                    .errorType(call.errorType()).refusal(call.refusal()).costUsd(call.costUsd())
                    .evalScore(call.evalScore()).tenant(call.tenant()).build())
                    .as(format.configName()).isEqualTo(expected);
        }
    }

    /**
     * The Collector's OTLP/JSON of an instrumented application: a chat call streamed (its time to first chunk
     * from the first chunk event), the HTTP server span around it and a tool span, which record no model call,
     * and a call the provider rate-limited.
     */
    @Test
    void readsTheCollectorsJsonAndSkipsSpansThatRecordNoModelCall() throws Exception {
        Outcomes outcomes = decode(PayloadFormat.OTLP_JSON, fixture("collector-export.json"));

        assertThat(outcomes.skipped).isEqualTo(2);
        assertThat(outcomes.rejections).isEmpty();
        assertThat(outcomes.calls).hasSize(2);
        LlmCallRecord chat = outcomes.calls.get(0);
        assertThat(chat.eventId()).isEqualTo("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174");
        assertThat(chat.service()).isEqualTo("support-bot");
        assertThat(chat.operation()).isEqualTo("chat");
        assertThat(chat.provider()).isEqualTo("openai");
        assertThat(chat.requestModel()).isEqualTo("gpt-4o-mini");
        assertThat(chat.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(chat.promptName()).isEqualTo("triage");
        assertThat(chat.promptVersion()).isEqualTo("v7");
        assertThat(chat.inputTokens()).isEqualTo(1200);
        assertThat(chat.outputTokens()).isEqualTo(350);
        assertThat(chat.cacheReadTokens()).isEqualTo(1024);
        assertThat(chat.reasoningTokens()).isEqualTo(128);
        assertThat(chat.finishReasons()).containsExactly("stop");
        assertThat(chat.ttftSeconds()).isCloseTo(0.25, within(1e-9));
        assertThat(chat.endTimeNanos() - chat.startTimeNanos()).isEqualTo(2_500_000_000L);
        assertThat(chat.errorType()).isNull();
        LlmCallRecord limited = outcomes.calls.get(1);
        assertThat(limited.errorType()).isEqualTo("rate_limited");
        assertThat(limited.ttftSeconds()).isNaN();
        assertThat(limited.inputTokens()).isEqualTo(LlmCallRecord.NO_COUNT);
    }

    /** OpenLLMetry's older names, its chunk events, and its prompt attributes named in the config. */
    @Test
    void readsOpenLlmetrysAttributes() throws Exception {
        Outcomes outcomes = new Outcomes();
        new LlmCallDecoder(PayloadFormat.OTLP_JSON, () -> NOW, new SchemaStore.Cache(), WriterSchemaIds.NONE,
                LlmCallLimits.DEFAULTS, new OtlpOptions("traceloop.prompt.key", "traceloop.prompt.version"))
                .decode(fixture("openllmetry-export.json"), outcomes);

        assertThat(outcomes.skipped).as("the workflow span").isEqualTo(1);
        assertThat(outcomes.calls).hasSize(2);
        LlmCallRecord chat = outcomes.calls.get(0);
        assertThat(chat.service()).isEqualTo("search-api");
        assertThat(chat.operation()).isEqualTo("chat");
        assertThat(chat.provider()).isEqualTo("openai");
        assertThat(chat.requestModel()).isEqualTo("gpt-4.1-nano");
        assertThat(chat.promptName()).isEqualTo("rerank");
        assertThat(chat.promptVersion()).isEqualTo("3");
        assertThat(chat.inputTokens()).isEqualTo(830);
        assertThat(chat.outputTokens()).isEqualTo(96);
        assertThat(chat.cacheReadTokens()).isEqualTo(512);
        assertThat(chat.ttftSeconds()).isCloseTo(0.4, within(1e-9));
        assertThat(chat.errorType()).as("status OK").isNull();
        LlmCallRecord embeddings = outcomes.calls.get(1);
        assertThat(embeddings.operation()).isEqualTo("embeddings");
        assertThat(embeddings.inputTokens()).isEqualTo(12);
        assertThat(embeddings.promptName()).isEqualTo(LlmCallRecord.NO_PROMPT);
    }

    /** OpenLIT's names for cost, reasoning tokens and time to first token; a bad span rejected on its own. */
    @Test
    void readsOpenLitsAttributesAndRejectsABadSpanAlone() throws Exception {
        Outcomes outcomes = decode(PayloadFormat.OTLP_JSON, fixture("openlit-export.json"));

        assertThat(outcomes.calls).hasSize(1);
        LlmCallRecord chat = outcomes.calls.get(0);
        assertThat(chat.provider()).isEqualTo("anthropic");
        assertThat(chat.reasoningTokens()).isEqualTo(300);
        assertThat(chat.costUsd()).isEqualTo(0.0255);
        assertThat(chat.ttftSeconds()).isEqualTo(1.25);
        assertThat(chat.refusal()).isTrue();
        assertThat(outcomes.rejections).containsExactly("negative_count: span 00f067aa0ba902b8 of trace"
                + " 4bf92f3577b34da6a3ce929d0e0e4736: field 'gen_ai.usage.input_tokens' is -5; expected a count >= 0");
    }

    @Test
    void aSpanWithoutAProviderOrAnOperationOrOfTheWrongTypeIsRejectedNamingTheAttribute() throws Exception {
        Span noProvider = genAiSpan("01").removeAttributes(1).build();
        Span noOperation = genAiSpan("04").removeAttributes(0).build();
        Span emptyReason = genAiSpan("05").addAttributes(keyValue("gen_ai.response.finish_reasons",
                AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.getDefaultInstance()))
                        .build())).build();
        Span textTokens = genAiSpan("02").addAttributes(keyValue("gen_ai.usage.input_tokens",
                AnyValue.newBuilder().setStringValue("12").build())).build();
        byte[] payload = request(noProvider, textTokens, noOperation, emptyReason).toByteArray();

        Outcomes outcomes = decode(PayloadFormat.OTLP_PROTO, payload);

        assertThat(outcomes.rejections).containsExactly(
                "missing_field: span 0000000000000001 of trace 0000000000000000000000000000000a: field"
                        + " 'gen_ai.provider.name' is missing; expected the provider, such as openai (or under its"
                        + " older name gen_ai.system)",
                "wrong_type: span 0000000000000002 of trace 0000000000000000000000000000000a: field"
                        + " 'gen_ai.usage.input_tokens' is a string; expected an integer count",
                "missing_field: span 0000000000000004 of trace 0000000000000000000000000000000a: field"
                        + " 'gen_ai.operation.name' is missing; expected the GenAI operation, such as chat or embeddings",
                "wrong_type: span 0000000000000005 of trace 0000000000000000000000000000000a: field"
                        + " 'gen_ai.response.finish_reasons[0]' is an empty value; expected a string");
    }

    @Test
    void aRecordThatIsNoTraceExportIsUndecodable() {
        assertUndecodable(PayloadFormat.OTLP_PROTO, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01},
                "not an OTLP ExportTraceServiceRequest in protobuf");
        assertUndecodable(PayloadFormat.OTLP_JSON, "[1, 2]".getBytes(StandardCharsets.UTF_8),
                "not an OTLP/JSON ExportTraceServiceRequest: expected an object with 'resourceSpans'");
        assertUndecodable(PayloadFormat.OTLP_JSON, "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8),
                "malformed OTLP/JSON");
        assertUndecodable(PayloadFormat.OTLP_PROTO, new byte[0], "empty payload");
    }

    /** Nesting past what the parsers allow is refused before it costs a deep stack. */
    @Test
    void deeplyNestedExportsAreUndecodable() {
        AnyValue nested = AnyValue.newBuilder().setStringValue("leaf").build();
        for (int depth = 0; depth < 200; depth++) {
            nested = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                    .addValues(keyValue("k", nested))).build();
        }
        byte[] deepProto = request(genAiSpan("03").addAttributes(keyValue("deep", nested)).build()).toByteArray();
        String deepJson = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"deep\","
                + "\"value\":" + "{\"arrayValue\":{\"values\":[".repeat(2_000) + "]}}".repeat(2_000) + "}]}]}]}]}";

        assertUndecodable(PayloadFormat.OTLP_PROTO, deepProto, "not an OTLP ExportTraceServiceRequest in protobuf");
        assertUndecodable(PayloadFormat.OTLP_JSON, deepJson.getBytes(StandardCharsets.UTF_8), "malformed OTLP/JSON");
    }

    private static Span.Builder genAiSpan(String spanId) {
        return Span.newBuilder()
                .setTraceId(ByteString.fromHex("0000000000000000000000000000000a"))
                .setSpanId(ByteString.fromHex("00000000000000" + spanId))
                .setStartTimeUnixNano(JsonEvent.START_NANOS)
                .setEndTimeUnixNano(JsonEvent.END_NANOS)
                .addAttributes(keyValue("gen_ai.operation.name", AnyValue.newBuilder().setStringValue("chat").build()))
                .addAttributes(keyValue("gen_ai.provider.name", AnyValue.newBuilder().setStringValue("openai").build()))
                .addAttributes(keyValue("gen_ai.request.model", AnyValue.newBuilder().setStringValue("gpt-4o").build()));
    }

    private static ExportTraceServiceRequest request(Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(keyValue("service.name",
                        AnyValue.newBuilder().setStringValue("support-bot").build())))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    private static KeyValue keyValue(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static void assertUndecodable(PayloadFormat format, byte[] payload, String detailStart) {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> decode(format, payload));
        assertThat(e).as(detailStart).isNotNull();
        assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(e.detail()).startsWith(detailStart);
    }

    private static Outcomes decode(PayloadFormat format, byte[] payload) throws RejectedRecordException {
        Outcomes outcomes = new Outcomes();
        decoder(format).decode(payload, outcomes);
        return outcomes;
    }

    private static LlmCallDecoder decoder(PayloadFormat format) {
        return new LlmCallDecoder(format, () -> NOW, new SchemaStore.Cache(), LlmCallLimits.DEFAULTS);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OtlpDecodingTest.class.getResourceAsStream("/otlp/" + name)) {
            return in.readAllBytes();
        }
    }
}
