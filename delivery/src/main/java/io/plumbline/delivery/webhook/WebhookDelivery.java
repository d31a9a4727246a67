package io.plumbline.delivery.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers signed messages to one webhook, at least once: retries what may succeed later (5xx, 429, timeouts,
 * connection errors) with exponential backoff and full jitter until the endpoint's deadline, never another 4xx
 * (the same request would be refused again). Every attempt of a message carries its {@code webhook-id} and a
 * fresh {@code webhook-timestamp}, so a receiver's timestamp tolerance holds for late retries too.
 *
 * <p>The Retry-After of a 429 or 503 is honoured in place of the backoff; if it asks to wait past the deadline the message
 * is given up at once rather than retried after the deadline. Redirects are not followed (the request carries
 * a signature meant for the configured URL); a 3xx is given up like a 4xx.
 */
public final class WebhookDelivery {

    /** How much of a receiver's answer is kept for the dead-letter record. */
    public static final int BODY_LIMIT = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final String INTERRUPTED = "interrupted";

    private final WebhookEndpoint endpoint;
    private final WebhookSigner signer;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;

    public WebhookDelivery(WebhookEndpoint endpoint, HttpClient http) {
        this(endpoint, http, Clock.systemUTC(), Sleeper.SYSTEM, new Random());
    }

    public WebhookDelivery(WebhookEndpoint endpoint, HttpClient http, Clock clock, Sleeper sleeper, Random random) {
        this.endpoint = endpoint;
        this.signer = new WebhookSigner(endpoint.secrets());
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = new Backoff(endpoint.initialBackoff(), endpoint.maxBackoff(), random);
    }

    /** Blocks until delivered or given up, or abandoned when the thread is interrupted (serve stopping). */
    public DeliveryResult deliver(WebhookMessage message) {
        byte[] body = message.body();
        Instant deadline = clock.instant().plus(endpoint.deadline());
        for (int attempt = 1; ; attempt++) {
            Attempt outcome = send(message.id(), body, Duration.between(clock.instant(), deadline));
            if (outcome.status() / 100 == 2) {
                return new DeliveryResult.Delivered(attempt);
            }
            if (outcome.interrupted()) {
                return new DeliveryResult.Abandoned(attempt);
            }
            if (!outcome.retryable()) {
                return outcome.gaveUp(attempt, outcome.status() == 0 ? outcome.error()
                        : "HTTP " + outcome.status() + " is not retried");
            }
            Instant now = clock.instant();
            int retry = attempt;
            // A Retry-After of zero (or a past date) falls back to backoff: retrying at once in a loop would
            // hammer a receiver that keeps saying so.
            Duration wait = outcome.retryAfter(now).filter(d -> !d.isZero()).orElseGet(() -> backoff.delay(retry));
            if (!now.plus(wait).isBefore(deadline)) {
                return outcome.gaveUp(attempt, "delivery deadline of " + endpoint.deadline() + " reached");
            }
            LOG.debug("webhook {}: attempt {} of {} failed ({}), retrying in {}", endpoint.name(), attempt,
                    message.id(), outcome.describe(), wait);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DeliveryResult.Abandoned(attempt);
            }
        }
    }

    private Attempt send(String id, byte[] body, Duration remaining) {
        WebhookHeaders headers = signer.sign(id, clock.instant().getEpochSecond(), body);
        Duration timeout = remaining.compareTo(endpoint.attemptTimeout()) < 0 ? remaining : endpoint.attemptTimeout();
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                // A real sleep can overrun the last moment before the deadline: the attempt still goes out, briefly.
                .timeout(timeout.isZero() || timeout.isNegative() ? Duration.ofMillis(1) : timeout)
                .header("Content-Type", "application/json")
                .header(WebhookHeaders.ID, headers.id())
                .header(WebhookHeaders.TIMESTAMP, Long.toString(headers.timestamp()))
                .header(WebhookHeaders.SIGNATURE, headers.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new Attempt(response.statusCode(), response.headers().firstValue("Retry-After"),
                    start(response.body()), "");
        } catch (IOException e) {
            // Timeouts and refused or reset connections: the receiver may be back soon.
            return new Attempt(0, Optional.empty(), "", e.getClass().getName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, Optional.empty(), "", INTERRUPTED);
        }
    }

    /** The start of the body, read no further: a receiver's error page can be large. */
    private static String start(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(BODY_LIMIT + 1);
            boolean cut = bytes.length > BODY_LIMIT;
            String text = new String(cut ? Arrays.copyOf(bytes, BODY_LIMIT) : bytes, StandardCharsets.UTF_8);
            return cut ? text + "…[truncated]" : text;
        }
    }

    /** One attempt's outcome: a status (0 without response) or an error. */
    private record Attempt(int status, Optional<String> retryAfterHeader, String body, String error) {

        boolean retryable() {
            return status == 0 && !interrupted() || status == 429 || status >= 500;
        }

        boolean interrupted() {
            return status == 0 && error.equals(INTERRUPTED);
        }

        Optional<Duration> retryAfter(Instant now) {
            return status == 429 || status == 503 ? RetryAfter.parse(retryAfterHeader, now) : Optional.empty();
        }

        DeliveryResult.GaveUp gaveUp(int attempts, String reason) {
            return new DeliveryResult.GaveUp(attempts, status, error, body, reason);
        }

        String describe() {
            return status == 0 ? error : "HTTP " + status;
        }
    }
}
