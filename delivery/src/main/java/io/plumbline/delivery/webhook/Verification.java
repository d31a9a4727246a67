package io.plumbline.delivery.webhook;

/**
 * What a {@link WebhookVerifier} decided.
 *
 * @param reason why a message was rejected; empty when valid
 */
public record Verification(boolean valid, String reason) {

    static Verification accepted() {
        return new Verification(true, "");
    }

    static Verification rejected(String reason) {
        return new Verification(false, reason);
    }
}
