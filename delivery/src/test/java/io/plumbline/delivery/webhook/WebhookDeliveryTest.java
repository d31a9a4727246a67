package io.plumbline.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.delivery.testing.Receiver;
import io.plumbline.delivery.testing.Receiver.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final FakeTime time = new FakeTime();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final WebhookMessage message = WebhookMessage.of("oncall", "", List.of("alertname"),
            List.of(WebhookMessageTest.firing("age")));
    private Receiver receiver;

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void retriesServerErrorsWithOneIdAndAValidSignatureEachTime() throws IOException {
        receiver = new Receiver(0, Answer.of(503), Answer.of(503), Answer.of(200));

        DeliveryResult result = delivery(endpoint(receiver.url(), Duration.ofMinutes(1))).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(3));
        assertThat(receiver.requests()).hasSize(3).allSatisfy(request -> {
            assertThat(request.id()).isEqualTo(message.id());
            assertThat(request.body()).isEqualTo(message.body());
            assertThat(verifier().verify(request.id(), request.timestamp(), request.signature(), request.body()))
                    .isEqualTo(new Verification(true, ""));
        });
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void givesUpAtOnceOnAClientErrorWithTheReceiversAnswer() throws IOException {
        receiver = new Receiver(0, Answer.of(400, "labels.feature: unknown"), Answer.of(200));

        DeliveryResult result = delivery(endpoint(receiver.url(), Duration.ofMinutes(1))).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.GaveUp(1, 400, "", "labels.feature: unknown",
                "HTTP 400 is not retried"));
        assertThat(receiver.requests()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void keepsOnlyTheStartOfALargeAnswer() throws IOException {
        receiver = new Receiver(0, Answer.of(404, "x".repeat(5000)));

        DeliveryResult.GaveUp result = (DeliveryResult.GaveUp)
                delivery(endpoint(receiver.url(), Duration.ofMinutes(1))).deliver(message);

        assertThat(result.responseBody()).isEqualTo("x".repeat(WebhookDelivery.BODY_LIMIT) + "…[truncated]");
    }

    @Test
    void honoursRetryAfterInSeconds() throws IOException {
        receiver = new Receiver(0, new Answer(429, Map.of("Retry-After", "1"), "", Duration.ZERO), Answer.of(200));

        DeliveryResult result = delivery(endpoint(receiver.url(), Duration.ofMinutes(1))).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(2));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void honoursRetryAfterAsAnHttpDate() throws IOException {
        String inSevenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                time.instant().plusSeconds(7).atZone(ZoneOffset.UTC));
        receiver = new Receiver(0, new Answer(429, Map.of("Retry-After", inSevenSeconds), "", Duration.ZERO),
                Answer.of(200));

        DeliveryResult result = delivery(endpoint(receiver.url(), Duration.ofMinutes(1))).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(2));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void backsOffInsteadOfRetryingAtOnceWhenRetryAfterIsZero() throws IOException {
        receiver = new Receiver(0, new Answer(429, Map.of("Retry-After", "0"), "", Duration.ZERO), Answer.of(200));
        Random alwaysHighest = fixedRandom(0.9999);

        DeliveryResult result = new WebhookDelivery(endpoint(receiver.url(), Duration.ofMinutes(1)), http, time, time,
                alwaysHighest).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(2));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void givesUpAtOnceWhenRetryAfterAsksToWaitPastTheDeadline() throws IOException {
        receiver = new Receiver(0, new Answer(429, Map.of("Retry-After", "120"), "slow down", Duration.ZERO),
                Answer.of(200));

        DeliveryResult result = delivery(endpoint(receiver.url(), Duration.ofMinutes(1))).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.GaveUp(1, 429, "", "slow down",
                "delivery deadline of PT1M reached"));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void deliversOnceTheReceiverIsBack() throws IOException {
        int port = freePort();
        time.onFirstSleep(() -> {
            try {
                receiver = new Receiver(port, Answer.of(200));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        DeliveryResult result = delivery(endpoint(URI.create("http://127.0.0.1:" + port + "/hook"),
                Duration.ofMinutes(1))).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(2));
        assertThat(receiver.requests()).extracting(Receiver.Request::id).containsExactly(message.id());
    }

    @Test
    void aReceiverDownForAMinuteLosesNothingAndGetsEachMessageOnceUnderItsOwnId() throws IOException {
        int port = freePort();
        time.onceAfter(Duration.ofMinutes(1), () -> {
            try {
                receiver = new Receiver(port, Answer.of(200));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        WebhookDelivery delivery = delivery(endpoint(URI.create("http://127.0.0.1:" + port + "/hook"),
                Duration.ofMinutes(10)));
        List<WebhookMessage> messages = List.of("age", "income", "region").stream()
                .map(feature -> WebhookMessage.of("oncall", "", List.of(), List.of(WebhookMessageTest.firing(feature))))
                .toList();

        List<DeliveryResult> results = messages.stream().map(delivery::deliver).toList();

        assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).as("the first message waited out"
                + " the outage").isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(results.get(0)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(results.get(0).attempts()).isGreaterThan(3);
        assertThat(results.subList(1, 3)).containsOnly(new DeliveryResult.Delivered(1));
        assertThat(receiver.requests()).extracting(Receiver.Request::id)
                .containsExactly(messages.get(0).id(), messages.get(1).id(), messages.get(2).id());
        assertThat(receiver.requests()).allSatisfy(request -> assertThat(verifier().verify(request.id(),
                request.timestamp(), request.signature(), request.body()).valid()).isTrue());
    }

    @Test
    void retriesAnAttemptThatTimesOut() throws IOException {
        receiver = new Receiver(0, new Answer(200, Map.of(), "", Duration.ofSeconds(2)), Answer.of(200));
        WebhookEndpoint endpoint = new WebhookEndpoint("oncall", receiver.url(), List.of(WebhookSecret.parse(SECRET)),
                Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(8));

        DeliveryResult result = delivery(endpoint).deliver(message);

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(2));
        assertThat(receiver.requests()).extracting(Receiver.Request::id).containsExactly(message.id(), message.id());
    }

    @Test
    void givesUpAtTheDeadlineWithTheLastAnswer() throws IOException {
        receiver = new Receiver(0, Answer.of(503, "maintenance"));

        DeliveryResult result = delivery(endpoint(receiver.url(), Duration.ofSeconds(10))).deliver(message);

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.GaveUp.class, gaveUp -> {
            assertThat(gaveUp.lastStatus()).isEqualTo(503);
            assertThat(gaveUp.responseBody()).isEqualTo("maintenance");
            assertThat(gaveUp.reason()).isEqualTo("delivery deadline of PT10S reached");
            assertThat(gaveUp.attempts()).isGreaterThan(2).isEqualTo(receiver.requests().size());
        });
        assertThat(time.sleeps().stream().mapToLong(Duration::toMillis).sum()).isLessThan(10_000);
    }

    @Test
    void givesUpAtTheDeadlineWithTheLastConnectionError() throws IOException {
        int port = freePort();

        DeliveryResult result = delivery(endpoint(URI.create("http://127.0.0.1:" + port + "/hook"),
                Duration.ofSeconds(10))).deliver(message);

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.GaveUp.class, gaveUp -> {
            assertThat(gaveUp.lastStatus()).isZero();
            assertThat(gaveUp.lastError()).startsWith("java.net.ConnectException");
            assertThat(gaveUp.responseBody()).isEmpty();
            assertThat(gaveUp.reason()).isEqualTo("delivery deadline of PT10S reached");
            assertThat(gaveUp.attempts()).isGreaterThan(2);
        });
    }

    @Test
    void backsOffExponentiallyWithFullJitterUpToTheCap() {
        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), fixedRandom(0.9999));
        assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(highest::delay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 8L, 8L);
        Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), fixedRandom(0.0));
        assertThat(lowest.delay(3)).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsConfigurationThatCannotWork() {
        List<WebhookSecret> secrets = List.of(WebhookSecret.parse(SECRET));
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> WebhookEndpoint.of("oncall", "ftp://example.com/hook", List.of(SECRET)))
                .hasMessage("webhook 'oncall': url must start with http:// or https://, got ftp://example.com/hook");
        assertThatThrownBy(() -> WebhookEndpoint.of("oncall", "https://example.com/hook", List.of()))
                .hasMessageStartingWith("webhook 'oncall': secret is missing");
        assertThatThrownBy(() -> WebhookEndpoint.of("oncall", "https://exa mple.com", List.of(SECRET)))
                .hasMessageStartingWith("webhook 'oncall': url is not a URL");
        assertThatThrownBy(() -> WebhookEndpoint.of(" ", "https://example.com/hook", List.of(SECRET)))
                .hasMessageStartingWith("webhook name is missing");
        assertThatThrownBy(() -> new WebhookEndpoint("oncall", URI.create("https://example.com/hook"), secrets,
                second, Duration.ZERO, second, second))
                .hasMessage("webhook 'oncall': delivery deadline must be positive, got PT0S");
        assertThatThrownBy(() -> new WebhookEndpoint("oncall", URI.create("https://example.com/hook"), secrets,
                second, second, Duration.ofSeconds(2), second))
                .hasMessage("webhook 'oncall': max backoff PT1S is below the initial backoff PT2S");
    }

    private WebhookDelivery delivery(WebhookEndpoint endpoint) {
        return new WebhookDelivery(endpoint, http, time, time, new Random(42));
    }

    private static WebhookEndpoint endpoint(URI url, Duration deadline) {
        return new WebhookEndpoint("oncall", url, List.of(WebhookSecret.parse(SECRET)), Duration.ofSeconds(5),
                deadline, Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    private WebhookVerifier verifier() {
        return new WebhookVerifier(List.of(WebhookSecret.parse(SECRET)), WebhookVerifier.DEFAULT_TOLERANCE, time);
    }

    /** A port nothing listens on (it was free a moment ago). */
    private static int freePort() throws IOException {
        try (Receiver probe = new Receiver(0, Answer.of(200))) {
            return probe.port();
        }
    }

    private static Random fixedRandom(double value) {
        return new Random() {
            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
