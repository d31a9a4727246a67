package io.plumbline.monitor.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.plumbline.monitor.config.PlumblineConfig.Serve;
import io.plumbline.monitor.config.PlumblineConfig.Webhook;

/**
 * Reads the {@code serve} section: where {@code plumbline serve} serves metrics and delivers alerts.
 *
 * <pre>
 * serve:
 *   metrics: { host: 0.0.0.0, port: 9464 }
 *   alertmanager: { urls: "http://am-1:9093, http://am-2:9093" }
 *   webhooks:
 *     - { name: on-call, url: https://hooks.example.com/plumbline, secret: "${ONCALL_WEBHOOK_SECRET}",
 *         match: { severity: critical|warning } }
 *   grafana-url: https://grafana.example.com
 * </pre>
 *
 * Lookback and staleness default to whole windows of the longer of the two jobs' windows: two windows are
 * enough to show the latest closed one of every series after a restart, and three without an update mean
 * the series' model or route has stopped.
 */
final class ServeSection {

    static final String WEBHOOKS = "serve.webhooks";
    static final String WEBHOOK_EXAMPLE = "{ name: on-call, url: https://hooks.example.com/plumbline,"
            + " secret: \"${ONCALL_WEBHOOK_SECRET}\" }";
    /** Keys that hold secrets: their values are never shown in a problem. */
    static final String SECRET = "secret";

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern WEBHOOK_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,64}");

    private ServeSection() {
    }

    /** Every problem goes to {@code s}; the settings returned are then meaningless, as no config is built. */
    static Serve read(Settings s, Duration longestWindow) {
        boolean enabled = ConfigKeys.SERVE_ENABLED.read(s);
        String groupId = ConfigKeys.SERVE_GROUP.read(s);
        String host = ConfigKeys.METRICS_HOST.read(s);
        int port = ConfigKeys.METRICS_PORT.read(s);
        Duration lookback = ConfigKeys.METRICS_LOOKBACK.read(s, longestWindow.multipliedBy(2));
        Duration staleAfter = ConfigKeys.METRICS_STALE_AFTER.read(s, longestWindow.multipliedBy(3));
        int maxSeries = ConfigKeys.METRICS_MAX_SERIES.read(s);
        List<URI> alertmanagers = ConfigKeys.ALERTMANAGER_URLS.read(s);
        Duration resend = ConfigKeys.RESEND_INTERVAL.read(s);
        Duration deadline = ConfigKeys.DELIVERY_DEADLINE.read(s);
        URI grafana = ConfigKeys.GRAFANA_URL.read(s);
        return new Serve(enabled, groupId, host, port, lookback, staleAfter, maxSeries, alertmanagers, resend,
                webhooks(s), deadline, grafana);
    }

    private static List<Webhook> webhooks(Settings s) {
        List<Webhook> webhooks = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i : s.indices(WEBHOOKS, "- " + WEBHOOK_EXAMPLE)) {
            String entry = WEBHOOKS + "[" + i + "]";
            Webhook webhook = webhook(s, entry);
            String name = s.isRefused(entry + ".name") ? null : s.value(entry + ".name", null, "", v -> v);
            if (name != null && !names.add(name)) {
                s.problem(entry + ".name: '" + name + "' names another webhook too; give each its own name (it is"
                        + " the receiver its messages carry)");
            } else if (webhook != null) {
                webhooks.add(webhook);
            }
        }
        return webhooks;
    }

    /** The entry {@code entry}, or null when it has a problem. */
    private static Webhook webhook(Settings s, String entry) {
        String prefix = entry + ".";
        String name = s.required(prefix + "name", "give the webhook a name, such as on-call");
        if (name != null) {
            name = s.value(prefix + "name", null, "letters, digits, '.', '_' and '-', at most 64, such as on-call",
                    v -> WEBHOOK_NAME.matcher(v).matches() ? v : null);
        }
        URI url = s.required(prefix + "url", "set it to the receiver's http(s) URL") == null ? null
                : s.value(prefix + "url", null, "an http(s) URL without user:password@, such as"
                        + " https://hooks.example.com/plumbline", ServeSection::url);
        String secret = s.required(prefix + SECRET, "unsigned webhooks are not sent: set it to a secret from the"
                + " environment, such as \"${ONCALL_WEBHOOK_SECRET}\" (whsec_<base64> or a plain string;"
                + " several separated by spaces while one is rotated out)");
        Map<String, String> match = match(s, prefix + "match");
        if (name == null || url == null || secret == null || match == null) {
            return null;
        }
        return new Webhook(name, url, match, List.of(secret.trim().split("\\s+")));
    }

    /** Label name to a regular expression matching whole values; null if one is invalid (reported). */
    private static Map<String, String> match(Settings s, String section) {
        Map<String, String> match = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, String> matcher : s.map(section, "label: regular expression pairs such as"
                + " { severity: critical|warning }").entrySet()) {
            String key = section + "." + matcher.getKey();
            if (!LABEL_NAME.matcher(matcher.getKey()).matches()) {
                s.problem(key + ": '" + matcher.getKey() + "' is not a label name (letters, digits and '_', not"
                        + " starting with a digit)");
                valid = false;
                continue;
            }
            try {
                Pattern.compile(matcher.getValue());
                match.put(matcher.getKey(), matcher.getValue());
            } catch (PatternSyntaxException e) {
                s.problem(key + ": '" + matcher.getValue() + "' is not a regular expression: "
                        + e.getDescription());
                valid = false;
            }
        }
        return valid ? match : null;
    }

    static List<URI> urls(String v) {
        List<URI> urls = new ArrayList<>();
        for (String part : v.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            URI url = url(part.trim());
            if (url == null) {
                return null;
            }
            urls.add(url);
        }
        return List.copyOf(new LinkedHashSet<>(urls));
    }

    /** An absolute http(s) URL with a host and without credentials or a fragment. */
    static URI url(String v) {
        try {
            URI uri = new URI(v.trim());
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                    ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
