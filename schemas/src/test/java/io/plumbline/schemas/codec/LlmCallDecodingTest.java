package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.END_NANOS;
import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.codec.JsonEvent.START_NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class LlmCallDecodingTest {

    /** Every field of {@link JsonEvent#llmCall()} and {@link AvroEvents#llmCall()}, spelled out. */
    private static final LlmCallRecord EVERY_FIELD = LlmCallRecord.builder()
            .eventId("c-1").startTimeNanos(START_NANOS).endTimeNanos(END_NANOS)
            .service("support-bot").operation("chat").provider("openai")
            .requestModel("gpt-4o").responseModel("gpt-4o-2024-08-06").promptName("triage").promptVersion("v7")
            .inputTokens(1200).outputTokens(350).cacheReadTokens(1024).reasoningTokens(128)
            .finishReasons(List.of("stop", "content_filter")).ttftSeconds(0.25).errorType("timeout").refusal(true)
            .costUsd(0.0061).evalScore(0.875).tenant("acme")
            .build();

    private final LlmCallDecoder auto = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);

    @Test
    void decodesEveryFieldOfJson() throws RejectedRecordException {
        LlmCallRecord r = auto.decode(JsonEvent.llmCall().bytes());

        assertThat(r).isEqualTo(EVERY_FIELD);
        assertThat(r.contentFiltered()).isTrue();
        assertThat(r.latencySeconds()).isEqualTo(2.5);
        assertThat(r.eventTimeMillis()).isEqualTo(JsonEvent.TIMESTAMP);
    }

    @Test
    void decodesEveryFieldOfAvroSingleObjectInAutoMode() throws RejectedRecordException {
        assertThat(auto.decode(AvroEvents.singleObject(AvroEvents.llmCall().build()))).isEqualTo(EVERY_FIELD);
    }

    @Test
    void decodesEveryFieldOfAvroSingleObjectWhenForced() throws RejectedRecordException {
        LlmCallDecoder singleObject = new LlmCallDecoder(PayloadFormat.AVRO_SINGLE_OBJECT, () -> NOW);

        assertThat(singleObject.decode(AvroEvents.singleObject(AvroEvents.llmCall().build()))).isEqualTo(EVERY_FIELD);
    }

    @Test
    void decodesEveryFieldOfABareAvroDatumWhenForced() throws RejectedRecordException {
        LlmCallDecoder datum = new LlmCallDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);

        assertThat(datum.decode(AvroEvents.datum(AvroEvents.llmCall().build()))).isEqualTo(EVERY_FIELD);
    }

    @Test
    void forcedJsonReadsJson() throws RejectedRecordException {
        LlmCallDecoder json = new LlmCallDecoder(PayloadFormat.JSON, () -> NOW);

        assertThat(json.decode(JsonEvent.llmCall().bytes())).isEqualTo(EVERY_FIELD);
    }

    @Test
    void absentOptionalFieldsTakeTheirDocumentedDefaults() throws RejectedRecordException {
        LlmCallRecord r = auto.decode(JsonEvent.minimalLlmCall().bytes());

        assertMinimal(r);
    }

    @Test
    void nullOptionalFieldsAreAbsentOnes() throws RejectedRecordException {
        JsonEvent call = JsonEvent.minimalLlmCall();
        for (String optional : List.of("gen_ai.response.model", "gen_ai.prompt.name", "prompt.version",
                "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
                "gen_ai.usage.reasoning.output_tokens", "gen_ai.response.finish_reasons",
                "gen_ai.response.time_to_first_chunk", "error.type", "refusal", "cost.usd", "eval.score", "tenant")) {
            call.with(optional, "null");
        }

        assertMinimal(auto.decode(call.bytes()));
    }

    @Test
    void absentOptionalFieldsOfAvroTakeTheSameDefaults() throws RejectedRecordException {
        LlmCallEvent minimal = LlmCallEvent.newBuilder().setEventId("c-1").setStartTimeUnixNano(START_NANOS)
                .setEndTimeUnixNano(END_NANOS).setServiceName("support-bot").setGenAiOperationName("chat")
                .setGenAiProviderName("openai").setGenAiRequestModel("gpt-4o").build();

        assertMinimal(auto.decode(AvroEvents.singleObject(minimal)));
    }

    private static void assertMinimal(LlmCallRecord r) {
        assertThat(r.eventId()).isEqualTo("c-1");
        assertThat(r.provider()).isEqualTo("openai");
        assertThat(r.requestModel()).isEqualTo("gpt-4o");
        assertThat(r.responseModel()).isEqualTo("gpt-4o");
        assertThat(r.promptName()).isEqualTo(LlmCallRecord.NO_PROMPT).isEmpty();
        assertThat(r.promptVersion()).isEqualTo(LlmCallRecord.NO_PROMPT_VERSION).isEmpty();
        assertThat(List.of(r.inputTokens(), r.outputTokens(), r.cacheReadTokens(), r.reasoningTokens()))
                .containsOnly(LlmCallRecord.NO_COUNT);
        assertThat(r.finishReasons()).isEmpty();
        assertThat(r.contentFiltered()).isFalse();
        assertThat(r.ttftSeconds()).isNaN();
        assertThat(r.errorType()).isNull();
        assertThat(r.refusal()).isFalse();
        assertThat(r.costUsd()).isNaN();
        assertThat(r.evalScore()).isNaN();
        assertThat(r.tenant()).isNull();
    }

    @Test
    void jsonAcceptsTheOlderGenAiSystemForTheProvider() throws RejectedRecordException {
        JsonEvent call = JsonEvent.llmCall().without("gen_ai.provider.name").with("gen_ai.system", "\"openai\"");

        assertThat(auto.decode(call.bytes())).isEqualTo(EVERY_FIELD);
    }

    @Test
    void theProviderNameWinsOverGenAiSystemInEitherOrder() throws RejectedRecordException {
        JsonEvent before = JsonEvent.llmCall().without("gen_ai.provider.name").with("gen_ai.system", "\"az.ai\"")
                .with("gen_ai.provider.name", "\"openai\"");
        JsonEvent after = JsonEvent.llmCall().with("gen_ai.system", "\"az.ai\"");

        assertThat(auto.decode(before.bytes()).provider()).isEqualTo("openai");
        assertThat(auto.decode(after.bytes()).provider()).isEqualTo("openai");
    }

    @Test
    void avroAcceptsAWriterSchemaThatStillCallsTheProviderGenAiSystem() throws RejectedRecordException {
        Schema writer = SchemaBuilder.record("LlmCallEvent").namespace("io.plumbline.schemas").fields()
                .requiredString("event_id").requiredLong("start_time_unix_nano").requiredLong("end_time_unix_nano")
                .requiredString("service_name").requiredString("gen_ai_operation_name")
                .requiredString("gen_ai_system").requiredString("gen_ai_request_model")
                .optionalLong("gen_ai_usage_input_tokens").endRecord();
        GenericRecord old = new GenericData.Record(writer);
        old.put("event_id", "c-1");
        old.put("start_time_unix_nano", START_NANOS);
        old.put("end_time_unix_nano", END_NANOS);
        old.put("service_name", "support-bot");
        old.put("gen_ai_operation_name", "chat");
        old.put("gen_ai_system", "aws.bedrock");
        old.put("gen_ai_request_model", "anthropic.claude-3-haiku");
        old.put("gen_ai_usage_input_tokens", 80L);
        SchemaStore.Cache known = new SchemaStore.Cache();
        known.addSchema(writer);
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW, known);

        LlmCallRecord r = decoder.decode(AvroEvents.singleObject(old));

        assertThat(r.provider()).isEqualTo("aws.bedrock");
        assertThat(r.responseModel()).isEqualTo("anthropic.claude-3-haiku");
        assertThat(r.inputTokens()).isEqualTo(80);
        assertThat(r.outputTokens()).isEqualTo(LlmCallRecord.NO_COUNT);
    }

    @Test
    void anUnknownWriterSchemaIsUndecodableAndNamesTheEvent() {
        Schema writer = SchemaBuilder.record("LlmCallEvent").namespace("io.plumbline.schemas").fields()
                .requiredString("event_id").endRecord();
        GenericRecord unknown = new GenericData.Record(writer);
        unknown.put("event_id", "c-1");

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> auto.decode(AvroEvents.singleObject(unknown)));

        assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(e.detail()).isEqualTo(String.format("Avro single-object record written with an unknown schema "
                + "(fingerprint %016X): not a LlmCallEvent schema version this decoder knows",
                SchemaNormalization.parsingFingerprint64(writer)));
    }

    @Test
    void unknownJsonFieldsAreIgnored() throws RejectedRecordException {
        JsonEvent call = JsonEvent.llmCall().with("gen_ai.request.temperature", "0.2")
                .with("gen_ai.input.messages", "[{\"role\": \"user\", \"parts\": [{\"content\": \"hi\"}]}]");

        assertThat(auto.decode(call.bytes())).isEqualTo(EVERY_FIELD);
    }

    @Test
    void decodingReturnsANewRecordAndKeepsNothingOfThePreviousCall() throws RejectedRecordException {
        LlmCallRecord first = auto.decode(JsonEvent.llmCall().bytes());

        LlmCallRecord second = auto.decode(JsonEvent.minimalLlmCall().with("event_id", "\"c-2\"").bytes());
        LlmCallRecord third = auto.decode(AvroEvents.singleObject(AvroEvents.llmCall().setEventId("c-3")
                .setGenAiResponseFinishReasons(List.of("length")).build()));

        assertThat(first).isEqualTo(EVERY_FIELD);
        assertThat(second.eventId()).isEqualTo("c-2");
        assertThat(second.finishReasons()).isEmpty();
        assertThat(second.costUsd()).isNaN();
        assertThat(third.finishReasons()).containsExactly("length");
        assertThat(third.contentFiltered()).isFalse();
        assertThat(second.service()).isSameAs(first.service()); // interned
    }

    @Test
    void theJsonNamesAreTheSchemasJsonNames() throws IllegalAccessException {
        Map<String, String> constants = new TreeMap<>();
        for (Field f : LlmCallFields.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("SYSTEM")) {
                constants.put((String) f.get(null), f.getName());
            }
        }
        Map<String, String> schema = new TreeMap<>();
        for (Schema.Field f : LlmCallEvent.getClassSchema().getFields()) {
            String jsonName = f.getProp("json_name");
            schema.put(jsonName != null ? jsonName : f.name(), f.name());
        }

        assertThat(constants.keySet()).isEqualTo(schema.keySet());
        assertThat(LlmCallFields.SYSTEM.replace('.', '_'))
                .isEqualTo(LlmCallEvent.getClassSchema().getField("gen_ai_provider_name").aliases().iterator().next());
    }
}
