package io.plumbline.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final long NOW = 1_748_736_000L;
    private static final byte[] BODY = "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsIdTimestampAndBodyWithHmacSha256OfTheDecodedKey() throws Exception {
        WebhookHeaders headers = new WebhookSigner(List.of(WebhookSecret.parse(WHSEC))).sign("msg_1", NOW, BODY);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal(("msg_1." + NOW + ".{\"version\":\"4\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(headers.signature()).isEqualTo("v1," + expected);
        assertThat(headers.asMap()).containsEntry("webhook-id", "msg_1").containsEntry("webhook-timestamp", "" + NOW);
    }

    @Test
    void aPlainSecretIsItsUtf8Bytes() throws Exception {
        WebhookHeaders headers = new WebhookSigner(List.of(WebhookSecret.parse("s3cret-ä"))).sign("msg_1", NOW, BODY);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret-ä".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal(("msg_1." + NOW + ".{\"version\":\"4\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(headers.signature()).isEqualTo("v1," + expected);
    }

    @Test
    void signsWithEverySecretSoEitherSideOfARotationVerifies() {
        WebhookSecret old = WebhookSecret.parse(WHSEC);
        WebhookSecret next = WebhookSecret.parse("the-new-secret");
        WebhookHeaders headers = new WebhookSigner(List.of(old, next)).sign("msg_1", NOW, BODY);

        assertThat(headers.signature().split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
        assertThat(verifier(old).verify("msg_1", "" + NOW, headers.signature(), BODY).valid()).isTrue();
        assertThat(verifier(next).verify("msg_1", "" + NOW, headers.signature(), BODY).valid()).isTrue();
        assertThat(verifier(WebhookSecret.parse("another")).verify("msg_1", "" + NOW, headers.signature(), BODY))
                .isEqualTo(new Verification(false, "no v1 signature matches any secret"
                        + " (wrong secret, or the body, id or timestamp was altered)"));
    }

    @Test
    void aVerifierWithTwoSecretsAcceptsASignatureOfEither() {
        WebhookSecret old = WebhookSecret.parse(WHSEC);
        WebhookSecret next = WebhookSecret.parse("the-new-secret");
        WebhookVerifier both = new WebhookVerifier(List.of(old, next), Duration.ofMinutes(5), clockAt(NOW));

        for (WebhookSecret secret : List.of(old, next)) {
            String signature = new WebhookSigner(List.of(secret)).sign("msg_1", NOW, BODY).signature();
            assertThat(both.verify("msg_1", "" + NOW, signature, BODY).valid()).isTrue();
        }
    }

    @Test
    void rejectsATamperedBodyOrId() {
        WebhookSecret secret = WebhookSecret.parse(WHSEC);
        String signature = new WebhookSigner(List.of(secret)).sign("msg_1", NOW, BODY).signature();

        byte[] tampered = "{\"version\":\"5\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier(secret).verify("msg_1", "" + NOW, signature, tampered).valid()).isFalse();
        assertThat(verifier(secret).verify("msg_2", "" + NOW, signature, BODY).valid()).isFalse();
        assertThat(verifier(secret).verify("msg_1", "" + NOW, signature, BODY).valid()).isTrue();
    }

    @Test
    void rejectsATimestampOutsideTheTolerance() {
        WebhookSecret secret = WebhookSecret.parse(WHSEC);
        long old = NOW - 301;
        String signature = new WebhookSigner(List.of(secret)).sign("msg_1", old, BODY).signature();

        assertThat(verifier(secret).verify("msg_1", "" + old, signature, BODY))
                .isEqualTo(new Verification(false, "webhook-timestamp is 301 s old, more than the tolerance of 300 s"));
        long edge = NOW - 300;
        String atEdge = new WebhookSigner(List.of(secret)).sign("msg_1", edge, BODY).signature();
        assertThat(verifier(secret).verify("msg_1", "" + edge, atEdge, BODY).valid()).isTrue();
        long future = NOW + 301;
        String ahead = new WebhookSigner(List.of(secret)).sign("msg_1", future, BODY).signature();
        assertThat(verifier(secret).verify("msg_1", "" + future, ahead, BODY).reason()).contains("in the future");
    }

    @Test
    void namesWhatIsMissingOrMalformed() {
        WebhookVerifier verifier = verifier(WebhookSecret.parse(WHSEC));
        assertThat(verifier.verify(null, "" + NOW, "v1,x", BODY).reason()).isEqualTo("missing header webhook-id");
        assertThat(verifier.verify("msg_1", null, "v1,x", BODY).reason())
                .isEqualTo("missing header webhook-timestamp");
        assertThat(verifier.verify("msg_1", "" + NOW, null, BODY).reason())
                .isEqualTo("missing header webhook-signature");
        assertThat(verifier.verify("msg_1", "soon", "v1,x", BODY).reason())
                .isEqualTo("webhook-timestamp is not unix seconds: soon");
        assertThat(verifier.verify("msg_1", "" + NOW, "v1a,abc", BODY).reason())
                .isEqualTo("webhook-signature holds no v1 signature");
    }

    @Test
    void rejectsBadSecretsWithoutPrintingThem() {
        assertThatThrownBy(() -> WebhookSecret.parse("whsec_not*base64"))
                .hasMessageStartingWith("webhook secret starts with whsec_ but the rest is not base64")
                .hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> WebhookSecret.parse(" ")).hasMessageContaining("webhook secret is empty");
        assertThat(WebhookSecret.parse(WHSEC).toString()).isEqualTo("WebhookSecret[32 bytes]");
        assertThatThrownBy(() -> new WebhookSigner(List.of(WebhookSecret.parse(WHSEC))).sign("a.b", NOW, BODY))
                .hasMessageContaining("without '.'");
    }

    private static WebhookVerifier verifier(WebhookSecret secret) {
        return new WebhookVerifier(List.of(secret), Duration.ofMinutes(5), clockAt(NOW));
    }

    private static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
