package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.validation.RejectReason.INVALID_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ids and labels, which key state and metrics: present means 1 to 256 bytes of UTF-8, not only whitespace. */
class InvalidIdTest {

    private static final String EMPTY = " is empty; expected an id of 1 to 256 bytes, not only whitespace";
    private static final String BLANK = " is only whitespace; expected an id of 1 to 256 bytes, not only whitespace";
    private static final String HUGE = "m".repeat(512_000);
    /** 2 bytes each in UTF-8. */
    private static final String UMLAUTS = "ü".repeat(129);
    /** 4 bytes each (a surrogate pair) in UTF-8. */
    private static final String EMOJI = "😀".repeat(65);

    static Stream<Arguments> predictions() {
        return Stream.of(
                arguments(prediction(b -> b.setEventId("")), "field 'event_id'" + EMPTY),
                arguments(prediction(b -> b.setModelId("")), "field 'model_id'" + EMPTY),
                arguments(prediction(b -> b.setModelVersion("")), "field 'model_version'" + EMPTY),
                arguments(prediction(b -> b.setModelId(" \t\n")), "field 'model_id'" + BLANK),
                arguments(prediction(b -> b.setModelVersion("\u2003")), "field 'model_version'" + BLANK),
                arguments(prediction(b -> b.setModelId(HUGE)), "field 'model_id' is 512000 bytes; ids are at most 256 bytes"),
                arguments(prediction(b -> b.setModelVersion(UMLAUTS)),
                        "field 'model_version' is 258 bytes; ids are at most 256 bytes"),
                arguments(prediction(b -> b.setEventId(EMOJI)), "field 'event_id' is 260 bytes; ids are at most 256 bytes"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("predictions")
    void rejectsEveryFormOfAPredictionWithAnInvalidId(PredictionEvent event, String detail) {
        PredictionDecoder auto = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);
        PredictionDecoder datum = new PredictionDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);

        assertInvalid(() -> auto.decode(PredictionEncoder.json(event)), detail);
        assertInvalid(() -> auto.decode(PredictionEncoder.avroSingleObject(event)), detail);
        assertInvalid(() -> datum.decode(PredictionEncoder.avroDatum(event)), detail);
    }

    static Stream<Arguments> llmCalls() {
        return Stream.of(
                arguments(call(b -> b.setEventId("")), "field 'event_id'" + EMPTY),
                arguments(call(b -> b.setServiceName("")), "field 'service.name'" + EMPTY),
                arguments(call(b -> b.setServiceName(HUGE)), "field 'service.name' is 512000 bytes; ids are at most 256 bytes"),
                arguments(call(b -> b.setGenAiOperationName(" ")), "field 'gen_ai.operation.name'" + BLANK),
                arguments(call(b -> b.setGenAiProviderName(UMLAUTS)),
                        "field 'gen_ai.provider.name' is 258 bytes; ids are at most 256 bytes"),
                arguments(call(b -> b.setGenAiRequestModel("")), "field 'gen_ai.request.model'" + EMPTY),
                arguments(call(b -> b.setGenAiResponseModel(EMOJI)),
                        "field 'gen_ai.response.model' is 260 bytes; ids are at most 256 bytes"),
                arguments(call(b -> b.setGenAiPromptName("")), "field 'gen_ai.prompt.name'" + EMPTY),
                arguments(call(b -> b.setPromptVersion("  ")), "field 'prompt.version'" + BLANK),
                arguments(call(b -> b.setErrorType("")), "field 'error.type'" + EMPTY),
                arguments(call(b -> b.setTenant(HUGE)), "field 'tenant' is 512000 bytes; ids are at most 256 bytes"),
                arguments(call(b -> b.setGenAiResponseFinishReasons(List.of("stop", ""))),
                        "field 'gen_ai.response.finish_reasons[1]'" + EMPTY));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("llmCalls")
    void rejectsEveryFormOfAnLlmCallWithAnInvalidIdOrLabel(LlmCallEvent call, String detail) {
        LlmCallDecoder auto = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);
        LlmCallDecoder datum = new LlmCallDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);

        assertInvalid(() -> auto.decode(LlmCallEncoder.json(call)), detail);
        assertInvalid(() -> auto.decode(LlmCallEncoder.avroSingleObject(call)), detail);
        assertInvalid(() -> datum.decode(LlmCallEncoder.avroDatum(call)), detail);
    }

