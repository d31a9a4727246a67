package io.plumbline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plumbline.delivery.webhook.Verification;
import io.plumbline.delivery.webhook.WebhookHeaders;
import io.plumbline.delivery.webhook.WebhookSecret;
import io.plumbline.delivery.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The on-call end of the demo: a webhook receiver on this machine that checks each delivery's signature as a
 * real receiver must, and prints one line per delivery, so a newcomer sees alerts arrive signed without
 * setting anything up.
 */
public final class DemoWebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String secret;
    private final WebhookVerifier verifier;
    private final HttpServer server;
    private final PrintWriter out;
    private final AtomicLong valid = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();

    private DemoWebhookReceiver(String secret, HttpServer server, PrintWriter out) {
        this.secret = secret;
        this.verifier = new WebhookVerifier(List.of(WebhookSecret.parse(secret)));
        this.server = server;
        this.out = out;
    }

    /** Listens on a free port of 127.0.0.1 with a new random secret. */
    public static DemoWebhookReceiver start(PrintWriter out) throws IOException {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DemoWebhookReceiver receiver = new DemoWebhookReceiver(
                "whsec_" + Base64.getEncoder().encodeToString(key), server, out);
        server.createContext("/webhook", receiver::receive);
        server.start();
        return receiver;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
    }

    /** The secret its sender must sign with. */
    public String secret() {
        return secret;
    }

    public long validDeliveries() {
        return valid.get();
    }

    public long invalidDeliveries() {
        return invalid.get();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Verification verification = verifier.verify(exchange.getRequestHeaders().getFirst(WebhookHeaders.ID),
                    exchange.getRequestHeaders().getFirst(WebhookHeaders.TIMESTAMP),
                    exchange.getRequestHeaders().getFirst(WebhookHeaders.SIGNATURE), body);
            if (!verification.valid()) {
                invalid.incrementAndGet();
                out.println("  webhook refused: " + verification.reason());
                out.flush();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            valid.incrementAndGet();
            out.println("  webhook delivered, signature valid, " + describe(JSON.readTree(body)));
            out.flush();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** "1 alert: psi resolved (credit-risk v2 amount)" from Alertmanager's webhook body. */
    private static String describe(JsonNode message) {
        JsonNode alerts = message.path("alerts");
        List<String> each = new ArrayList<>();
        for (JsonNode alert : alerts) {
            JsonNode labels = alert.path("labels");
            List<String> subject = new ArrayList<>();
            for (String label : List.of("model_id", "model_version", "feature", "service", "tenant", "prompt",
                    "model", "prompt_version")) {
                if (labels.hasNonNull(label)) {
                    subject.add(labels.get(label).asText());
                }
            }
            each.add(labels.path("alertname").asText() + " " + alert.path("status").asText()
                    + (subject.isEmpty() ? "" : " (" + String.join(" ", subject) + ")"));
        }
        return alerts.size() + (alerts.size() == 1 ? " alert: " : " alerts: ") + String.join("; ", each);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
