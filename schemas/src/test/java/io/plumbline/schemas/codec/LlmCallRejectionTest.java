package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.END_NANOS;
import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.codec.JsonEvent.START_NANOS;
import static io.plumbline.schemas.validation.RejectReason.END_BEFORE_START;
import static io.plumbline.schemas.validation.RejectReason.IMPLAUSIBLE_TIMESTAMP;
import static io.plumbline.schemas.validation.RejectReason.INCONSISTENT_TOKENS;
import static io.plumbline.schemas.validation.RejectReason.MISSING_FIELD;
import static io.plumbline.schemas.validation.RejectReason.NEGATIVE_COUNT;
import static io.plumbline.schemas.validation.RejectReason.NON_FINITE_NUMBER;
import static io.plumbline.schemas.validation.RejectReason.OUT_OF_RANGE;
import static io.plumbline.schemas.validation.RejectReason.UNDECODABLE;
import static io.plumbline.schemas.validation.RejectReason.WRONG_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LlmCallRejectionTest {

    private static final String STRING = "expected a string";
    private static final String NANOS = "expected integer epoch nanoseconds";
    private static final String COUNT = "expected an integer count or null";
    private static final String FINITE = "expected a finite number";
    private static final String TOKEN_LIMIT = "expected at most 10000000 tokens per call (limits.llm.max-tokens-per-call)";
    private static final String DURATION_LIMIT = "expected a call of at most 3600 s (limits.llm.max-call-duration)";

    /** What only JSON can get wrong: presence and types, which the Avro schema enforces itself. */
    static Stream<Arguments> jsonRejections() {
        return Stream.of(
                arguments(JsonEvent.llmCall().without("event_id"), MISSING_FIELD, "field 'event_id' is missing; " + STRING),
                arguments(JsonEvent.llmCall().without("start_time_unix_nano"), MISSING_FIELD,
                        "field 'start_time_unix_nano' is missing; " + NANOS),
                arguments(JsonEvent.llmCall().without("end_time_unix_nano"), MISSING_FIELD,
                        "field 'end_time_unix_nano' is missing; " + NANOS),
                arguments(JsonEvent.llmCall().without("service.name"), MISSING_FIELD,
                        "field 'service.name' is missing; " + STRING),
                arguments(JsonEvent.llmCall().without("gen_ai.operation.name"), MISSING_FIELD,
                        "field 'gen_ai.operation.name' is missing; " + STRING),
                arguments(JsonEvent.llmCall().without("gen_ai.provider.name"), MISSING_FIELD,
                        "field 'gen_ai.provider.name' is missing; expected a string (or under its older name "
                                + "'gen_ai.system')"),
                arguments(JsonEvent.llmCall().without("gen_ai.provider.name").with("gen_ai.system", "null"), MISSING_FIELD,
                        "field 'gen_ai.provider.name' is missing; expected a string (or under its older name "
                                + "'gen_ai.system')"),
                arguments(JsonEvent.llmCall().without("gen_ai.request.model"), MISSING_FIELD,
                        "field 'gen_ai.request.model' is missing; " + STRING),
                arguments(JsonEvent.llmCall().with("service.name", "null"), MISSING_FIELD,
                        "field 'service.name' is null; " + STRING),
                arguments(JsonEvent.llmCall().with("gen_ai.provider.name", "null"), MISSING_FIELD,
                        "field 'gen_ai.provider.name' is null; " + STRING),
                arguments(JsonEvent.llmCall().with("end_time_unix_nano", "null"), MISSING_FIELD,
                        "field 'end_time_unix_nano' is null; " + NANOS),

                arguments(JsonEvent.llmCall().with("event_id", "17"), WRONG_TYPE, "field 'event_id' is a number (17); " + STRING),
                arguments(JsonEvent.llmCall().with("gen_ai.operation.name", "[\"chat\"]"), WRONG_TYPE,
                        "field 'gen_ai.operation.name' is an array; " + STRING),
                arguments(JsonEvent.llmCall().with("start_time_unix_nano", "\"2025-05-31T23:58:57.5Z\""), WRONG_TYPE,
                        "field 'start_time_unix_nano' is a string; " + NANOS),
                arguments(JsonEvent.llmCall().with("start_time_unix_nano", "1748735937500000000.0"), WRONG_TYPE,
                        "field 'start_time_unix_nano' is a floating-point number (1748735937500000000.0); " + NANOS),
                arguments(JsonEvent.llmCall().with("gen_ai.response.model", "4"), WRONG_TYPE,
                        "field 'gen_ai.response.model' is a number (4); expected a string or null"),
                arguments(JsonEvent.llmCall().without("gen_ai.provider.name").with("gen_ai.system", "{}"), WRONG_TYPE,
                        "field 'gen_ai.system' is an object; expected a string or null"),
                arguments(JsonEvent.llmCall().with("tenant", "false"), WRONG_TYPE,
                        "field 'tenant' is a boolean (false); expected a string or null"),
                arguments(JsonEvent.llmCall().with("gen_ai.usage.input_tokens", "\"1200\""), WRONG_TYPE,
                        "field 'gen_ai.usage.input_tokens' is a string; " + COUNT),
                arguments(JsonEvent.llmCall().with("gen_ai.usage.output_tokens", "350.5"), WRONG_TYPE,
                        "field 'gen_ai.usage.output_tokens' is a floating-point number (350.5); " + COUNT),
                arguments(JsonEvent.llmCall().with("gen_ai.response.finish_reasons", "\"stop\""), WRONG_TYPE,
                        "field 'gen_ai.response.finish_reasons' is a string; expected an array of strings, or null"),
                arguments(JsonEvent.llmCall().with("gen_ai.response.finish_reasons", "[\"stop\", null]"), WRONG_TYPE,
                        "field 'gen_ai.response.finish_reasons[1]' is null; " + STRING),
                arguments(JsonEvent.llmCall().with("gen_ai.response.finish_reasons", "[[\"stop\"]]"), WRONG_TYPE,
                        "field 'gen_ai.response.finish_reasons[0]' is an array; " + STRING),
                arguments(JsonEvent.llmCall().with("refusal", "\"no\""), WRONG_TYPE,
                        "field 'refusal' is a string; expected a boolean or null"),
                arguments(JsonEvent.llmCall().with("refusal", "0"), WRONG_TYPE,
                        "field 'refusal' is a number (0); expected a boolean or null"),
                arguments(JsonEvent.llmCall().with("cost.usd", "\"0.0061\""), WRONG_TYPE,
                        "field 'cost.usd' is a string; expected a number or null"),
                arguments(JsonEvent.llmCall().with("gen_ai.response.time_to_first_chunk", "true"), WRONG_TYPE,
                        "field 'gen_ai.response.time_to_first_chunk' is a boolean (true); expected a number or null"),

                arguments(JsonEvent.llmCall().with("cost.usd", "NaN"), NON_FINITE_NUMBER, "field 'cost.usd' is NaN; " + FINITE),
                arguments(JsonEvent.llmCall().with("gen_ai.response.time_to_first_chunk", "Infinity"), NON_FINITE_NUMBER,
                        "field 'gen_ai.response.time_to_first_chunk' is Infinity; " + FINITE),
                arguments(JsonEvent.llmCall().with("eval.score", "1e999"), NON_FINITE_NUMBER,
                        "field 'eval.score' is 1e999; " + FINITE),
                arguments(JsonEvent.llmCall().with("gen_ai.usage.input_tokens", "NaN"), NON_FINITE_NUMBER,
                        "field 'gen_ai.usage.input_tokens' is NaN; " + FINITE),
                arguments(JsonEvent.llmCall().with("start_time_unix_nano", "NaN"), NON_FINITE_NUMBER,
                        "field 'start_time_unix_nano' is NaN; " + FINITE),

                arguments(JsonEvent.llmCall().with("gen_ai.usage.input_tokens", "99999999999999999999"), OUT_OF_RANGE,
                        "field 'gen_ai.usage.input_tokens' is 99999999999999999999; expected a count within 64 bits"),
                arguments(JsonEvent.llmCall().with("start_time_unix_nano", "99999999999999999999"), IMPLAUSIBLE_TIMESTAMP,
                        "field 'start_time_unix_nano' is 99999999999999999999: beyond the range of a 64-bit integer; "
                                + "expected epoch nanoseconds"),

                arguments(JsonEvent.llmCall().with("service.name", "\"support-bot\", \"service.name\": \"billing\""),
                        UNDECODABLE, "field 'service.name' appears twice"),
                arguments(JsonEvent.llmCall().with("cost.usd", "0.0061, \"cost.usd\": 0.0"), UNDECODABLE,
                        "field 'cost.usd' appears twice"),
                arguments(JsonEvent.llmCall().with("gen_ai.response.finish_reasons", "[], \"gen_ai.response.finish_reasons\": "
                        + "[\"stop\"]"), UNDECODABLE, "field 'gen_ai.response.finish_reasons' appears twice"),
                arguments(JsonEvent.llmCall().with("trace_id", "\"a\", \"trace_id\": {}"), UNDECODABLE,
                        "field 'trace_id' appears twice"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("jsonRejections")
    void rejectsJsonWithAReasonAndADetailNamingTheField(JsonEvent call, RejectReason reason, String detail) {
        assertRejected(PayloadFormat.AUTO, call.bytes(), reason, detail);
    }

    /** The rules beyond types: every form of the same call is rejected the same way. */
    static Stream<Arguments> ruleViolations() {
        return Stream.of(
                arguments(change(b -> b.setGenAiUsageInputTokens(-1L)), NEGATIVE_COUNT,
                        "field 'gen_ai.usage.input_tokens' is -1; expected a count >= 0"),
                arguments(change(b -> b.setGenAiUsageOutputTokens(-350L)), NEGATIVE_COUNT,
                        "field 'gen_ai.usage.output_tokens' is -350; expected a count >= 0"),
                arguments(change(b -> b.setGenAiUsageCacheReadInputTokens(-2L)), NEGATIVE_COUNT,
                        "field 'gen_ai.usage.cache_read.input_tokens' is -2; expected a count >= 0"),
                arguments(change(b -> b.setGenAiUsageReasoningOutputTokens(Long.MIN_VALUE)), NEGATIVE_COUNT,
                        "field 'gen_ai.usage.reasoning.output_tokens' is -9223372036854775808; expected a count >= 0"),

                arguments(change(b -> b.setCostUsd(-0.01)), OUT_OF_RANGE, "field 'cost.usd' is -0.01; expected a number >= 0"),
                arguments(change(b -> b.setGenAiResponseTimeToFirstChunk(-0.5)), OUT_OF_RANGE,
                        "field 'gen_ai.response.time_to_first_chunk' is -0.5; expected a number >= 0"),
                arguments(change(b -> b.setEvalScore(1.5)), OUT_OF_RANGE, "field 'eval.score' is 1.5; expected a number in [0, 1]"),
                arguments(change(b -> b.setEvalScore(-0.125)), OUT_OF_RANGE,
                        "field 'eval.score' is -0.125; expected a number in [0, 1]"),

                arguments(change(b -> b.setGenAiUsageInputTokens(Long.MAX_VALUE)), OUT_OF_RANGE,
                        "field 'gen_ai.usage.input_tokens' is 9223372036854775807; " + TOKEN_LIMIT),
                arguments(change(b -> b.setGenAiUsageOutputTokens(10_000_001L)), OUT_OF_RANGE,
                        "field 'gen_ai.usage.output_tokens' is 10000001; " + TOKEN_LIMIT),
                arguments(change(b -> b.setGenAiUsageInputTokens(10_000_000L).setGenAiUsageCacheReadInputTokens(10_000_001L)),
                        OUT_OF_RANGE, "field 'gen_ai.usage.cache_read.input_tokens' is 10000001; " + TOKEN_LIMIT),
                arguments(change(b -> b.setGenAiUsageOutputTokens(10_000_000L)
                                .setGenAiUsageReasoningOutputTokens(20_000_000L)),
                        OUT_OF_RANGE, "field 'gen_ai.usage.reasoning.output_tokens' is 20000000; " + TOKEN_LIMIT),
                arguments(change(b -> b.setCostUsd(1.7e308)), OUT_OF_RANGE,
                        "field 'cost.usd' is 1.7E308; expected at most 1000.0 USD per call (limits.llm.max-cost-usd-per-call)"),
                arguments(change(b -> b.setCostUsd(1000.01)), OUT_OF_RANGE,
                        "field 'cost.usd' is 1000.01; expected at most 1000.0 USD per call (limits.llm.max-cost-usd-per-call)"),
                arguments(change(b -> b.setStartTimeUnixNano(946_684_800_000_000_000L)), OUT_OF_RANGE,
                        "field 'end_time_unix_nano' is 802051140 s after 'start_time_unix_nano'; " + DURATION_LIMIT),
                arguments(change(b -> b.setStartTimeUnixNano(END_NANOS - 3_600_000_000_001L)), OUT_OF_RANGE,
                        "field 'end_time_unix_nano' is 3600.000000001 s after 'start_time_unix_nano'; " + DURATION_LIMIT),
                arguments(change(b -> b.setGenAiResponseTimeToFirstChunk(2.6)), OUT_OF_RANGE,
                        "field 'gen_ai.response.time_to_first_chunk' is 2.6; expected at most the call's duration, 2.5 s"),
                arguments(change(b -> b.setStartTimeUnixNano(END_NANOS).setGenAiResponseTimeToFirstChunk(0.002)),
                        OUT_OF_RANGE,
                        "field 'gen_ai.response.time_to_first_chunk' is 0.002; expected at most the call's duration, 0 s"),

                arguments(change(b -> b.setEndTimeUnixNano(START_NANOS - 1)), END_BEFORE_START,
                        "field 'end_time_unix_nano' is 1748735937499999999 (2025-05-31T23:58:57.499999999Z), before "
                                + "'start_time_unix_nano' 1748735937500000000 (2025-05-31T23:58:57.500Z)"),

                arguments(change(b -> b.setGenAiUsageCacheReadInputTokens(1201L)), INCONSISTENT_TOKENS,
                        "field 'gen_ai.usage.cache_read.input_tokens' is 1201 but 'gen_ai.usage.input_tokens' is 1200; "
                                + "input tokens include cache reads, so a part cannot exceed its whole"),
                arguments(change(b -> b.setGenAiUsageReasoningOutputTokens(351L)), INCONSISTENT_TOKENS,
                        "field 'gen_ai.usage.reasoning.output_tokens' is 351 but 'gen_ai.usage.output_tokens' is 350; "
                                + "output tokens include reasoning, so a part cannot exceed its whole"),
                arguments(change(b -> b.setGenAiUsageInputTokens(null)), INCONSISTENT_TOKENS,
                        "field 'gen_ai.usage.cache_read.input_tokens' is 1024 but 'gen_ai.usage.input_tokens' is absent; "
                                + "input tokens include cache reads, so send both"),
                arguments(change(b -> b.setGenAiUsageOutputTokens(null)), INCONSISTENT_TOKENS,
                        "field 'gen_ai.usage.reasoning.output_tokens' is 128 but 'gen_ai.usage.output_tokens' is absent; "
                                + "output tokens include reasoning, so send both"),

                arguments(change(b -> b.setStartTimeUnixNano(1_748_735_937_500L)), IMPLAUSIBLE_TIMESTAMP,
                        "field 'start_time_unix_nano' is 1748735937500 (1970-01-01T00:29:08.735937500Z): before "
                                + "2000-01-01T00:00:00Z; expected epoch nanoseconds"),
                arguments(change(b -> b.setStartTimeUnixNano(1_748_735_937_500_000L)), IMPLAUSIBLE_TIMESTAMP,
                        "field 'start_time_unix_nano' is 1748735937500000 (1970-01-21T05:45:35.937500Z): before "
                                + "2000-01-01T00:00:00Z; expected epoch nanoseconds"),
                arguments(change(b -> b.setStartTimeUnixNano(946_684_799_999_999_999L)), IMPLAUSIBLE_TIMESTAMP,
                        "field 'start_time_unix_nano' is 946684799999999999 (1999-12-31T23:59:59.999999999Z): before "
                                + "2000-01-01T00:00:00Z; expected epoch nanoseconds"),
                arguments(change(b -> b.setEndTimeUnixNano((NOW + 86_400_001L) * 1_000_000L)), IMPLAUSIBLE_TIMESTAMP,
                        "field 'end_time_unix_nano' is 1748822400001000000 (2025-06-02T00:00:00.001Z): more than 24h "
                                + "ahead of the wall clock (latest accepted 2025-06-02T00:00:00Z); expected epoch nanoseconds"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("ruleViolations")
    void rejectsEveryFormOfACallBreakingARuleTheSameWay(UnaryOperator<LlmCallEvent.Builder> change, RejectReason reason,
            String detail) {
        LlmCallEvent call = change.apply(AvroEvents.llmCall()).build();

        assertRejected(PayloadFormat.AUTO, LlmCallEncoder.json(call), reason, detail);
        assertRejected(PayloadFormat.AUTO, AvroEvents.singleObject(call), reason, detail);
        assertRejected(PayloadFormat.AVRO_DATUM, AvroEvents.datum(call), reason, detail);
    }

    @Test
    void acceptsTheEdgesOfEveryRange() throws RejectedRecordException {
        LlmCallEvent call = AvroEvents.llmCall().setStartTimeUnixNano(END_NANOS).setGenAiUsageInputTokens(1024L)
                .setGenAiUsageReasoningOutputTokens(350L).setCostUsd(0.0).setGenAiResponseTimeToFirstChunk(0.0)
                .setEvalScore(1.0).build();
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);

        assertThat(decoder.decode(AvroEvents.singleObject(call))).isEqualTo(RecordViews.decoded(call));
        assertThat(decoder.decode(LlmCallEncoder.json(call))).isEqualTo(RecordViews.decoded(call));
        assertThat(decoder.decode(LlmCallEncoder.json(AvroEvents.llmCall().setEvalScore(0.0).build())).evalScore())
                .isZero();
    }

    @Test
    void acceptsCallsAtTheirLimits() throws RejectedRecordException {
        LlmCallEvent call = AvroEvents.llmCall().setStartTimeUnixNano(END_NANOS - 3_600_000_000_000L)
                .setGenAiUsageInputTokens(10_000_000L).setGenAiUsageCacheReadInputTokens(10_000_000L)
                .setGenAiUsageOutputTokens(10_000_000L).setGenAiUsageReasoningOutputTokens(10_000_000L)
                .setCostUsd(1000.0).setGenAiResponseTimeToFirstChunk(3600.0).build();
        // a time to first chunk within 1 ms of a call timed in milliseconds is clock rounding, not a contradiction
        LlmCallEvent rounded = AvroEvents.llmCall().setGenAiResponseTimeToFirstChunk(2.5009).build();
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);

        for (LlmCallEvent accepted : List.of(call, rounded)) {
            assertThat(decoder.decode(LlmCallEncoder.json(accepted))).isEqualTo(RecordViews.decoded(accepted));
            assertThat(decoder.decode(AvroEvents.singleObject(accepted))).isEqualTo(RecordViews.decoded(accepted));
        }
    }

    static Stream<Arguments> beyondOwnLimits() {
        return Stream.of(
                arguments(change(b -> b.setGenAiUsageCacheReadInputTokens(100L).setGenAiUsageInputTokens(101L)),
                        "field 'gen_ai.usage.input_tokens' is 101; expected at most 100 tokens per call "
                                + "(limits.llm.max-tokens-per-call)"),
                arguments(change(b -> b.setCostUsd(0.0100001)),
                        "field 'cost.usd' is 0.0100001; expected at most 0.01 USD per call "
                                + "(limits.llm.max-cost-usd-per-call)"),
                arguments(change(b -> b.setStartTimeUnixNano(END_NANOS - 1_500_000_000L)),
                        "field 'end_time_unix_nano' is 1.5 s after 'start_time_unix_nano'; expected a call of at most "
                                + "1.25 s (limits.llm.max-call-duration)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("beyondOwnLimits")
    void judgesCallsByTheLimitsItIsGiven(UnaryOperator<LlmCallEvent.Builder> change, String detail)
            throws RejectedRecordException {
        LlmCallLimits limits = new LlmCallLimits(100, 0.01, Duration.ofMillis(1250));
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW, new SchemaStore.Cache(), limits);
        LlmCallEvent within = AvroEvents.llmCall().setStartTimeUnixNano(END_NANOS - 1_250_000_000L)
                .setGenAiUsageInputTokens(100L).setGenAiUsageCacheReadInputTokens(100L).setGenAiUsageOutputTokens(100L)
                .setGenAiUsageReasoningOutputTokens(100L).setCostUsd(0.01).setGenAiResponseTimeToFirstChunk(1.25).build();
        LlmCallEvent beyond = change.apply(LlmCallEvent.newBuilder(within)).build();

        assertThat(decoder.decode(LlmCallEncoder.json(within))).isEqualTo(RecordViews.decoded(within));
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> decoder.decode(LlmCallEncoder.avroSingleObject(beyond)));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.reason()).isEqualTo(OUT_OF_RANGE);
        assertThat(e.detail()).isEqualTo(detail);
    }

    @Test
    void aDecoderOnTheWallClockTakesLimitsToo() {
        LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, new LlmCallLimits(1000, 1, Duration.ofHours(1)));

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> decoder.decode(JsonEvent.llmCall().bytes()));

        assertThat(e.reason()).isEqualTo(OUT_OF_RANGE);
        assertThat(e.detail()).isEqualTo("field 'gen_ai.usage.input_tokens' is 1200; expected at most 1000 tokens per "
                + "call (limits.llm.max-tokens-per-call)");
    }

    static Stream<Arguments> nonFiniteInAvro() {
        return Stream.of(
                arguments(change(b -> b.setCostUsd(Double.NaN)), "field 'cost.usd' is NaN"),
                arguments(change(b -> b.setGenAiResponseTimeToFirstChunk(Double.POSITIVE_INFINITY)),
                        "field 'gen_ai.response.time_to_first_chunk' is Infinity"),
                arguments(change(b -> b.setEvalScore(Double.NEGATIVE_INFINITY)), "field 'eval.score' is -Infinity"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("nonFiniteInAvro")
    void rejectsNonFiniteDoublesInAvro(UnaryOperator<LlmCallEvent.Builder> change, String field) {
        LlmCallEvent call = change.apply(AvroEvents.llmCall()).build();

        assertRejected(PayloadFormat.AUTO, AvroEvents.singleObject(call), NON_FINITE_NUMBER, field + "; " + FINITE);
        assertRejected(PayloadFormat.AVRO_DATUM, AvroEvents.datum(call), NON_FINITE_NUMBER, field + "; " + FINITE);
    }

    @Test
    void rejectsWhatIsNeitherJsonNorAvroAsUndecodable() {
        byte[] singleObject = AvroEvents.singleObject(AvroEvents.llmCall().build());
        byte[] datum = AvroEvents.datum(AvroEvents.llmCall().build());

        byte[] json = JsonEvent.llmCall().bytes();
        byte[] withBom = ByteBuffer.allocate(3 + json.length).put(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
                .put(json).array();
        byte[] confluent = ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(70_000).put(datum).array();

        assertRejected(PayloadFormat.AUTO, new byte[0], UNDECODABLE, "empty payload");
        assertRejected(PayloadFormat.AUTO, withBom, UNDECODABLE,
                "starts with a UTF-8 byte order mark (EF BB BF); send JSON without a BOM");
        assertRejected(PayloadFormat.AUTO, confluent, UNDECODABLE, "Confluent Schema Registry framing (magic byte 0, "
                + "schema id 70000) but no schema registry is configured: set schema-registry.url to read it");
        assertRejected(PayloadFormat.AUTO, "[1]".getBytes(StandardCharsets.UTF_8), UNDECODABLE,
                "neither JSON ('{'), Avro single-object (C3 01) nor Confluent's wire format (00 and a schema id)"
                        + " — first bytes 0x5B315D");
        assertRejected(PayloadFormat.AUTO, "{\"event_id\": ".getBytes(StandardCharsets.UTF_8),
                UNDECODABLE, "malformed JSON at line 1, column 14: the payload ends before the object is complete");
        assertRejected(PayloadFormat.AUTO, Arrays.copyOf(singleObject, singleObject.length - 3), UNDECODABLE,
                "malformed Avro single-object record: it ends early: a string of 4 bytes declared; bytes left: 1");
        assertRejected(PayloadFormat.AVRO_DATUM, Arrays.copyOf(datum, datum.length + 1), UNDECODABLE,
                "Avro datum has bytes left after a complete LlmCallEvent: not a bare datum of the current schema");
    }

    private static UnaryOperator<LlmCallEvent.Builder> change(UnaryOperator<LlmCallEvent.Builder> change) {
        return change;
    }

    private static void assertRejected(PayloadFormat format, byte[] payload, RejectReason reason, String detail) {
        LlmCallDecoder decoder = new LlmCallDecoder(format, () -> NOW);

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class, () -> decoder.decode(payload));

        assertThat(e).as("rejected").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).isEqualTo(detail);
    }
}
