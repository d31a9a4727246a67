package io.plumbline.delivery.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.delivery.alertmanager.AlertmanagerPush;
import io.plumbline.delivery.metrics.MetricsEndpoint;
import io.plumbline.delivery.metrics.StatsMetrics;
import io.plumbline.delivery.webhook.WebhookDelivery;
import io.plumbline.delivery.webhook.WebhookRoute;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plumbline serve}, running: the metrics endpoint, the consumer of the output topics on a thread of its
 * own, the Alertmanager push and the webhook deliveries. {@link #close()} stops them all.
 */
public final class Serve implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Serve.class);
    /** Series are swept this often, or each stale-after if that is shorter. */
    private static final Duration SWEEP = Duration.ofSeconds(10);

    private final StatsMetrics metrics;
    private final MetricsEndpoint endpoint;
    private final AlertmanagerPush alertmanager;
    private final WebhookDeadLetters deadLetters;
    private final ExecutorService webhookThreads;
    private final ServeConsumer consumer;
    private final Thread consumerThread;

    private Serve(ServeOptions options, Clock clock, StatsMetrics metrics, MetricsEndpoint endpoint) {
        this.metrics = metrics;
        this.endpoint = endpoint;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        GrafanaLinks links = new GrafanaLinks(options.grafanaUrl());
        alertmanager = options.alertmanagerUrls().isEmpty() ? null
                : new AlertmanagerPush(options.alertmanagerUrls(), options.resendInterval(), links,
                        metrics.registry(), http, clock, new Random());
        deadLetters = new WebhookDeadLetters(options.kafka(), options.deadLetterTopic());
        webhookThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "plumbline-webhook");
            thread.setDaemon(true);
            return thread;
        });
        List<WebhookRoute> routes = options.webhooks();
        List<WebhookDelivery> deliveries = routes.stream().map(r -> new WebhookDelivery(r.endpoint(), http)).toList();
        AlertDelivery alerts = new AlertDelivery(metrics, alertmanager, routes, deliveries, links,
                options.grafanaUrl() == null ? "" : options.grafanaUrl().toString(), deadLetters, metrics.registry(),
                webhookThreads, clock);
        Properties kafka = options.kafka();
        kafka.put("group.id", options.groupId());
        consumer = new ServeConsumer(kafka, options.topics(), metrics, alerts, options.lookback(),
                SWEEP.compareTo(options.staleAfter()) < 0 ? SWEEP : options.staleAfter(), clock);
        consumerThread = new Thread(() -> {
            try {
                consumer.run();
            } catch (RuntimeException e) {
                LOG.error("serve's consumer of the output topics stopped", e);
            }
        }, "plumbline-serve-consumer");
        consumerThread.setDaemon(true);
    }

    /** Starts serving; fails fast if the metrics port is taken. */
    public static Serve start(ServeOptions options) throws IOException {
        return start(options, Clock.systemUTC());
    }

    static Serve start(ServeOptions options, Clock clock) throws IOException {
        StatsMetrics metrics = new StatsMetrics(options.staleAfter(), options.maxSeries(), clock);
        MetricsEndpoint endpoint = new MetricsEndpoint(metrics.registry(), options.metricsHost(), options.metricsPort());
        Serve serve;
        try {
            serve = new Serve(options, clock, metrics, endpoint);
        } catch (RuntimeException e) {
            // a Kafka client refusing its properties: the port must not stay taken
            endpoint.close();
            throw e;
        }
        if (serve.alertmanager != null) {
            serve.alertmanager.start();
        }
        serve.consumerThread.start();
        return serve;
    }

    /** The port /metrics is served on. */
    public int metricsPort() {
        return endpoint.port();
    }

    /** Its meters: the series it serves, and its own (deliveries, posts to Alertmanager). */
    public MeterRegistry registry() {
        return metrics.registry();
    }

    /** Whether the consumer still runs (it stops only on close or on an error it logged). */
    public boolean isRunning() {
        return consumerThread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.close();
        consumerThread.join(TimeUnit.SECONDS.toMillis(30));
        webhookThreads.shutdownNow();
        if (alertmanager != null) {
            alertmanager.close();
        }
        deadLetters.close();
        endpoint.close();
    }
}
