package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.delivery.webhook.AlertRecord;
import io.plumbline.delivery.webhook.WebhookHeaders;
import io.plumbline.delivery.webhook.WebhookMessage;
import io.plumbline.delivery.webhook.WebhookSecret;
import io.plumbline.delivery.webhook.WebhookSigner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoWebhookReceiverTest {

    private final StringWriter out = new StringWriter();

    @Test
    void printsOneLinePerDeliveryWithAValidSignatureAndRefusesOthers() throws Exception {
        WebhookMessage message = WebhookMessage.of("demo-receiver", "", List.of(), List.of(new AlertRecord(
                "0123456789abcdef", "firing", Map.of("alertname", "psi", "model_id", "credit-risk",
                "model_version", "v3", "feature", "income", "severity", "warning"), Map.of(),
                Instant.parse("2026-01-01T00:00:00Z"), null)));
        try (DemoWebhookReceiver receiver = DemoWebhookReceiver.start(new PrintWriter(out, true))) {
            long now = Instant.now().getEpochSecond();
            WebhookHeaders signed = new WebhookSigner(List.of(WebhookSecret.parse(receiver.secret())))
                    .sign(message.id(), now, message.body());
            WebhookHeaders forged = new WebhookSigner(List.of(WebhookSecret.parse("not-the-demo-secret")))
                    .sign(message.id(), now, message.body());

            assertThat(post(receiver, signed, message.body())).isEqualTo(204);
            assertThat(post(receiver, forged, message.body())).isEqualTo(401);

            assertThat(out.toString().lines()).containsExactly(
                    "  webhook delivered, signature valid, 1 alert: psi firing (credit-risk v3 income)",
                    "  webhook refused: no v1 signature matches any secret (wrong secret, or the body, id or timestamp"
                            + " was altered)");
            assertThat(receiver.validDeliveries()).isEqualTo(1);
            assertThat(receiver.invalidDeliveries()).isEqualTo(1);
        }
    }

    private static int post(DemoWebhookReceiver receiver, WebhookHeaders headers, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(receiver.url())
                .header(WebhookHeaders.ID, headers.id())
                .header(WebhookHeaders.TIMESTAMP, Long.toString(headers.timestamp()))
                .header(WebhookHeaders.SIGNATURE, headers.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
