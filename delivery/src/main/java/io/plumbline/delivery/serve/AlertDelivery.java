package io.plumbline.delivery.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.plumbline.delivery.alertmanager.AlertmanagerPush;
import io.plumbline.delivery.metrics.StatsMetrics;
import io.plumbline.delivery.webhook.AlertRecord;
import io.plumbline.delivery.webhook.DeliveryResult;
import io.plumbline.delivery.webhook.WebhookDelivery;
import io.plumbline.delivery.webhook.WebhookMessage;
import io.plumbline.delivery.webhook.WebhookRoute;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the alerts go: the firing gauge, Alertmanager, and every webhook whose matchers take them.
 *
 * <p>Each alert change is one webhook message: its {@code webhook-id} then depends on that change alone, so a
 * retry or a replay after a restart is recognisably the same message. Grouping alerts into notifications is
 * Alertmanager's work. A webhook's messages go out in the order of the topic; different webhooks are served in
 * parallel, so a slow one does not hold up the others for longer than its own delivery.
 *
 * <p>A message given up is written to the dead-letter topic before the future completes, so its offset is
 * committed only once it is delivered or dead-lettered.
 */
public final class AlertDelivery implements AlertFeed {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LATENCY_SPAN = Duration.ofMinutes(10);
    /** The timer of each webhook, tagged {@code webhook}: from an alert being read to its message delivered. */
    public static final String LATENCY = "plumbline_webhook_delivery_latency";

    private final StatsMetrics metrics;
    private final AlertmanagerPush alertmanager;
    private final List<Webhook> webhooks = new ArrayList<>();
    private final Function<AlertRecord, String> links;
    private final String externalUrl;
    private final WebhookDeadLetters deadLetters;
    private final ExecutorService executor;
    private final Clock clock;

    /**
     * @param alertmanager    null without {@code serve.alertmanager.urls}
     * @param deliveries      one delivery per route, in the routes' order
     * @param links           each alert's link to its dashboard panel (empty for none)
     * @param externalUrl     sent as the webhook body's {@code externalURL}
     * @param executor        runs the webhook deliveries; it must not bound its threads below the partitions
     *                        times the webhooks, as a delivery waits for the ones it started
     */
    public AlertDelivery(StatsMetrics metrics, AlertmanagerPush alertmanager, List<WebhookRoute> routes,
            List<WebhookDelivery> deliveries, Function<AlertRecord, String> links, String externalUrl,
            WebhookDeadLetters deadLetters, MeterRegistry registry, ExecutorService executor, Clock clock) {
        if (routes.size() != deliveries.size()) {
            throw new IllegalArgumentException("one delivery per webhook route");
        }
        this.metrics = metrics;
        this.alertmanager = alertmanager;
        for (int i = 0; i < routes.size(); i++) {
            webhooks.add(new Webhook(routes.get(i), deliveries.get(i), registry));
        }
        this.links = links;
        this.externalUrl = externalUrl;
        this.deadLetters = deadLetters;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void replay(ConsumerRecord<byte[], byte[]> record) {
        AlertRecord alert = read(record);
        if (alert != null && alertmanager != null) {
            alertmanager.replay(alert, new TopicPartition(record.topic(), record.partition()));
        }
    }

    @Override
    public CompletableFuture<Void> deliver(List<ConsumerRecord<byte[], byte[]>> records) {
        Instant polled = clock.instant();
        List<Delivery> deliveries = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            AlertRecord alert = read(record);
            if (alert == null) {
                continue;
            }
            if (alertmanager != null) {
                alertmanager.accept(alert, new TopicPartition(record.topic(), record.partition()));
            }
            for (Webhook webhook : webhooks) {
                if (webhook.route.matches(alert)) {
                    deliveries.add(new Delivery(webhook, record, alert));
                }
            }
        }
        if (deliveries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> perWebhook = new ArrayList<>();
        for (Webhook webhook : webhooks) {
            List<Delivery> own = deliveries.stream().filter(d -> d.webhook() == webhook).toList();
            if (!own.isEmpty()) {
                perWebhook.add(CompletableFuture.runAsync(() -> own.forEach(d -> send(d, polled)), executor));
            }
        }
        return CompletableFuture.allOf(perWebhook.toArray(CompletableFuture[]::new));
    }

    @Override
    public void revoked(TopicPartition partition) {
        if (alertmanager != null) {
            alertmanager.forget(partition);
        }
    }

    /** The alert, after the firing gauge took it; null (logged) if the record is no alert. */
    private AlertRecord read(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            JsonNode alert = JSON.readTree(record.value());
            metrics.onAlert(alert);
            return AlertRecord.fromJson(alert);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("skipped alert record {}-{} at offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    private void send(Delivery delivery, Instant polled) {
        Webhook webhook = delivery.webhook();
        String receiver = webhook.route.endpoint().name();
        WebhookMessage message = WebhookMessage.of(receiver, externalUrl, List.of(), List.of(delivery.alert()),
                links);
        DeliveryResult result = webhook.delivery.deliver(message);
        if (result instanceof DeliveryResult.Abandoned) {
            // not committed: the next start delivers it again, under the same id
            throw new CancellationException("serve stopped while delivering message " + message.id() + " to "
                    + receiver);
        }
        if (result instanceof DeliveryResult.GaveUp gaveUp) {
            LOG.warn("webhook {}: gave up message {} of alert {} after {} attempts ({}); it goes to the dead-letter"
                    + " topic", receiver, message.id(), delivery.alert().fingerprint(), gaveUp.attempts(),
                    gaveUp.reason());
            deadLetters.write(delivery.record(), receiver, message, gaveUp);
            webhook.deadLettered.increment();
        } else {
            webhook.delivered.increment();
            webhook.latency.record(Duration.between(polled, clock.instant()));
        }
    }

    private record Delivery(Webhook webhook, ConsumerRecord<byte[], byte[]> record, AlertRecord alert) {
    }

    /** A route, its delivery and its counts. */
    private static final class Webhook {
        private final WebhookRoute route;
        private final WebhookDelivery delivery;
        private final Counter delivered;
        private final Counter deadLettered;
        private final Timer latency;

        Webhook(WebhookRoute route, WebhookDelivery delivery, MeterRegistry registry) {
            this.route = route;
            this.delivery = delivery;
            String name = route.endpoint().name();
            this.delivered = outcome(registry, name, "delivered");
            this.deadLettered = outcome(registry, name, "dead_lettered");
            this.latency = Timer.builder(LATENCY)
                    .description("From an alert record becoming readable (committed) to its webhook being"
                            + " delivered, retries included")
                    .tag("webhook", name)
                    .publishPercentiles(0.5, 0.99)
                    // over the last 10 minutes: alerts are few, and a shorter span would often hold none
                    .distributionStatisticExpiry(LATENCY_SPAN)
                    .distributionStatisticBufferLength(5)
                    .register(registry);
        }

        private static Counter outcome(MeterRegistry registry, String webhook, String outcome) {
            return Counter.builder("plumbline_webhook_messages")
                    .description("Webhook messages by outcome: delivered, or given up to the dead-letter topic")
                    .tag("webhook", webhook)
                    .tag("outcome", outcome)
                    .register(registry);
        }
    }
}
