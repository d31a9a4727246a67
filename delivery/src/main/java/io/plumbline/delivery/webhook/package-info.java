/**
 * Signed webhooks: alert records of {@code plumbline.alerts} become Alertmanager webhook v4 bodies, signed
 * the Standard Webhooks way and delivered at least once, with retries up to a deadline. Receivers dedupe by
 * {@code webhook-id}.
 */
package io.plumbline.delivery.webhook;
