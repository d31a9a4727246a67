package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A detail is a header of every dead-lettered record and a log line: a hostile payload's huge key or
 * number must not be copied into it. At most 64 characters of any value are shown.
 */
class DetailLengthTest {

    /** Within Jackson's limit on the length of a name. */
    private static final String NAME = "x".repeat(40_000);
    /** As long as a JSON number may be (Jackson refuses longer ones), and beyond any double. */
    private static final String DIGITS = "9".repeat(999);

    /** A 64-character prefix of {@code features.<NAME>}, and how long it was. */
    private static final String SHOWN_FEATURE = "features." + "x".repeat(55) + "… (40009 characters)";
    /** A 64-character prefix of {@code prediction_scores.<NAME>}, and how long it was. */
    private static final String SHOWN_SCORE = "prediction_scores." + "x".repeat(46) + "… (40018 characters)";

    private static final PredictionDecoder PREDICTIONS = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);
    private static final LlmCallDecoder CALLS = new LlmCallDecoder(PayloadFormat.AUTO, () -> NOW);

    static Stream<Arguments> hostilePredictions() {
        return Stream.of(
                arguments(JsonEvent.valid().with("features", "{\"" + NAME + "\": 1}"),
                        "field '" + SHOWN_FEATURE + "' is 40000 bytes; feature names are at most 256 bytes"),
                arguments(JsonEvent.valid().with("prediction_scores", "{\"" + NAME + "\": 1, \"" + NAME + "\": 2}"),
                        "field '" + SHOWN_SCORE + "' appears twice"),
                arguments(JsonEvent.valid().with("prediction_scores", "{\"" + NAME + "\": NaN}"),
                        "field '" + SHOWN_SCORE + "' is NaN; expected a finite number"),
                arguments(JsonEvent.valid().with("segment", "{\"" + NAME + "\": 7}"), null),
                arguments(JsonEvent.valid().with("prediction_scores", "{\"" + NAME + "\": \"high\"}"), null),
                arguments(JsonEvent.valid().with("features", "{\"age\": " + DIGITS + "}"), null),
                arguments(JsonEvent.valid().with("timestamp", DIGITS), null),
                arguments(JsonEvent.valid().with("model_id", "\"" + NAME + "\""), null));
    }

    @ParameterizedTest
    @MethodSource("hostilePredictions")
    void predictionDetailsShowAtMost64CharactersOfAValue(JsonEvent event, String detail) {
        assertShort(() -> PREDICTIONS.decode(event.bytes()), detail);
    }

    static Stream<Arguments> hostileCalls() {
        return Stream.of(
                arguments(JsonEvent.llmCall().with("cost.usd", DIGITS)),
                arguments(JsonEvent.llmCall().with("gen_ai.usage.input_tokens", DIGITS)),
                arguments(JsonEvent.llmCall().with("end_time_unix_nano", DIGITS)),
                arguments(JsonEvent.llmCall().with(NAME, "1, \"" + NAME + "\": 2")),
                arguments(JsonEvent.llmCall().with("tenant", "\"" + NAME + "\"")));
    }

    @ParameterizedTest
    @MethodSource("hostileCalls")
    void llmCallDetailsShowAtMost64CharactersOfAValue(JsonEvent call) {
        assertShort(() -> CALLS.decode(call.bytes()), null);
    }

    @Test
    void malformedJsonShowsAtMost64CharactersOfTheTokenItCouldNotRead() {
        byte[] payload = ("{\"event_id\": " + NAME + "}").getBytes(StandardCharsets.UTF_8);

        assertShort(() -> PREDICTIONS.decode(payload), null);
    }

    @Test
    void avroDetailsShowAtMost64CharactersOfAMapKey() {
        byte[] payload = PredictionEncoder.avroSingleObject(AvroEvents.sample().setFeatures(Map.of(NAME, Double.NaN))
                .build());

        assertShort(() -> PREDICTIONS.decode(payload), null);
    }

    @FunctionalInterface
    private interface Decode {
        Object decode() throws RejectedRecordException;
    }

    /** Rejected, showing no run of 65 characters of the hostile value; with exactly {@code detail} unless null. */
    private static void assertShort(Decode decode, String detail) {
        RejectedRecordException e = catchThrowableOfType(RejectedRecordException.class, decode::decode);

        assertThat(e).as("rejected").isNotNull();
        assertThat(e.detail()).doesNotContain("x".repeat(65), "9".repeat(65)).hasSizeLessThan(250);
        if (detail != null) {
            assertThat(e.detail()).isEqualTo(detail);
        }
    }
}
