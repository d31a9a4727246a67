package io.plumbline.delivery.webhook;

import java.util.Map;

/**
 * The three Standard Webhooks headers of one attempt.
 *
 * @param signature space-separated {@code v1,<base64>}, one per secret
 */
public record WebhookHeaders(String id, long timestamp, String signature) {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    public Map<String, String> asMap() {
        return Map.of(ID, id, TIMESTAMP, Long.toString(timestamp), SIGNATURE, signature);
    }
}
