package io.plumbline.delivery.alertmanager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.plumbline.delivery.webhook.AlertRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The body of {@code POST /api/v2/alerts}: an array of {@code postableAlert}s. Labels and annotations go as
 * the topic has them. Alerts carry event time: {@code startsAt} is the start of the window the alert began
 * in, {@code endsAt} the end of the window it resolved in; a firing alert has no {@code endsAt}, so
 * Alertmanager keeps it until its resolve_timeout unless it is sent again.
 */
final class AlertmanagerAlerts {

    private static final JsonFactory JSON = new JsonFactory();

    private final Function<AlertRecord, String> generatorUrl;

    AlertmanagerAlerts(Function<AlertRecord, String> generatorUrl) {
        this.generatorUrl = generatorUrl;
    }

    /** @param infoEndsAt when an info notice ends: it is sent once, and then over */
    byte[] body(List<AlertRecord> alerts, Instant infoEndsAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * alerts.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (AlertRecord alert : alerts) {
                g.writeStartObject();
                alert.writeLabelsAndAnnotations(g);
                g.writeStringField("startsAt", alert.startsAt().toString());
                switch (alert.status()) {
                    case "resolved" -> g.writeStringField("endsAt", alert.endsAt() == null
                            ? alert.startsAt().toString() : alert.endsAt().toString());
                    case "info" -> g.writeStringField("endsAt", infoEndsAt.toString());
                    default -> {
                        // firing: no end yet
                    }
                }
                String link = generatorUrl.apply(alert);
                if (!link.isEmpty()) {
                    g.writeStringField("generatorURL", link);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
