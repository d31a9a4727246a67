package io.plumbline.delivery.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * One configured webhook ({@code serve.webhooks[]}), checked when built so a mistake stops {@code serve} at
 * start-up rather than at the first alert.
 *
 * @param attemptTimeout how long one attempt may wait for the response headers
 * @param deadline       how long after the first attempt a message may still be retried; then it is given up
 * @param initialBackoff the cap of the first retry's random wait; it doubles per retry up to maxBackoff
 */
public record WebhookEndpoint(String name, URI url, List<WebhookSecret> secrets, Duration attemptTimeout,
                              Duration deadline, Duration initialBackoff, Duration maxBackoff) {

    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    public WebhookEndpoint {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("webhook name is missing: each of serve.webhooks needs a name");
        }
        String where = "webhook '" + name + "': ";
        if (url == null) {
            throw new IllegalArgumentException(where + "url is missing");
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException(where + "url must start with http:// or https://, got " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(where + "url has no host: " + url);
        }
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException(where + "secret is missing: unsigned webhooks are not sent"
                    + " (give whsec_<base64> or a plain string)");
        }
        secrets = List.copyOf(secrets);
        positive(where, "attempt timeout", attemptTimeout);
        positive(where, "delivery deadline", deadline);
        positive(where, "initial backoff", initialBackoff);
        positive(where, "max backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(where + "max backoff " + maxBackoff + " is below the initial backoff "
                    + initialBackoff);
        }
    }

    /** A webhook with the default timeout, deadline and backoff. */
    public static WebhookEndpoint of(String name, String url, List<String> secrets) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhook '" + name + "': url is not a URL: " + e.getMessage(), e);
        }
        return new WebhookEndpoint(name, uri, secrets.stream().map(WebhookSecret::parse).toList(),
                DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    private static void positive(String where, String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(where + what + " must be positive, got " + value);
        }
    }
}