    @Test
    void rejectsTheOlderProviderNameInvalidInJson() {
        LlmCallDecoder json = new LlmCallDecoder(PayloadFormat.JSON, () -> NOW);
        byte[] call = JsonEvent.llmCall().without("gen_ai.provider.name").with("gen_ai.system", "\"\"").bytes();

        assertInvalid(() -> json.decode(call), "field 'gen_ai.system'" + EMPTY);
    }

    /**
     * The prediction is compared beside the features under the name {@code prediction}: a feature of that name
     * would share its drift records' key, its metric series and its rule overrides.
     */
    @Test
    void rejectsEveryFormOfAFeatureNamedAsThePrediction() {
        PredictionEvent event = prediction(b -> b.setFeatures(Map.of("income", 52000.0, "prediction", 0.3)));
        PredictionDecoder auto = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);
        PredictionDecoder datum = new PredictionDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);
        String detail = "field 'features.prediction' is a reserved name: it names the prediction in drift records,"
                + " alerts and metrics; rename the feature";

        assertInvalid(() -> auto.decode(PredictionEncoder.json(event)), detail);
        assertInvalid(() -> auto.decode(PredictionEncoder.avroSingleObject(event)), detail);
        assertInvalid(() -> datum.decode(PredictionEncoder.avroDatum(event)), detail);
    }

    @Test
    void acceptsIdsOfExactly256BytesAndAbsentOptionalOnes() throws RejectedRecordException {
        String bytes256 = "ü".repeat(128);
        PredictionEvent event = AvroEvents.sample().setEventId("😀".repeat(64)).setModelId("x".repeat(256))
                .setModelVersion(bytes256).build();
        LlmCallEvent call = AvroEvents.llmCall().setServiceName(bytes256).setGenAiPromptName(null)
                .setPromptVersion(null).setTenant(null).setErrorType(null).build();
        PredictionDecoder predictions = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);
        LlmCallDecoder calls = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);

        for (byte[] payload : List.of(PredictionEncoder.json(event), PredictionEncoder.avroSingleObject(event))) {
            PredictionRecord r = predictions.decode(payload);
            assertThat(List.of(r.eventId(), r.modelId(), r.modelVersion()))
                    .containsExactly("😀".repeat(64), "x".repeat(256), bytes256);
        }
        for (byte[] payload : List.of(LlmCallEncoder.json(call), LlmCallEncoder.avroSingleObject(call))) {
            LlmCallRecord r = calls.decode(payload);
            assertThat(r.service()).isEqualTo(bytes256);
            assertThat(r.promptName()).isEqualTo(LlmCallRecord.NO_PROMPT);
            assertThat(r.tenant()).isNull();
        }
    }

    private static PredictionEvent prediction(UnaryOperator<PredictionEvent.Builder> change) {
        return change.apply(AvroEvents.sample()).build();
    }

    private static LlmCallEvent call(UnaryOperator<LlmCallEvent.Builder> change) {
        return change.apply(AvroEvents.llmCall()).build();
    }

    @FunctionalInterface
    private interface Decode {
        Object decode() throws RejectedRecordException;
    }

    private static void assertInvalid(Decode decode, String detail) {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class, decode::decode);

        assertThat(e).as("rejected").isNotNull();
        assertThat(e.reason()).isEqualTo(INVALID_ID);
        assertThat(e.detail()).isEqualTo(detail);
    }
}
