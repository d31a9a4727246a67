package io.plumbline.delivery.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One HMAC key. Written either in the Standard Webhooks form {@code whsec_<base64>}, whose base64 part is
 * the key (what Svix and other Standard Webhooks libraries generate and expect), or as any other string,
 * whose UTF-8 bytes are the key (what receivers that only take a shared password expect).
 */
public final class WebhookSecret {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    public static WebhookSecret parse(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook secret is empty: give whsec_<base64> or a plain string");
        }
        if (!secret.startsWith(PREFIX)) {
            return new WebhookSecret(secret.getBytes(StandardCharsets.UTF_8));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // The secret itself stays out of the message: it ends up in logs.
            throw new IllegalArgumentException("webhook secret starts with whsec_ but the rest is not base64 ("
                    + e.getMessage() + "); a plain-string secret must not start with whsec_", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret whsec_ has an empty key after the prefix");
        }
        return new WebhookSecret(key);
    }

    byte[] key() {
        return key;
    }

    /** Never the key: configurations and exceptions get printed. */
    @Override
    public String toString() {
        return "WebhookSecret[" + key.length + " bytes]";
    }
}
