package io.plumbline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One alert as one line a person on call understands at a glance: when it was seen, what changed,
 * for which model and feature, the evidence against the rule, and the (event-time) window.
 */
final class AlertLine {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private AlertLine() {}

    static String format(JsonNode alert, Instant seenAt, ZoneId zone) {
        JsonNode labels = alert.path("labels");
        JsonNode annotations = alert.path("annotations");
        String subject = "prediction".equals(labels.path("scope").asText())
                ? "prediction"
                : "feature=" + labels.path("feature").asText("?");
        String evidence = annotations.hasNonNull("evidence")
                ? annotations.get("evidence").asText()
                : "value=" + alert.path("value").asText();
        String rule = annotations.hasNonNull("condition")
                ? "rule " + annotations.get("condition").asText()
                : "threshold " + alert.path("threshold").asText();
        String window = time(alert.path("window_start").asLong(), zone) + "–" + time(alert.path("window_end").asLong(), zone);
        return String.format(Locale.ROOT, "%s  %-8s %s %s  %-26s %-5s %-29s %-50s window %s",
                CLOCK.format(seenAt.atZone(zone)),
                alert.path("status").asText("?").toUpperCase(Locale.ROOT),
                labels.path("model_id").asText("?"),
                labels.path("model_version").asText("?"),
                subject,
                alert.path("rule").asText("?"),
                evidence,
                "(" + rule + ")",
                window);
    }

    private static String time(long epochMillis, ZoneId zone) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
