package io.plumbline.cli.serve;

import io.plumbline.delivery.serve.Serve;
import io.plumbline.delivery.serve.ServeOptions;
import io.plumbline.delivery.serve.StatsTopics;
import io.plumbline.delivery.webhook.WebhookEndpoint;
import io.plumbline.delivery.webhook.WebhookRoute;
import io.plumbline.delivery.webhook.WebhookSecret;
import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.PlumblineConfig;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code plumbline serve} from the config: in its own process, or beside the jobs in run and demo. */
public final class ServeLauncher {

    private ServeLauncher() {
    }

    /** @throws ConfigException naming the webhook whose secret is no secret */
    public static ServeOptions options(PlumblineConfig config) throws ConfigException {
        PlumblineConfig.Serve serve = config.serve();
        List<WebhookRoute> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < serve.webhooks().size(); i++) {
            PlumblineConfig.Webhook webhook = serve.webhooks().get(i);
            try {
                WebhookEndpoint endpoint = new WebhookEndpoint(webhook.name(), webhook.url(),
                        webhook.secrets().stream().map(WebhookSecret::parse).toList(),
                        WebhookEndpoint.DEFAULT_ATTEMPT_TIMEOUT, serve.deliveryDeadline(),
                        WebhookEndpoint.DEFAULT_INITIAL_BACKOFF, WebhookEndpoint.DEFAULT_MAX_BACKOFF);
                routes.add(WebhookRoute.of(endpoint, webhook.match()));
            } catch (IllegalArgumentException e) {
                problems.add("serve.webhooks[" + i + "].secret: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServeOptions(config.kafka().clientProperties(), serve.groupId(),
                new StatsTopics(config.topics().driftStats(), config.llm().statsTopic(), config.topics().alerts()),
                config.topics().deadLetter(), serve.metricsHost(), serve.metricsPort(), serve.lookback(),
                serve.staleAfter(), serve.maxSeries(), serve.alertmanagerUrls(), serve.resendInterval(), routes,
                serve.grafanaUrl());
    }

    /** What a started serve does, in a few lines for the console. */
    public static String describe(ServeOptions options, Serve serve) {
        StringBuilder text = new StringBuilder("Metrics for Prometheus: ").append(metricsUrl(options, serve));
        text.append(options.alertmanagerUrls().isEmpty() ? "\nAlerts go to no Alertmanager (serve.alertmanager.urls)."
                : "\nAlerts go to Alertmanager at " + String.join(", ",
                        options.alertmanagerUrls().stream().map(Object::toString).toList()) + ".");
        for (WebhookRoute route : options.webhooks()) {
            text.append("\nSigned webhooks go to ").append(route.endpoint().name()).append(" at ")
                    .append(route.endpoint().url()).append(route.match().isEmpty() ? "" : " for alerts matching "
                            + route.match()).append('.');
        }
        return text.toString();
    }

    /** Where the local Flink of run and demo serves its own metrics. */
    public static String flinkMetrics() {
        return "Flink's own metrics: http://localhost:9249/metrics (or the next free port up to 9259).";
    }

    /** Where Prometheus scrapes it. */
    public static String metricsUrl(ServeOptions options, Serve serve) {
        String host = options.metricsHost().equals("0.0.0.0") || options.metricsHost().equals("::")
                ? "localhost" : options.metricsHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + serve.metricsPort() + "/metrics";
    }
}
