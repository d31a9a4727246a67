package io.plumbline.delivery.webhook;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A webhook and the alerts it takes: every matcher's regular expression must match the whole value of its
 * label, an absent label counting as the empty string (as in Alertmanager's matchers). No matchers: every
 * alert.
 */
public record WebhookRoute(WebhookEndpoint endpoint, Map<String, Pattern> match) {

    public WebhookRoute {
        if (endpoint == null) {
            throw new IllegalArgumentException("a webhook route needs its endpoint");
        }
        match = Map.copyOf(new TreeMap<>(match));
    }

    /** @param match label name to a regular expression, as {@code serve.webhooks[].match} gives it */
    public static WebhookRoute of(WebhookEndpoint endpoint, Map<String, String> match) {
        Map<String, Pattern> patterns = new TreeMap<>();
        match.forEach((label, regex) -> patterns.put(label, Pattern.compile(regex)));
        return new WebhookRoute(endpoint, patterns);
    }

    public boolean matches(AlertRecord alert) {
        for (Map.Entry<String, Pattern> matcher : match.entrySet()) {
            if (!matcher.getValue().matcher(alert.labels().getOrDefault(matcher.getKey(), "")).matches()) {
                return false;
            }
        }
        return true;
    }
}
