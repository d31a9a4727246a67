package io.plumbline.delivery.testing;

import io.plumbline.delivery.metrics.MetricsEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** One scrape of a real endpoint over HTTP, its samples by series ({@code name{labels}}). */
public final class Scrape {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final String text;
    public final Map<String, Double> samples = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
    }

    public static Scrape of(MetricsEndpoint endpoint) throws IOException, InterruptedException {
        return of(endpoint.port());
    }

    public static Scrape of(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode());
        }
        return new Scrape(response.body());
    }

    /** Samples whose series starts with the prefix (a metric name followed by '{'). */
    public long count(String prefix) {
        return samples.keySet().stream().filter(series -> series.startsWith(prefix)).count();
    }
}
