package io.plumbline.cli.command;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver that answers with a status the test sets, and records each request. */
final class Hooks implements AutoCloseable {

    record Received(String id, Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpServer server;
    private final AtomicInteger answer = new AtomicInteger(200);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> statuses = new CopyOnWriteArrayList<>();

    Hooks() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                received.add(new Received(id, Map.copyOf(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes()));
                int status = answer.get();
                statuses.add(status + ":" + id);
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(int status) {
        answer.set(status);
    }

    List<Received> received() {
        return received;
    }

    /** "status:webhook-id" of each answer, in order. */
    List<String> statuses() {
        return statuses;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
