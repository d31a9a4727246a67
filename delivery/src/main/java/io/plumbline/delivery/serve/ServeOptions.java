package io.plumbline.delivery.serve;

import io.plumbline.delivery.webhook.WebhookRoute;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What {@link Serve} needs, checked by the config loader before it gets here.
 *
 * @param kafka           Kafka client properties with {@code bootstrap.servers} (security settings pass through)
 * @param groupId         serve's own consumer group
 * @param deadLetterTopic where webhook messages given up go
 * @param metricsPort     0 picks a free port
 * @param grafanaUrl      null for no dashboard links
 */
public record ServeOptions(Properties kafka, String groupId, StatsTopics topics, String deadLetterTopic,
                           String metricsHost, int metricsPort, Duration lookback, Duration staleAfter,
                           int maxSeries, List<URI> alertmanagerUrls, Duration resendInterval,
                           List<WebhookRoute> webhooks, URI grafanaUrl) {

    public ServeOptions {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(metricsHost, "metricsHost");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(staleAfter, "staleAfter");
        alertmanagerUrls = List.copyOf(alertmanagerUrls);
        Objects.requireNonNull(resendInterval, "resendInterval");
        webhooks = List.copyOf(webhooks);
        Properties copy = new Properties();
        copy.putAll(kafka);
        kafka = copy;
    }

    /** The Kafka properties, a copy. */
    @Override
    public Properties kafka() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /** The Kafka properties by name only: their values hold passwords and SASL secrets. */
    @Override
    public String toString() {
        return "ServeOptions[kafka=" + new TreeSet<>(kafka.stringPropertyNames()) + ", groupId=" + groupId
                + ", topics=" + topics + ", deadLetterTopic=" + deadLetterTopic + ", metricsHost=" + metricsHost
                + ", metricsPort=" + metricsPort + ", lookback=" + lookback + ", staleAfter=" + staleAfter
                + ", maxSeries=" + maxSeries + ", alertmanagerUrls=" + alertmanagerUrls + ", resendInterval="
                + resendInterval + ", webhooks=" + webhooks + ", grafanaUrl=" + grafanaUrl + "]";
    }
}
