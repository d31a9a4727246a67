package io.plumbline.delivery.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves a registry's scrape at {@code /metrics}. The JDK's own server: one endpoint needs no framework, and
 * Prometheus scrapes are few.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** {@code serve.metrics.host}'s default: only this machine, until the operator opens it up. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** {@code serve.metrics.port}'s default (9249 is Flink's reporter). */
    public static final int DEFAULT_PORT = 9464;

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    /** Starts serving at once; port 0 picks a free port (see {@link #port()}). */
    public MetricsEndpoint(PrometheusMeterRegistry registry, String host, int port) throws IOException {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics at " + host + ":" + port
                    + " (serve.metrics.host / serve.metrics.port): " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, registry));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = registry.scrape(TEXT_FORMAT).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", TEXT_FORMAT);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
