package io.plumbline.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.plumbline.monitor.config.PlumblineConfig.Serve;
import io.plumbline.monitor.config.PlumblineConfig.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code serve} section. */
class ServeConfigTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    @Test
    void defaultsCountWholeWindowsOfTheLongerJobWindow() throws Exception {
        Serve serve = load("window: { size: 10s }\nllm: { window: { size: 1m } }", Map.of(), Map.of()).serve();

        assertThat(serve.enabled()).isTrue();
        assertThat(serve.groupId()).isEqualTo("plumbline-serve");
        assertThat(serve.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(serve.metricsPort()).isEqualTo(9464);
        assertThat(serve.lookback()).isEqualTo(Duration.ofMinutes(2));
        assertThat(serve.staleAfter()).isEqualTo(Duration.ofMinutes(3));
        assertThat(serve.maxSeries()).isEqualTo(50_000);
        assertThat(serve.alertmanagerUrls()).isEmpty();
        assertThat(serve.resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(serve.webhooks()).isEmpty();
        assertThat(serve.deliveryDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(serve.grafanaUrl()).isNull();
    }

    @Test
    void readsEveryKeyAndTheSecretsFromTheEnvironment() throws Exception {
        Serve serve = load("""
                serve:
                  enabled: false
                  metrics: { host: 0.0.0.0, port: 19464, lookback: 5m, stale-after: 10m, max-series: 1000 }
                  alertmanager: { urls: "http://am-1:9093, http://am-2:9093", resend-interval: 30s }
                  delivery-deadline: 2m
                  grafana-url: https://grafana.example.com
                  webhooks:
                    - { name: on-call, url: "https://hooks.example.com/p", secret: "${HOOK_SECRET}",
                        match: { severity: critical|warning, model_id: credit-.* } }
                """, Map.of("serve.webhooks[1].name", "audit", "serve.webhooks[1].url", "http://127.0.0.1:9000/a",
                        "serve.webhooks[1].secret", "a-plain-secret-of-16+ chars-two"),
                Map.of("HOOK_SECRET", SECRET)).serve();

        assertThat(serve.enabled()).isFalse();
        assertThat(serve.metricsHost()).isEqualTo("0.0.0.0");
        assertThat(serve.metricsPort()).isEqualTo(19464);
        assertThat(serve.lookback()).isEqualTo(Duration.ofMinutes(5));
        assertThat(serve.staleAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(serve.maxSeries()).isEqualTo(1000);
        assertThat(serve.alertmanagerUrls()).containsExactly(URI.create("http://am-1:9093"),
                URI.create("http://am-2:9093"));
        assertThat(serve.resendInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(serve.deliveryDeadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(serve.grafanaUrl()).isEqualTo(URI.create("https://grafana.example.com"));
        assertThat(serve.webhooks()).containsExactly(
                new Webhook("on-call", URI.create("https://hooks.example.com/p"),
                        Map.of("severity", "critical|warning", "model_id", "credit-.*"), List.of(SECRET)),
                // two secrets while one is rotated out
                new Webhook("audit", URI.create("http://127.0.0.1:9000/a"), Map.of(),
                        List.of("a-plain-secret-of-16+", "chars-two")));
        assertThat(serve.webhooks().get(0).toString()).doesNotContain(SECRET);
    }

    @Test
    void everyProblemNamesItsKeyAndNoSecretIsShown() throws Exception {
        ConfigException e = catchThrowableOfType(() -> load("""
                serve:
                  metrics: { port: 70000 }
                  alertmanager: { urls: "am-1:9093" }
                  grafana-url: grafana
                  webhooks:
                    - { name: on-call, url: "ftp://x", secret: "whsec_topsecret", match: { severity: "(" } }
                    - { name: on-call, url: "http://a/b", secret: s3cr3t-value-long-enough }
                    - { url: "http://a/b", secret: "${UNSET_SECRET}", match: { 1bad: x } }
                """, Map.of(), Map.of()), ConfigException.class);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "serve.metrics.port: expected a whole number from 0 to 65535, got '70000'",
                "serve.alertmanager.urls: expected http(s) URLs of Alertmanager, comma-separated, such as"
                        + " http://am-1:9093, http://am-2:9093, got 'am-1:9093'",
                "serve.grafana-url: expected the http(s) URL of your Grafana, such as https://grafana.example.com,"
                        + " got 'grafana'",
                "serve.webhooks[0].url: expected an http(s) URL without user:password@, such as"
                        + " https://hooks.example.com/plumbline, got 'ftp://x'",
                "serve.webhooks[0].match.severity: '(' is not a regular expression: Unclosed group",
                "serve.webhooks[1].name: 'on-call' names another webhook too; give each its own name (it is the"
                        + " receiver its messages carry)",
                "serve.webhooks[2].name: required; give the webhook a name, such as on-call",
                "serve.webhooks[2].match.1bad: '1bad' is not a label name (letters, digits and '_', not starting"
                        + " with a digit)",
                // the cause, then what it leaves
                "serve.webhooks[2].secret: environment variable UNSET_SECRET is not set; set it, or give a default"
                        + " as ${UNSET_SECRET:-default}",
                problemOf(e, "serve.webhooks[2].secret: required"));
        assertThat(String.join("\n", e.problems())).doesNotContain("topsecret").doesNotContain("s3cr3t");
    }

    /** A user and password in a URL are refused, and as secrets are not shown, wherever they are. */
    @Test
    void aUrlWithAUserAndPasswordIsRefusedWithoutShowingThem() throws Exception {
        ConfigException e = catchThrowableOfType(() -> load("""
                serve:
                  alertmanager: { urls: "http://am-1:9093, http://admin:hunter2@am-2:9093" }
                  grafana-url: "https://viewer:hunter3@grafana.example.com"
                  webhooks:
                    - { name: on-call, url: "https://on-call:p@ss@hooks.example.com/p", secret: s3cr3t-value-long-enough }
                """, Map.of(), Map.of()), ConfigException.class);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "serve.alertmanager.urls: expected http(s) URLs of Alertmanager, comma-separated, such as"
                        + " http://am-1:9093, http://am-2:9093, got 'http://am-1:9093, http://…@am-2:9093' (the user"
                        + " and password in it are not shown)",
                "serve.grafana-url: expected the http(s) URL of your Grafana, such as https://grafana.example.com,"
                        + " got 'https://…@grafana.example.com' (the user and password in it are not shown)",
                "serve.webhooks[0].url: expected an http(s) URL without user:password@, such as"
                        + " https://hooks.example.com/plumbline, got 'https://…@hooks.example.com/p' (the user and"
                        + " password in it are not shown)");
        assertThat(String.join("\n", e.problems())).doesNotContain("hunter").doesNotContain("ss@");
    }

    @Test
    void aWebhookWithoutSecretIsRefused() {
        ConfigException e = catchThrowableOfType(() -> load("", Map.of("serve.webhooks[0].name", "on-call",
                "serve.webhooks[0].url", "https://hooks.example.com"), Map.of()), ConfigException.class);

        assertThat(e.problems()).singleElement().asString().startsWith("serve.webhooks[0].secret: required;"
                + " unsigned webhooks are not sent");
    }

    private static String problemOf(ConfigException e, String key) {
        return e.problems().stream().filter(p -> p.startsWith(key)).findFirst().orElse("no problem of " + key);
    }

    private PlumblineConfig load(String yaml, Map<String, String> overrides, Map<String, String> env)
            throws Exception {
        Path file = Files.writeString(dir.resolve("plumbline.yaml"),
                "kafka: { bootstrap-servers: localhost:9092 }\n" + yaml);
        return ConfigLoader.load(file, overrides, env);
    }
}
