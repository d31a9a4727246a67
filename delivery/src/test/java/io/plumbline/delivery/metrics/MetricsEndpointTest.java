package io.plumbline.delivery.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void servesTheScrapeAtMetricsOnlyAndStopsOnClose() throws Exception {
        registry.counter("plumbline_test_total").increment(2);
        HttpClient http = HttpClient.newHttpClient();
        int port;
        try (MetricsEndpoint endpoint = new MetricsEndpoint(registry, MetricsEndpoint.DEFAULT_HOST, 0)) {
            port = endpoint.port();
            HttpResponse<String> metrics = http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body()).contains("plumbline_test_total 2.0");
            assertThat(http.send(get(port, "/metricsx"), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(404);
        }
        assertThatThrownBy(() -> http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aPortInUseIsNamedWithItsSetting() throws Exception {
        try (MetricsEndpoint first = new MetricsEndpoint(registry, "127.0.0.1", 0)) {
            assertThatThrownBy(() -> new MetricsEndpoint(registry, "127.0.0.1", first.port()))
                    .isInstanceOf(IOException.class).hasMessageContaining("serve.metrics.port");
        }
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    }
}
