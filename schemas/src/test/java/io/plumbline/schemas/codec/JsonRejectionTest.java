package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.validation.RejectReason.IMPLAUSIBLE_TIMESTAMP;
import static io.plumbline.schemas.validation.RejectReason.MISSING_FIELD;
import static io.plumbline.schemas.validation.RejectReason.NON_FINITE_NUMBER;
import static io.plumbline.schemas.validation.RejectReason.UNDECODABLE;
import static io.plumbline.schemas.validation.RejectReason.WRONG_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonRejectionTest {

    private static final String NO_FORMAT = "neither JSON ('{'), Avro single-object (C3 01) nor Confluent's wire"
            + " format (00 and a schema id) — ";

    private static final String STRING = "expected a string";
    private static final String MILLIS = "expected integer epoch milliseconds";
    private static final String FEATURES = "expected an object of feature name to number, string, boolean or null";
    private static final String NUMBER_OR_STRING = "expected a number or a string";
    private static final String FINITE = "expected a finite number";

    static Stream<Arguments> rejections() {
        return Stream.of(
                arguments(JsonEvent.valid().without("event_id"), MISSING_FIELD, "field 'event_id' is missing; " + STRING),
                arguments(JsonEvent.valid().without("timestamp"), MISSING_FIELD, "field 'timestamp' is missing; " + MILLIS),
                arguments(JsonEvent.valid().without("model_id"), MISSING_FIELD, "field 'model_id' is missing; " + STRING),
                arguments(JsonEvent.valid().without("model_version"), MISSING_FIELD,
                        "field 'model_version' is missing; " + STRING),
                arguments(JsonEvent.valid().without("features"), MISSING_FIELD, "field 'features' is missing; " + FEATURES),
                arguments(JsonEvent.valid().without("prediction"), MISSING_FIELD,
                        "field 'prediction' is missing; " + NUMBER_OR_STRING),
                arguments(JsonEvent.valid().with("event_id", "null"), MISSING_FIELD, "field 'event_id' is null; " + STRING),
                arguments(JsonEvent.valid().with("timestamp", "null"), MISSING_FIELD, "field 'timestamp' is null; " + MILLIS),
                arguments(JsonEvent.valid().with("model_id", "null"), MISSING_FIELD, "field 'model_id' is null; " + STRING),
                arguments(JsonEvent.valid().with("features", "null"), MISSING_FIELD, "field 'features' is null; " + FEATURES),
                arguments(JsonEvent.valid().with("prediction", "null"), MISSING_FIELD,
                        "field 'prediction' is null; " + NUMBER_OR_STRING),

                arguments(JsonEvent.valid().with("model_version", "3"), WRONG_TYPE,
                        "field 'model_version' is a number (3); " + STRING),
                arguments(JsonEvent.valid().with("event_id", "true"), WRONG_TYPE,
                        "field 'event_id' is a boolean (true); " + STRING),
                arguments(JsonEvent.valid().with("model_id", "{\"name\": \"churn\"}"), WRONG_TYPE,
                        "field 'model_id' is an object; " + STRING),
                arguments(JsonEvent.valid().with("timestamp", "\"2025-06-01T00:00:00Z\""), WRONG_TYPE,
                        "field 'timestamp' is a string; " + MILLIS),
                arguments(JsonEvent.valid().with("timestamp", "1748735940000.0"), WRONG_TYPE,
                        "field 'timestamp' is a floating-point number (1748735940000.0); " + MILLIS),
                arguments(JsonEvent.valid().with("features", "[1, 2]"), WRONG_TYPE, "field 'features' is an array; " + FEATURES),
                arguments(JsonEvent.valid().with("prediction", "true"), WRONG_TYPE,
                        "field 'prediction' is a boolean (true); " + NUMBER_OR_STRING),
                arguments(JsonEvent.valid().with("prediction", "[0.2, 0.8]"), WRONG_TYPE,
                        "field 'prediction' is an array; " + NUMBER_OR_STRING),
                arguments(JsonEvent.valid().with("prediction_scores", "[0.2]"), WRONG_TYPE,
                        "field 'prediction_scores' is an array; expected an object of class to number, or null"),
                arguments(JsonEvent.valid().with("prediction_scores", "{\"yes\": \"0.2\"}"), WRONG_TYPE,
                        "field 'prediction_scores.yes' is a string; expected a number"),
                arguments(JsonEvent.valid().with("latency_ms", "\"12ms\""), WRONG_TYPE,
                        "field 'latency_ms' is a string; expected a number or null"),
                arguments(JsonEvent.valid().with("segment", "\"eu\""), WRONG_TYPE,
                        "field 'segment' is a string; expected an object of label to string, or null"),
                arguments(JsonEvent.valid().with("segment", "{\"region\": 7}"), WRONG_TYPE,
                        "field 'segment.region' is a number (7); expected a string"),
                arguments(JsonEvent.valid().with("label", "false"), WRONG_TYPE,
                        "field 'label' is a boolean (false); expected a number, a string or null"),

                arguments(JsonEvent.valid().with("features", "{\"age\": NaN}"), NON_FINITE_NUMBER,
                        "field 'features.age' is NaN; " + FINITE),
                arguments(JsonEvent.valid().with("features", "{\"age\": Infinity}"), NON_FINITE_NUMBER,
                        "field 'features.age' is Infinity; " + FINITE),
                arguments(JsonEvent.valid().with("features", "{\"age\": -Infinity}"), NON_FINITE_NUMBER,
                        "field 'features.age' is -Infinity; " + FINITE),
                arguments(JsonEvent.valid().with("features", "{\"age\": 1e999}"), NON_FINITE_NUMBER,
                        "field 'features.age' is 1e999; " + FINITE),
                arguments(JsonEvent.valid().with("prediction", "NaN"), NON_FINITE_NUMBER, "field 'prediction' is NaN; " + FINITE),
                arguments(JsonEvent.valid().with("timestamp", "NaN"), NON_FINITE_NUMBER, "field 'timestamp' is NaN; " + FINITE),
                arguments(JsonEvent.valid().with("prediction_scores", "{\"yes\": -Infinity}"), NON_FINITE_NUMBER,
                        "field 'prediction_scores.yes' is -Infinity; " + FINITE),
                arguments(JsonEvent.valid().with("latency_ms", "Infinity"), NON_FINITE_NUMBER,
                        "field 'latency_ms' is Infinity; " + FINITE),
                arguments(JsonEvent.valid().with("label", "NaN"), NON_FINITE_NUMBER, "field 'label' is NaN; " + FINITE),

                arguments(JsonEvent.valid().with("timestamp", "1748736000"), IMPLAUSIBLE_TIMESTAMP,
                        "field 'timestamp' is 1748736000 (1970-01-21T05:45:36Z): before 2000-01-01T00:00:00Z; "
                                + "expected epoch milliseconds"),
                arguments(JsonEvent.valid().with("timestamp", "946684799999"), IMPLAUSIBLE_TIMESTAMP,
                        "field 'timestamp' is 946684799999 (1999-12-31T23:59:59.999Z): before 2000-01-01T00:00:00Z; "
                                + "expected epoch milliseconds"),
                arguments(JsonEvent.valid().with("timestamp", Long.toString(NOW + 86_400_001L)), IMPLAUSIBLE_TIMESTAMP,
                        "field 'timestamp' is 1748822400001 (2025-06-02T00:00:00.001Z): more than 24h ahead of the "
                                + "wall clock (latest accepted 2025-06-02T00:00:00Z); expected epoch milliseconds"),
                arguments(JsonEvent.valid().with("timestamp", "1748736000000000"), IMPLAUSIBLE_TIMESTAMP,
                        "field 'timestamp' is 1748736000000000 (+57385-03-28T00:00:00Z): more than 24h ahead of the "
                                + "wall clock (latest accepted 2025-06-02T00:00:00Z); expected epoch milliseconds"),
                arguments(JsonEvent.valid().with("timestamp", "99999999999999999999"), IMPLAUSIBLE_TIMESTAMP,
                        "field 'timestamp' is 99999999999999999999: beyond the range of a 64-bit integer; "
                                + "expected epoch milliseconds"),

                arguments(JsonEvent.valid().with("features", "{\"age\": 1, \"age\": 2}"), UNDECODABLE,
                        "field 'features.age' appears twice"),
                arguments(JsonEvent.valid().with("features", "{\"age\": 1}, \"features\": {}"), UNDECODABLE,
                        "field 'features' appears twice"),
                arguments(JsonEvent.valid().with("model_id", "\"churn\", \"model_id\": \"fraud\""), UNDECODABLE,
                        "field 'model_id' appears twice"),
                arguments(JsonEvent.valid().with("event_id", "\"e-1\", \"event_id\": \"e-2\""), UNDECODABLE,
                        "field 'event_id' appears twice"),
                arguments(JsonEvent.valid().with("timestamp", JsonEvent.TIMESTAMP + ", \"timestamp\": " + JsonEvent.TIMESTAMP),
                        UNDECODABLE, "field 'timestamp' appears twice"),
                arguments(JsonEvent.valid().with("trace", "1, \"trace\": 2"), UNDECODABLE, "field 'trace' appears twice"),
                arguments(JsonEvent.valid().with("prediction_scores", "{\"yes\": 0.2, \"no\": 0.8, \"yes\": 0.3}"),
                        UNDECODABLE, "field 'prediction_scores.yes' appears twice"),
                arguments(JsonEvent.valid().with("segment", "{\"region\": \"eu\", \"region\": \"us\"}"), UNDECODABLE,
                        "field 'segment.region' appears twice"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("rejections")
    void rejectsWithAReasonAndADetailNamingTheField(JsonEvent event, RejectReason reason, String detail) {
        assertRejected(event.bytes(), reason, detail);
    }

    static Stream<Arguments> undecodable() {
        return Stream.of(
                arguments("{\"event_id\": \"e-1\", \"timestamp\": ", "malformed JSON at line 1, column 34: "
                        + "the payload ends before the object is complete"),
                arguments("{\"event_id\" \"e-1\"}", "malformed JSON at line 1, column 13: Unexpected character "
                        + "('\"' (code 34)): was expecting a colon to separate field name and value"),
                arguments("{\"a\": 1} {\"b\": 2}", "trailing content after the JSON object at line 1, column 10"),
                arguments("\n{\"a\": tru}", "malformed JSON at line 2, column 11: Unrecognized token 'tru': was "
                        + "expecting (JSON String, Number (or 'NaN'/'+INF'/'-INF'), Array, Object or token 'null', "
                        + "'true' or 'false')"),
                arguments("[{\"event_id\": \"e-1\"}]", NO_FORMAT
                        + "first bytes 0x5B7B226576656E74… (21 bytes)"),
                arguments("\"just a string\"", NO_FORMAT
                        + "first bytes 0x226A757374206120… (15 bytes)"),
                arguments("   ", NO_FORMAT + "first bytes 0x202020"),
                arguments("", "empty payload"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("undecodable")
    void rejectsWhatIsNotAJsonObjectAsUndecodable(String payload, String detail) {
        assertRejected(payload.getBytes(StandardCharsets.UTF_8), UNDECODABLE, detail);
    }

    @Test
    void namesAByteOrderMarkBeforeJson() {
        byte[] json = JsonEvent.valid().bytes();
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertRejected(withBom, UNDECODABLE, "starts with a UTF-8 byte order mark (EF BB BF); send JSON without a BOM");
    }

    @Test
    void aNullPayloadIsUndecodable() {
        assertRejected(null, UNDECODABLE, "empty payload");
    }

    static Stream<Arguments> notAnObjectWhenForcedToJson() {
        return Stream.of(
                arguments("[1, 2]", "a JSON event must be an object; found an array"),
                arguments("42", "a JSON event must be an object; found a number (42)"),
                arguments("  ", "a JSON event must be an object; found nothing"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("notAnObjectWhenForcedToJson")
    void forcedJsonNamesWhatItFoundInsteadOfAnObject(String payload, String detail) {
        PredictionDecoder json = new PredictionDecoder(PayloadFormat.JSON, () -> NOW);

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class,
                () -> json.decode(payload.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.reason()).isEqualTo(UNDECODABLE);
        assertThat(e.detail()).isEqualTo(detail);
    }

    private static void assertRejected(byte[] payload, RejectReason reason, String detail) {
        PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);

        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class, () -> decoder.decode(payload));

        assertThat(e).as("rejected").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.detail()).isEqualTo(detail);
    }
}
