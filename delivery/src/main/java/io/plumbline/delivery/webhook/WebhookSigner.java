package io.plumbline.delivery.webhook;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Signs messages with every configured secret, so a receiver rotating its secret accepts deliveries signed
 * with the old one or the new one while both are configured.
 */
public final class WebhookSigner {

    private final List<WebhookSecret> secrets;

    public WebhookSigner(List<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook signer needs at least one secret");
        }
        this.secrets = List.copyOf(secrets);
    }

    public WebhookHeaders sign(String id, long timestampSeconds, byte[] body) {
        if (id.isEmpty() || id.contains(".")) {
            // The dot separates the signed parts: an id with one could pass for another id and timestamp.
            throw new IllegalArgumentException("webhook-id must be non-empty and without '.': " + id);
        }
        String signature = secrets.stream()
                .map(secret -> Signatures.VERSION + "," + Signatures.v1(secret, id, timestampSeconds, body))
                .collect(Collectors.joining(" "));
        return new WebhookHeaders(id, timestampSeconds, signature);
    }
}
