package io.plumbline.delivery.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One webhook delivery's body in Alertmanager's webhook format version 4, so receivers written for
 * Alertmanager (chat bridges, incident tools) take Plumbline's alerts unchanged, and its {@code webhook-id}.
 *
 * <p>Alertmanager knows only firing and resolved: an {@code info} notice is sent as firing (with the zero
 * {@code endsAt}, as Alertmanager sends an alert that has not ended); its {@code severity} label says info.
 * {@code generatorURL} is the alert's dashboard panel when serve knows Grafana's URL, else empty, as
 * Alertmanager sends it for an alert whose client gave none.
 */
public final class WebhookMessage {

    /** What Alertmanager writes as the {@code endsAt} of an alert that has not ended (Go's zero time). */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final JsonFactory JSON = new JsonFactory();

    private final String id;
    private final String status;
    private final byte[] body;

    private WebhookMessage(String id, String status, byte[] body) {
        this.id = id;
        this.status = status;
        this.body = body;
    }

    /**
     * @param receiver    the webhook's name, sent as {@code receiver}
     * @param externalUrl where people reach Plumbline (its docs or dashboard), sent as {@code externalURL}
     * @param groupBy     the label names the alerts were grouped by: {@code groupLabels} and {@code groupKey}
     *                    hold those of them the alerts share
     * @param alerts      at least one
     */
    public static WebhookMessage of(String receiver, String externalUrl, List<String> groupBy,
                                    List<AlertRecord> alerts) {
        return of(receiver, externalUrl, groupBy, alerts, alert -> "");
    }

    /** @param generatorUrl each alert's link, sent as its {@code generatorURL} */
    public static WebhookMessage of(String receiver, String externalUrl, List<String> groupBy,
                                    List<AlertRecord> alerts, Function<AlertRecord, String> generatorUrl) {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(externalUrl, "externalUrl");
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a webhook message needs at least one alert");
        }
        String status = alerts.stream().anyMatch(a -> !a.status().equals("resolved")) ? "firing" : "resolved";
        Map<String, String> commonLabels = common(alerts.stream().map(AlertRecord::labels).toList());
        Map<String, String> groupLabels = new TreeMap<>(commonLabels);
        groupLabels.keySet().retainAll(groupBy);
        return new WebhookMessage(id(alerts), status, body(receiver, externalUrl, status, groupLabels, commonLabels,
                common(alerts.stream().map(AlertRecord::annotations).toList()), alerts, generatorUrl));
    }

    /**
     * Standard Webhooks' {@code webhook-id}: the same for every attempt and every replay of the same alert
     * changes (fingerprint, status, startsAt of each), so receivers dedupe at-least-once delivery by it.
     */
    public String id() {
        return id;
    }

    /** firing if any alert fires (or is an info notice), else resolved. */
    public String status() {
        return status;
    }

    /** The UTF-8 JSON body; the bytes that are signed. */
    public byte[] body() {
        return body.clone();
    }

    private static String id(List<AlertRecord> alerts) {
        List<String> keys = new ArrayList<>();
        for (AlertRecord alert : alerts) {
            keys.add(alert.fingerprint() + "\n" + alert.status() + "\n" + alert.startsAt());
        }
        // Sorted: the same alerts in another order are the same message.
        keys.sort(null);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n\n", keys).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The entries every map holds with the same value. */
    private static Map<String, String> common(List<Map<String, String>> maps) {
        Map<String, String> common = new TreeMap<>(maps.get(0));
        for (Map<String, String> map : maps) {
            common.entrySet().removeIf(e -> !e.getValue().equals(map.get(e.getKey())));
        }
        return common;
    }

    private static byte[] body(String receiver, String externalUrl, String status, Map<String, String> groupLabels,
                               Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                               List<AlertRecord> alerts, Function<AlertRecord, String> generatorUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        // Alertmanager's field order, so a body reads like the ones receivers already log.
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("receiver", receiver);
            g.writeStringField("status", status);
            g.writeArrayFieldStart("alerts");
            for (AlertRecord alert : alerts) {
                writeAlert(g, alert, generatorUrl.apply(alert));
            }
            g.writeEndArray();
            AlertRecord.writeMap(g, "groupLabels", groupLabels);
            AlertRecord.writeMap(g, "commonLabels", commonLabels);
            AlertRecord.writeMap(g, "commonAnnotations", commonAnnotations);
            g.writeStringField("externalURL", externalUrl);
            g.writeStringField("version", "4");
            g.writeStringField("groupKey", "{}:" + labelSet(groupLabels));
            g.writeNumberField("truncatedAlerts", 0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeAlert(JsonGenerator g, AlertRecord alert, String generatorUrl) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", alert.status().equals("resolved") ? "resolved" : "firing");
        alert.writeLabelsAndAnnotations(g);
        g.writeStringField("startsAt", alert.startsAt().toString());
        g.writeStringField("endsAt", rfc3339(alert.endsAt()));
        g.writeStringField("generatorURL", generatorUrl);
        g.writeStringField("fingerprint", alert.fingerprint());
        g.writeEndObject();
    }

    private static String rfc3339(Instant instant) {
        return instant == null ? ZERO_TIME : instant.toString();
    }

    /** A label set as Alertmanager prints it in group keys: {a="1", b="2"}, sorted, values quoted. */
    private static String labelSet(Map<String, String> labels) {
        List<String> pairs = new ArrayList<>();
        labels.forEach((name, value) -> pairs.add(name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n") + "\""));
        return "{" + String.join(", ", pairs) + "}";
    }
}
