package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.validation.RejectReason.INVALID_ID;
import static io.plumbline.schemas.validation.RejectReason.NON_FINITE_NUMBER;
import static io.plumbline.schemas.validation.RejectReason.UNDECODABLE;
import static io.plumbline.schemas.validation.RejectReason.WRONG_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.ValueKind;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per kind of hostile input, each for predictions and LLM calls alike: the record is rejected
 * with its reason and a detail that names the problem, at once, and nothing of it outlives the decode;
 * or, where it can do no harm (a field the decoder skips), the rest of the record is read as if it
 * were not there.
 */
class HostileInputTest {

    private static final PredictionDecoder PREDICTIONS = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);
    private static final PredictionDecoder PREDICTION_DATA = new PredictionDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);
    private static final LlmCallDecoder CALLS = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);
    private static final LlmCallDecoder CALL_DATA = new LlmCallDecoder(PayloadFormat.AVRO_DATUM, () -> NOW);

    /** Far beyond Jackson's default nesting limit of 1000, and deep enough to overflow any recursive reader. */
    private static final int DEPTH = 100_000;
    private static final String TEN_MB = "x".repeat(10 * 1024 * 1024);
    /** How the detail names the 10 MiB string: 64 characters and its length. */
    private static final String TEN_MB_SHOWN = "x".repeat(55) + "… (10485769 characters)";
    /** More than a decoder may allocate for any one record; far more than a few bytes can hold. */
    private static final long HUGE = Integer.MAX_VALUE - 8;

    @FunctionalInterface
    private interface Decode {
        Object decode() throws RejectedRecordException;
    }

    static Stream<Arguments> deeplyNested() {
        String arrays = "[".repeat(DEPTH);
        String objects = "{\"a\": ".repeat(DEPTH);
        String tooDeep = "Document nesting depth (1001) exceeds the maximum allowed (1000";
        return Stream.of(
                arguments("a feature's value", prediction(JsonEvent.valid().with("features", "{\"age\": " + arrays + "}")),
                        UNDECODABLE, tooDeep),
                arguments("an unknown field of a prediction", prediction(JsonEvent.valid().with("trace", objects)),
                        UNDECODABLE, tooDeep),
                arguments("a segment", prediction(JsonEvent.valid().with("segment", "{\"region\": " + arrays + "}")),
                        WRONG_TYPE, "field 'segment.region' is an array; expected a string"),
                arguments("prediction scores", prediction(JsonEvent.valid().with("prediction_scores", objects)),
                        WRONG_TYPE, "field 'prediction_scores.a' is an object; expected a number"),
                arguments("an unknown field of a call", call(JsonEvent.llmCall().with("trace", arrays)),
                        UNDECODABLE, tooDeep),
                arguments("finish reasons", call(JsonEvent.llmCall().with("gen_ai.response.finish_reasons", arrays)),
                        WRONG_TYPE, "field 'gen_ai.response.finish_reasons[0]' is an array; expected a string"),
                arguments("a call's tenant", call(JsonEvent.llmCall().with("tenant", objects)),
                        WRONG_TYPE, "field 'tenant' is an object; expected a string or null"));
    }

    /** Jackson counts depth instead of recursing, and stops at 1000; where a field's type is known, at its first bracket. */
    @ParameterizedTest(name = "100 000 levels in {0}")
    @MethodSource("deeplyNested")
    void deeplyNestedJsonIsRejectedAtOnce(String where, Decode decode, RejectReason reason, String detail) {
        RejectedRecordException e = assertTimeout(Duration.ofSeconds(2), () -> rejection(decode));

        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).contains(detail);
    }

    @Test
    void nestingWithinTheLimitInAnUnknownFieldIsSkipped() throws RejectedRecordException {
        String deep = "[".repeat(999) + "]".repeat(999);

        assertThat(PREDICTIONS.decode(JsonEvent.valid().with("trace", deep).bytes()))
                .isEqualTo(PREDICTIONS.decode(JsonEvent.valid().bytes()));
        assertThat(CALLS.decode(JsonEvent.llmCall().with("trace", deep).bytes()))
                .isEqualTo(CALLS.decode(JsonEvent.llmCall().bytes()));
    }

    static Stream<Arguments> tenMegabyteStrings() {
        String json = "\"" + TEN_MB + "\"";
        return Stream.of(
                arguments("a prediction's event_id", prediction(JsonEvent.valid().with("event_id", json)),
                        INVALID_ID, "field 'event_id' is 10485760 bytes; ids are at most 256 bytes"),
                arguments("a category", prediction(JsonEvent.valid().with("features", "{\"plan\": " + json + "}")),
                        INVALID_ID, "field 'features.plan' is 10485760 bytes; categories are at most 256 bytes"),
                arguments("a predicted class", prediction(JsonEvent.valid().with("prediction", json)),
                        INVALID_ID, "field 'prediction' is 10485760 bytes; categories are at most 256 bytes"),
                arguments("an Avro category", avroPrediction(Map.of("plan", TEN_MB)),
                        INVALID_ID, "field 'features.plan' is 10485760 bytes; categories are at most 256 bytes"),
                arguments("an Avro feature name", avroPrediction(Map.of(TEN_MB, 1.0)),
                        INVALID_ID, "field 'features." + TEN_MB_SHOWN + "' is 10485760 bytes; feature names are at "
                                + "most 256 bytes"),
                arguments("a JSON feature name", prediction(JsonEvent.valid().with("features", "{" + json + ": 1}")),
                        UNDECODABLE, "exceeds the maximum allowed (50000, from `StreamReadConstraints.getMaxNameLength()`)"),
                arguments("a call's tenant", call(JsonEvent.llmCall().with("tenant", json)),
                        INVALID_ID, "field 'tenant' is 10485760 bytes; ids are at most 256 bytes"),
                arguments("an Avro call's service", Event.CALL.auto(LlmCallEncoder.avroSingleObject(
                                AvroEvents.llmCall().setServiceName(TEN_MB).build())),
                        INVALID_ID, "field 'service.name' is 10485760 bytes; ids are at most 256 bytes"));
    }

    /** Ids, names and categories are kept in the jobs' state: none may be longer than an id. */
    @ParameterizedTest(name = "10 MiB in {0}")
    @MethodSource("tenMegabyteStrings")
    void aTenMegabyteStringThatWouldBeKeptIsRejected(String where, Decode decode, RejectReason reason, String detail) {
        RejectedRecordException e = rejection(decode);

        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).contains(detail);
    }

    /** Jackson reads no string longer than 20 000 000 characters: the decoder never holds more of one. */
    @Test
    void aStringBeyondJacksonsLimitIsRejectedAsItIsRead() {
        String longest = "\"" + "y".repeat(20_000_001) + "\"";

        RejectedRecordException e = rejection(prediction(JsonEvent.valid().with("features", "{\"plan\": " + longest
                + "}")));

        assertThat(e.reason()).isEqualTo(UNDECODABLE);
        assertThat(e.detail()).contains("String value length", "exceeds the maximum allowed (20000000");
    }

    /** A field that is only checked or ignored is not kept: a long one costs a decode, not memory. */
    @Test
    void aTenMegabyteStringThatIsNotKeptIsSkipped() throws RejectedRecordException {
        String json = "\"" + TEN_MB + "\"";
        PredictionRecord plain = PREDICTIONS.decode(JsonEvent.valid().bytes());
        LlmCallRecord plainCall = CALLS.decode(JsonEvent.llmCall().bytes());

        assertThat(PREDICTIONS.decode(JsonEvent.valid().with("trace", json).bytes())).isEqualTo(plain);
        assertThat(PREDICTIONS.decode(JsonEvent.valid().with("label", json).bytes())).isEqualTo(plain);
        assertThat(PREDICTIONS.decode(JsonEvent.valid().with("segment", "{\"note\": " + json + "}").bytes()))
                .isEqualTo(plain);
        assertThat(CALLS.decode(JsonEvent.llmCall().with("trace", json).bytes())).isEqualTo(plainCall);
    }

    /** A decoder lives as long as its job: it must not hold on to the last payload it read, however large. */
    @Test
    void aDecoderKeepsNothingOfAPayloadItRead() throws Exception {
        PredictionDecoder predictions = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);
        LlmCallDecoder calls = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);
        List<WeakReference<byte[]>> read = new ArrayList<>();
        for (byte[] payload : List.of(
                PredictionEncoder.avroSingleObject(AvroEvents.sample().setSegment(Map.of("note", TEN_MB)).build()),
                PredictionEncoder.json(AvroEvents.sample().setSegment(Map.of("note", TEN_MB)).build()))) {
            predictions.decode(payload);
            read.add(new WeakReference<>(payload));
        }
        for (byte[] payload : List.of(LlmCallEncoder.avroSingleObject(AvroEvents.llmCall().build()),
                LlmCallEncoder.json(AvroEvents.llmCall().build()))) {
            calls.decode(payload);
            read.add(new WeakReference<>(payload));
        }

        for (int gc = 0; gc < 10 && read.stream().anyMatch(r -> r.get() != null); gc++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(read).allSatisfy(payload -> assertThat(payload.get()).isNull());
    }

    @Test
    void namesAndCategoriesOfExactly256BytesAreAccepted() throws RejectedRecordException {
        String bytes256 = "ü".repeat(128);

        PredictionRecord json = PREDICTIONS.decode(JsonEvent.valid()
                .with("features", "{\"" + bytes256 + "\": \"" + bytes256 + "\"}").with("prediction", "\"" + bytes256 + "\"")
                .bytes());
        PredictionRecord avro = PREDICTIONS.decode(PredictionEncoder.avroSingleObject(AvroEvents.sample()
                .setFeatures(Map.of(bytes256, bytes256)).setPrediction(bytes256).build()));

        for (PredictionRecord r : List.of(json, avro)) {
            assertThat(r.featureName(0)).isEqualTo(bytes256);
            assertThat(r.category(0)).isEqualTo(bytes256);
            assertThat(r.predictionCategory()).isEqualTo(bytes256);
        }
    }

    /**
     * Bytes that are not UTF-8: a byte that never is, a lone continuation byte, a sequence cut short,
     * a five-byte form, an overlong form of '/', an encoded surrogate. Jackson would take the last two.
     */
    static Stream<Arguments> invalidUtf8() {
        return Stream.of("FF", "80", "C328", "F09F98", "F8888080", "C0AF", "EDA080")
                .flatMap(hex -> Stream.of(
                        arguments(hex, "an event_id", Event.PREDICTION, JsonEvent.valid().with("event_id", "\"e-@\"")),
                        arguments(hex, "a category", Event.PREDICTION,
                                JsonEvent.valid().with("features", "{\"plan\": \"p@\"}")),
                        arguments(hex, "a feature name", Event.PREDICTION,
                                JsonEvent.valid().with("features", "{\"a@\": 1}")),
                        arguments(hex, "a skipped field", Event.PREDICTION, JsonEvent.valid().with("trace", "\"@\"")),
                        arguments(hex, "a call's service", Event.CALL,
                                JsonEvent.llmCall().with("service.name", "\"bot-@\"")),
                        arguments(hex, "a call's skipped field", Event.CALL, JsonEvent.llmCall().with("trace", "\"@\""))));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("invalidUtf8")
    void invalidUtf8InAJsonStringIsUndecodable(String hex, String where, Event event, JsonEvent json) {
        int at = json.text().indexOf('@');
        byte[] payload = replace(json.bytes(), HexFormat.of().parseHex(hex));

        RejectedRecordException e = rejection(event.auto(payload));

        assertThat(e.reason()).isEqualTo(UNDECODABLE);
        assertThat(e.detail()).startsWith("malformed JSON: invalid UTF-8 at byte " + at + " (" + hex.substring(0, 2));
    }

    static Stream<Arguments> unpairedSurrogates() {
        return Stream.of(
                arguments("a category", prediction(JsonEvent.valid().with("features", "{\"plan\": \"\\uD800\"}")),
                        "field 'features.plan' is not Unicode text: an unpaired surrogate U+D800 at character 0"),
                arguments("a feature name", prediction(JsonEvent.valid().with("features", "{\"a\\uDC00\": 1}")),
                        "field 'features.a\uDC00' is not Unicode text: an unpaired surrogate U+DC00 at character 1"),
                arguments("a predicted class", prediction(JsonEvent.valid().with("prediction", "\"\\uDBFF\\u0041\"")),
                        "field 'prediction' is not Unicode text: an unpaired surrogate U+DBFF at character 0"),
                arguments("a model_id", prediction(JsonEvent.valid().with("model_id", "\"churn\\uD800\"")),
                        "field 'model_id' is not Unicode text: an unpaired surrogate U+D800 at character 5"),
                arguments("a call's provider", call(JsonEvent.llmCall().with("gen_ai.provider.name", "\"open\\uDFFFai\"")),
                        "field 'gen_ai.provider.name' is not Unicode text: an unpaired surrogate U+DFFF at character 4"),
                arguments("a finish reason", call(JsonEvent.llmCall().with("gen_ai.response.finish_reasons",
                                "[\"stop\", \"\\uD800\"]")),
                        "field 'gen_ai.response.finish_reasons[1]' is not Unicode text: an unpaired surrogate U+D800 at "
                                + "character 0"));
    }

    /**
     * JSON may escape half of a surrogate pair, which no UTF-8 can carry: written out it becomes '?', so
     * two such categories, or one and a real '?', become one, and the state that keeps them by name is
     * corrupt. Every string that is kept must be Unicode text.
     */
    @ParameterizedTest(name = "in {0}")
    @MethodSource("unpairedSurrogates")
    void anUnpairedSurrogateInAStringThatIsKeptIsRejected(String where, Decode decode, String detail) {
        RejectedRecordException e = rejection(decode);

        assertThat(e.reason()).isEqualTo(INVALID_ID);
        assertThat(e.detail()).isEqualTo(detail);
    }

    @Test
    void aSurrogatePairIsText() throws RejectedRecordException {
        PredictionRecord r = PREDICTIONS.decode(JsonEvent.valid().with("features", "{\"plan\": \"\\uD83D\\uDE00\"}")
                .bytes());

        assertThat(r.category(0)).isEqualTo("\uD83D\uDE00");
    }

    static Stream<Arguments> nonFinite() {
        List<String> predictionFields = List.of("timestamp", "features.age", "prediction", "prediction_scores.yes",
                "latency_ms", "label");
        List<String> callFields = List.of("start_time_unix_nano", "end_time_unix_nano", "gen_ai.usage.input_tokens",
                "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
                "gen_ai.usage.reasoning.output_tokens", "gen_ai.response.time_to_first_chunk", "cost.usd", "eval.score");
        return Stream.of("NaN", "Infinity", "-Infinity", "+Infinity", "1e400", "-1e400", "1E999999999")
                .flatMap(value -> Stream.concat(
                        predictionFields.stream().map(field -> arguments(field, value, prediction(withValue(
                                JsonEvent.valid(), field, value)))),
                        callFields.stream().map(field -> arguments(field, value, call(
                                JsonEvent.llmCall().with(field, value))))));
    }

    /** Whether a field holds a double or an integer, a number too large for a double is as non-finite as NaN. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonFinite")
    void aNonFiniteNumberIsRejectedInEveryNumericField(String field, String value, Decode decode) {
        RejectedRecordException e = rejection(decode);

        assertThat(e.reason()).isEqualTo(NON_FINITE_NUMBER);
        assertThat(e.detail()).isEqualTo("field '" + field + "' is " + value + "; expected a finite number");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"NaN", "Infinity", "-1e400"})
    void aNonFiniteNumberInAStringIsTextNotANumber(String text) throws RejectedRecordException {
        String json = "\"" + text + "\"";

        PredictionRecord r = PREDICTIONS.decode(JsonEvent.valid().with("features", "{\"age\": " + json + "}")
                .with("prediction", json).bytes());

        assertThat(r.featureKind(0)).isEqualTo(ValueKind.CATEGORY);
        assertThat(r.category(0)).isEqualTo(text);
        assertThat(r.predictionCategory()).isEqualTo(text);
        for (String field : List.of("latency_ms", "timestamp")) {
            RejectedRecordException e = rejection(prediction(JsonEvent.valid().with(field, json)));
            assertThat(e.reason()).isEqualTo(WRONG_TYPE);
            assertThat(e.detail()).startsWith("field '" + field + "' is a string; expected ");
        }
        RejectedRecordException e = rejection(call(JsonEvent.llmCall().with("cost.usd", json)));
        assertThat(e.reason()).isEqualTo(WRONG_TYPE);
        assertThat(e.detail()).isEqualTo("field 'cost.usd' is a string; expected a number or null");
    }

    @Test
    void anLlmCallWithAnUnknownSchemaFingerprintIsUndecodable() {
        byte[] payload = LlmCallEncoder.avroSingleObject(AvroEvents.llmCall().build());
        Arrays.fill(payload, 2, 10, (byte) 0x22);

        RejectedRecordException e = rejection(() -> CALLS.decode(payload));

        assertThat(e.reason()).isEqualTo(UNDECODABLE);
        assertThat(e.detail()).isEqualTo("Avro single-object record written with an unknown schema (fingerprint "
                + "2222222222222222): not a LlmCallEvent schema version this decoder knows");
    }

    static Stream<Arguments> hugeDeclaredLengths() {
        return Stream.of(
                arguments("a prediction's event_id", "a string of " + HUGE + " bytes", Event.PREDICTION,
                        datum(out -> out.writeLong(HUGE))),
                arguments("a prediction's features", "a map of " + HUGE + " entries", Event.PREDICTION,
                        datum(out -> {
                            predictionIdentity(out);
                            out.writeLong(HUGE);
                        })),
                arguments("a prediction's segment", "a map of " + HUGE + " entries", Event.PREDICTION,
                        datum(out -> {
                            predictionIdentity(out);
                            out.writeLong(0); // no features
                            out.writeIndex(0); // prediction: a double
                            out.writeDouble(0.5);
                            out.writeIndex(0); // no prediction_scores
                            out.writeIndex(0); // no latency_ms
                            out.writeIndex(1); // a segment
                            out.writeLong(-HUGE); // a block of HUGE entries, then its size in bytes
                            out.writeLong(HUGE);
                        })),
                arguments("a call's service", "a string of " + HUGE + " bytes", Event.CALL,
                        datum(out -> {
                            out.writeString("c-1");
                            out.writeLong(JsonEvent.START_NANOS);
                            out.writeLong(JsonEvent.END_NANOS);
                            out.writeLong(HUGE);
                        })),
                arguments("a call's finish reasons", "an array of " + HUGE + " items", Event.CALL,
                        datum(out -> {
                            out.writeString("c-1");
                            out.writeLong(JsonEvent.START_NANOS);
                            out.writeLong(JsonEvent.END_NANOS);
                            for (String id : List.of("support-bot", "chat", "openai", "gpt-4o")) {
                                out.writeString(id);
                            }
                            for (int absent = 0; absent < 7; absent++) { // response model to reasoning tokens
                                out.writeIndex(0);
                            }
                            out.writeIndex(1);
                            out.writeLong(HUGE);
                        })));
    }

    /** A few bytes that declare gigabytes: a reader that believed them would allocate it all before finding out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeDeclaredLengths")
    void anAvroLengthBeyondThePayloadIsRejectedBeforeAllocating(String where, String declared, Event event,
            byte[] datum) {
        byte[] payload = Arrays.copyOf(datum, datum.length + 16); // room for the start of the items, not for all
        byte[] singleObject = concat(Arrays.copyOf(event.singleObject(), 10), payload);
        String detail = "it ends early: " + declared + " declared; bytes left: ";

        for (Decode decode : List.of(event.datum(payload), event.auto(singleObject))) {
            RejectedRecordException e = assertTimeout(Duration.ofSeconds(2), () -> rejection(decode));
            assertThat(e.reason()).isEqualTo(UNDECODABLE);
            assertThat(e.detail()).startsWith("malformed Avro ").contains(detail);
        }
    }

    /** Which decoder reads the Avro forms of an event, and what its single-object header looks like. */
    enum Event {
        PREDICTION, CALL;

        byte[] singleObject() {
            return this == PREDICTION ? PredictionEncoder.avroSingleObject(AvroEvents.sample().build())
                    : LlmCallEncoder.avroSingleObject(AvroEvents.llmCall().build());
        }

        Decode datum(byte[] payload) {
            return this == PREDICTION ? () -> PREDICTION_DATA.decode(payload) : () -> CALL_DATA.decode(payload);
        }

        Decode auto(byte[] payload) {
            return this == PREDICTION ? () -> PREDICTIONS.decode(payload) : () -> CALLS.decode(payload);
        }
    }

    private static Decode prediction(JsonEvent event) {
        byte[] payload = event.bytes();
        return () -> PREDICTIONS.decode(payload);
    }

    private static Decode avroPrediction(Map<String, Object> features) {
        byte[] payload = PredictionEncoder.avroSingleObject(AvroEvents.sample().setFeatures(features).build());
        return () -> PREDICTIONS.decode(payload);
    }

    private static Decode call(JsonEvent event) {
        byte[] payload = event.bytes();
        return () -> CALLS.decode(payload);
    }

    /** The event with {@code field} (or {@code map.key}) set to the raw JSON {@code value}. */
    private static JsonEvent withValue(JsonEvent event, String field, String value) {
        int dot = field.indexOf('.');
        return dot < 0 ? event.with(field, value)
                : event.with(field.substring(0, dot), "{\"" + field.substring(dot + 1) + "\": " + value + "}");
    }

    private static RejectedRecordException rejection(Decode decode) {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class, decode::decode);
        assertThat(e).as("rejected").isNotNull();
        return e;
    }

    /** The payload with its one '@' replaced by {@code bytes}. */
    private static byte[] replace(byte[] payload, byte[] bytes) {
        int at = new String(payload, StandardCharsets.ISO_8859_1).indexOf('@');
        return concat(concat(Arrays.copyOf(payload, at), bytes), Arrays.copyOfRange(payload, at + 1, payload.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @FunctionalInterface
    private interface DatumWriter {
        void write(BinaryEncoder out) throws IOException;
    }

    private static byte[] datum(DatumWriter writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writer.write(EncoderFactory.get().directBinaryEncoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void predictionIdentity(BinaryEncoder out) throws IOException {
        out.writeString("e-1");
        out.writeLong(JsonEvent.TIMESTAMP);
        out.writeString("churn");
        out.writeString("v3");
    }
}
