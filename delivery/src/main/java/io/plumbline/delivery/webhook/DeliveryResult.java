package io.plumbline.delivery.webhook;

/** How the delivery of one message ended. */
public sealed interface DeliveryResult {

    int attempts();

    /** The receiver answered 2xx. */
    record Delivered(int attempts) implements DeliveryResult {
    }

    /**
     * Stopped before an answer came, because serve is stopping: neither delivered nor given up, so it must be
     * delivered again by the next start.
     */
    record Abandoned(int attempts) implements DeliveryResult {
    }

    /**
     * Not delivered: to be dead-lettered with the receiver's last answer, so someone can see why.
     *
     * @param lastStatus   the last HTTP status, 0 if the last attempt got no response
     * @param lastError    the last attempt's exception (class: message), empty if it got a response
     * @param responseBody the start of the last response's body (at most {@value WebhookDelivery#BODY_LIMIT}
     *                     bytes, marked when cut), empty if none
     * @param reason       why no further attempt was made
     */
    record GaveUp(int attempts, int lastStatus, String lastError, String responseBody, String reason)
            implements DeliveryResult {
    }
}
