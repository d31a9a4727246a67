package io.plumbline.testing.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP server that answers as a schema registry does, from answers queued per path: each request takes
 * the next one, the last one stays. Every request is kept, with its headers, for a test to look at.
 */
public final class LocalRegistry implements AutoCloseable {

    public record Answer(int status, String body) {
    }

    public record Request(String method, String path, String accept, String authorization, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    private LocalRegistry(HttpServer server) {
        this.server = server;
        server.createContext("/", this::answer);
        server.start();
    }

    public static LocalRegistry http() throws IOException {
        return new LocalRegistry(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    /** Over TLS with {@code tls}'s key; asks the client for its certificate when {@code clientAuth}. */
    public static LocalRegistry https(SSLContext tls, boolean clientAuth) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                params.setNeedClientAuth(clientAuth);
            }
        });
        return new LocalRegistry(server);
    }

    public URI url(String basePath) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://localhost:" + server.getAddress().getPort() + basePath);
    }

    /** Queues {@code answers} for {@code path}, in order. */
    public synchronized LocalRegistry on(String path, Answer... queued) {
        answers.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(queued));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Accept"),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        Answer answer = next(path);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized Answer next(String path) {
        Deque<Answer> queued = answers.get(path);
        if (queued == null || queued.isEmpty()) {
            return new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
        return queued.size() == 1 ? queued.peek() : queued.poll();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
