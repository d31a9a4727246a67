package io.plumbline.delivery.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a receiver runs on each delivery: accepts it if any {@code v1} signature matches any of its secrets
 * and the timestamp is within the tolerance of its clock (either way), which bounds how long a captured
 * delivery can be replayed.
 */
public final class WebhookVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final List<WebhookSecret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(List<WebhookSecret> secrets) {
        this(secrets, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookVerifier(List<WebhookSecret> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook verifier needs at least one secret");
        }
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("timestamp tolerance must be positive, got " + tolerance);
        }
        this.secrets = List.copyOf(secrets);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** The values of the headers {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}. */
    public Verification verify(String id, String timestamp, String signature, byte[] body) {
        if (id == null || id.isEmpty()) {
            return Verification.rejected("missing header " + WebhookHeaders.ID);
        }
        if (timestamp == null || signature == null) {
            return Verification.rejected("missing header "
                    + (timestamp == null ? WebhookHeaders.TIMESTAMP : WebhookHeaders.SIGNATURE));
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verification.rejected(WebhookHeaders.TIMESTAMP + " is not unix seconds: " + timestamp);
        }
        long skew = clock.instant().getEpochSecond() - seconds;
        if (Math.abs(skew) > tolerance.toSeconds()) {
            return Verification.rejected(WebhookHeaders.TIMESTAMP + " is " + Math.abs(skew) + " s "
                    + (skew > 0 ? "old" : "in the future") + ", more than the tolerance of "
                    + tolerance.toSeconds() + " s");
        }
        boolean anyV1 = false;
        for (String candidate : signature.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals(Signatures.VERSION)) {
                continue;
            }
            anyV1 = true;
            byte[] given = candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
            for (WebhookSecret secret : secrets) {
                byte[] expected = Signatures.v1(secret, id, seconds, body).getBytes(StandardCharsets.US_ASCII);
                // Constant time: a byte-by-byte early exit would tell an attacker how much of a guess was right.
                if (MessageDigest.isEqual(expected, given)) {
                    return Verification.accepted();
                }
            }
        }
        return Verification.rejected(anyV1
                ? "no v1 signature matches any secret (wrong secret, or the body, id or timestamp was altered)"
                : WebhookHeaders.SIGNATURE + " holds no v1 signature");
    }
}
