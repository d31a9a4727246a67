package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonEvent.NOW;
import static io.plumbline.schemas.codec.JsonEvent.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.ValueKind;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonDecodingTest {

    private final PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO, () -> NOW);

    @Test
    void decodesEveryKindOfFeatureValue() throws RejectedRecordException {
        PredictionRecord r = decoder.decode(JsonEvent.valid().with("features", """
                {"int": 42, "negative": -2.5, "exponent": 1e3, "small": 1E-2, "big": 123456789012345678901234567890,
                 "plan": "pro", "empty": "", "flag": true, "off": false, "gone": null,
                 "list": [1, [2, {"x": 3}]], "nested": {"a": {"b": [null]}}, "ünïcødé": "São Paulo ☃"}""").bytes());

        assertThat(r.eventId()).isEqualTo("e-1");
        assertThat(r.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(r.modelId()).isEqualTo("churn");
        assertThat(r.modelVersion()).isEqualTo("v3");
        assertThat(r.featureCount()).isEqualTo(13);
        assertFeature(r, 0, "int", ValueKind.NUMBER);
        assertThat(r.number(0)).isEqualTo(42.0);
        assertThat(r.number(1)).isEqualTo(-2.5);
        assertThat(r.number(2)).isEqualTo(1000.0);
        assertThat(r.number(3)).isEqualTo(0.01);
        assertThat(r.number(4)).isEqualTo(1.2345678901234568e29);
        assertFeature(r, 5, "plan", ValueKind.CATEGORY);
        assertThat(r.category(5)).isEqualTo("pro");
        assertThat(r.category(6)).isEmpty();
        assertFeature(r, 7, "flag", ValueKind.CATEGORY);
        assertThat(r.category(7)).isEqualTo("true");
        assertThat(r.category(8)).isEqualTo("false");
        assertFeature(r, 9, "gone", ValueKind.MISSING);
        assertFeature(r, 10, "list", ValueKind.UNSUPPORTED);
        assertFeature(r, 11, "nested", ValueKind.UNSUPPORTED);
        assertFeature(r, 12, "ünïcødé", ValueKind.CATEGORY);
        assertThat(r.category(12)).isEqualTo("São Paulo ☃");
        assertThat(r.predictionKind()).isEqualTo(ValueKind.NUMBER);
        assertThat(r.predictionNumber()).isEqualTo(0.25);
    }

    @Test
    void aStringPredictionIsAClass() throws RejectedRecordException {
        PredictionRecord r = decoder.decode(JsonEvent.valid().with("prediction", "\"churned\"").bytes());

        assertThat(r.predictionKind()).isEqualTo(ValueKind.CATEGORY);
        assertThat(r.predictionCategory()).isEqualTo("churned");
    }

    @Test
    void anEmptyFeatureObjectIsValid() throws RejectedRecordException {
        assertThat(decoder.decode(JsonEvent.valid().with("features", "{}").bytes()).featureCount()).isZero();
    }

    @Test
    void readsFieldsInAnyOrderAndIgnoresUnknownOnes() throws RejectedRecordException {
        String json = """
                {"trace": {"id": [1, 2, {"deep": null}]}, "features": {"age": 42}, "prediction": "yes",
                 "model_version": "v3", "extra": "x", "model_id": "churn", "timestamp": %d, "event_id": "e-9",
                 "more": [true, false]}""".formatted(TIMESTAMP);

        PredictionRecord r = decoder.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(r.eventId()).isEqualTo("e-9");
        assertThat(r.modelId()).isEqualTo("churn");
        assertThat(r.modelVersion()).isEqualTo("v3");
        assertThat(r.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(r.featureCount()).isEqualTo(1);
        assertThat(r.featureName(0)).isEqualTo("age");
        assertThat(r.predictionCategory()).isEqualTo("yes");
    }

    @Test
    void acceptsTheOptionalFieldsWhenWellTyped() throws RejectedRecordException {
        PredictionRecord r = decoder.decode(JsonEvent.valid()
                .with("prediction_scores", "{\"yes\": 0.25, \"no\": 1}")
                .with("latency_ms", "12")
                .with("segment", "{\"region\": \"eu\"}")
                .with("label", "\"no\"")
                .bytes());
        assertThat(r.eventId()).isEqualTo("e-1");

        PredictionRecord nulls = decoder.decode(JsonEvent.valid().with("prediction_scores", "null")
                .with("latency_ms", "null").with("segment", "null").with("label", "null").bytes());
        assertThat(nulls.eventId()).isEqualTo("e-1");

        assertThat(decoder.decode(JsonEvent.valid().with("label", "1").bytes()).eventId()).isEqualTo("e-1");
    }

    @Test
    void detectsJsonAfterLeadingWhitespace() throws RejectedRecordException {
        byte[] payload = (" \t\r\n" + JsonEvent.valid().text()).getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.decode(payload).modelId()).isEqualTo("churn");
        assertThat(new PredictionDecoder(PayloadFormat.JSON, () -> NOW).decode(payload).modelId()).isEqualTo("churn");
    }

    @Test
    void returnsANewRecordEveryTime() throws RejectedRecordException {
        byte[] payload = JsonEvent.valid().bytes();

        assertThat(decoder.decode(payload)).isNotSameAs(decoder.decode(payload)).isEqualTo(decoder.decode(payload));
    }

    @Test
    void repeatedNamesAndCategoriesAreOneObject() throws RejectedRecordException {
        PredictionRecord first = decoder.decode(JsonEvent.valid().bytes());
        PredictionRecord second = decoder.decode(JsonEvent.valid().with("event_id", "\"e-2\"").bytes());

        assertThat(second.featureName(0)).isSameAs(first.featureName(0));
        assertThat(second.featureName(1)).isSameAs(first.featureName(1));
        assertThat(second.category(1)).isSameAs(first.category(1));
        assertThat(second.modelId()).isSameAs(first.modelId());
        assertThat(second.modelVersion()).isSameAs(first.modelVersion());
    }

    @Test
    void timestampsAtTheEdgesOfThePlausibleRangeAreAccepted() throws RejectedRecordException {
        long earliest = 946_684_800_000L; // 2000-01-01T00:00:00Z
        long latest = NOW + 24 * 3_600_000L;

        assertThat(decoder.decode(JsonEvent.valid().with("timestamp", Long.toString(earliest)).bytes()).timestamp())
                .isEqualTo(earliest);
        assertThat(decoder.decode(JsonEvent.valid().with("timestamp", Long.toString(latest)).bytes()).timestamp())
                .isEqualTo(latest);
    }

    private static void assertFeature(PredictionRecord r, int i, String name, ValueKind kind) {
        assertThat(r.featureName(i)).isEqualTo(name);
        assertThat(r.featureKind(i)).as(name).isEqualTo(kind);
    }
}
