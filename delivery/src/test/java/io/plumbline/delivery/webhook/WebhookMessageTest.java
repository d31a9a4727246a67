package io.plumbline.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.schemas.Alert;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {

    /** A record as the jobs write it to plumbline.alerts. */
    static AlertRecord record(String fingerprint, String status, String feature, String startsAt, String endsAt) {
        Alert alert = Alert.newBuilder()
                .setFingerprint(fingerprint).setStatus(status).setRule("psi").setSeverity("warning")
                .setLabels(new TreeMap<>(Map.of("alertname", "psi", "model_id", "churn", "model_version", "v3",
                        "feature", feature, "severity", "warning")))
                .setAnnotations(new TreeMap<>(Map.of("summary", feature + " " + status, "value", "0.31")))
                .setStartsAt(startsAt).setEndsAt(endsAt)
                .setWindowStart(1_748_735_990_000L).setWindowEnd(1_748_736_000_000L)
                .setValue(0.31).setThreshold(0.2)
                .build();
        return AlertRecord.fromJson(JsonRecordWriter.toJson(alert));
    }

    static AlertRecord firing(String feature) {
        return record("2b1f8c7e9d0a4f63", "firing", feature, "2025-06-01T00:00:00Z", null);
    }

    @Test
    void writesAlertmanagerWebhookV4ForOneFiringAndOneResolvedAlert() {
        AlertRecord resolved = record("77aa00bb11cc22dd", "resolved", "plan", "2025-05-31T22:00:00Z",
                "2025-06-01T00:10:00Z");
        WebhookMessage message = WebhookMessage.of("oncall", "https://plumbline.example/docs",
                List.of("alertname", "model_id", "feature"), List.of(firing("age"), resolved));

        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"receiver\":\"oncall\","
                + "\"status\":\"firing\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"psi\",\"feature\":\"age\",\"model_id\":\"churn\","
                + "\"model_version\":\"v3\",\"severity\":\"warning\"},\"annotations\":{\"summary\":\"age firing\","
                + "\"value\":\"0.31\"},\"startsAt\":\"2025-06-01T00:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"generatorURL\":\"\",\"fingerprint\":\"2b1f8c7e9d0a4f63\"},"
                + "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"psi\",\"feature\":\"plan\",\"model_id\":\"churn\","
                + "\"model_version\":\"v3\",\"severity\":\"warning\"},\"annotations\":{\"summary\":\"plan resolved\","
                + "\"value\":\"0.31\"},\"startsAt\":\"2025-05-31T22:00:00Z\",\"endsAt\":\"2025-06-01T00:10:00Z\","
                + "\"generatorURL\":\"\",\"fingerprint\":\"77aa00bb11cc22dd\"}],"
                + "\"groupLabels\":{\"alertname\":\"psi\",\"model_id\":\"churn\"},"
                + "\"commonLabels\":{\"alertname\":\"psi\",\"model_id\":\"churn\",\"model_version\":\"v3\","
                + "\"severity\":\"warning\"},"
                + "\"commonAnnotations\":{\"value\":\"0.31\"},"
                + "\"externalURL\":\"https://plumbline.example/docs\",\"version\":\"4\","
                + "\"groupKey\":\"{}:{alertname=\\\"psi\\\", model_id=\\\"churn\\\"}\",\"truncatedAlerts\":0}");
        assertThat(message.status()).isEqualTo("firing");
    }

    @Test
    void isResolvedWhenEveryAlertIs() {
        AlertRecord resolved = record("77aa00bb11cc22dd", "resolved", "plan", "2025-05-31T22:00:00Z",
                "2025-06-01T00:10:00Z");
        assertThat(WebhookMessage.of("oncall", "", List.of(), List.of(resolved)).status()).isEqualTo("resolved");
    }

    @Test
    void sendsAnInfoNoticeAsFiringBecauseAlertmanagerKnowsNoOtherStatus() {
        AlertRecord info = record("0123456789abcdef", "info", "age", "2025-06-01T00:00:00Z", null);
        WebhookMessage message = WebhookMessage.of("oncall", "", List.of(), List.of(info));

        assertThat(message.status()).isEqualTo("firing");
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).contains("\"alerts\":[{\"status\":\"firing\"")
                .contains("\"endsAt\":\"0001-01-01T00:00:00Z\"");
    }

    @Test
    void theIdIsTheSameForTheSameAlertChangeAndDiffersForAnother() {
        WebhookMessage once = WebhookMessage.of("oncall", "", List.of(), List.of(firing("age")));
        WebhookMessage replayed = WebhookMessage.of("oncall", "", List.of(), List.of(firing("age")));
        AlertRecord resolution = record("2b1f8c7e9d0a4f63", "resolved", "age", "2025-06-01T00:00:00Z",
                "2025-06-01T00:10:00Z");
        AlertRecord refired = record("2b1f8c7e9d0a4f63", "firing", "age", "2025-06-01T01:00:00Z", null);

        assertThat(once.id()).matches("msg_[0-9a-f]{32}").isEqualTo(replayed.id());
        assertThat(WebhookMessage.of("oncall", "", List.of(), List.of(resolution)).id()).isNotEqualTo(once.id());
        assertThat(WebhookMessage.of("oncall", "", List.of(), List.of(refired)).id()).isNotEqualTo(once.id());
    }

    @Test
    void namesTheFieldOfABadRecord() {
        assertThatThrownBy(() -> AlertRecord.fromJson("{\"fingerprint\":\"ab\",\"status\":\"firing\"}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("alert ab: 'starts_at' must be an RFC 3339 string");
        assertThatThrownBy(() -> AlertRecord.fromJson(("{\"fingerprint\":\"ab\",\"status\":\"firing\","
                + "\"starts_at\":\"yesterday\"}").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("alert ab: 'starts_at' is not RFC 3339: yesterday");
        assertThatThrownBy(() -> AlertRecord.fromJson(("{\"fingerprint\":\"ab\",\"status\":\"pending\","
                + "\"starts_at\":\"2025-06-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("alert ab: status 'pending' is none of firing, resolved, info");
        assertThatThrownBy(() -> AlertRecord.fromJson("{\"status\":\"firing\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("alert record: 'fingerprint' must be a string");
        assertThatThrownBy(() -> AlertRecord.fromJson(("{\"fingerprint\":\"ab\",\"status\":\"firing\","
                + "\"starts_at\":\"2025-06-01T00:00:00Z\",\"labels\":{\"n\":1}}").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("alert ab: labels.n must be a string");
        assertThatThrownBy(() -> WebhookMessage.of("oncall", "", List.of(), List.of()))
                .hasMessage("a webhook message needs at least one alert");
    }
}
