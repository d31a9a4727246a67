package io.plumbline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One alert as one line a person on call understands at a glance: when it was seen, what changed,
 * where, the evidence, and the (event-time) window. A drift alert names the model and feature; an LLM
 * alert names the key (service / prompt / operation) and the variant inside it (provider and model,
 * prompt version); an LLM release notice is a NOTICE line of its own, since nothing fired.
 */
final class AlertLine {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    /** The status of a one-off notice, which neither fires nor resolves. */
    private static final String INFO = "info";

    private AlertLine() {}

    static String format(JsonNode alert, Instant seenAt, ZoneId zone) {
        return switch (AlertOrigin.of(alert)) {
            case DRIFT -> drift(alert, seenAt, zone);
            case LLM -> INFO.equals(alert.path("status").asText()) ? llmNotice(alert, seenAt, zone) : llm(alert, seenAt, zone);
        };
    }

    private static String drift(JsonNode alert, Instant seenAt, ZoneId zone) {
        JsonNode labels = alert.path("labels");
        JsonNode annotations = alert.path("annotations");
        String subject = "prediction".equals(labels.path("scope").asText())
                ? "prediction"
                : "feature=" + labels.path("feature").asText("?");
        String rule = annotations.hasNonNull("condition")
                ? "rule " + annotations.get("condition").asText()
                : "threshold " + alert.path("threshold").asText();
        return String.format(Locale.ROOT, "%s  %-8s %s %s  %-26s %-5s %-29s %-50s window %s",
                CLOCK.format(seenAt.atZone(zone)),
                status(alert),
                labels.path("model_id").asText("?"),
                labels.path("model_version").asText("?"),
                subject,
                alert.path("rule").asText("?"),
                evidence(alert),
                "(" + rule + ")",
                window(alert, zone));
    }

    private static String llm(JsonNode alert, Instant seenAt, ZoneId zone) {
        return String.format(Locale.ROOT, "%s  %-8s %-28s %-47s %-18s %s  window %s",
                CLOCK.format(seenAt.atZone(zone)),
                status(alert),
                llmKey(alert.path("labels")),
                variant(alert.path("labels")),
                alert.path("rule").asText("?"),
                evidence(alert),
                window(alert, zone));
    }

    /** The evidence of a release says what replaced what, e.g. "prompt version v7 -> v8, model unchanged, ...". */
    private static String llmNotice(JsonNode alert, Instant seenAt, ZoneId zone) {
        return String.format(Locale.ROOT, "%s  %-8s %-28s release of %s: %s  window %s",
                CLOCK.format(seenAt.atZone(zone)),
                "NOTICE",
                llmKey(alert.path("labels")),
                variant(alert.path("labels")),
                evidence(alert),
                window(alert, zone));
    }

    /**
     * "service / prompt / operation"; a budget alert's owner ("service support-bot", "tenant acme") for
     * the alerts that span every key of their owner.
     */
    private static String llmKey(JsonNode labels) {
        if (labels.hasNonNull("tenant")) {
            return "tenant " + labels.get("tenant").asText();
        }
        String service = labels.path("service").asText("?");
        if (!labels.hasNonNull("operation")) {
            return "service " + service;
        }
        // The job leaves out empty labels, as Alertmanager drops them: a call without a prompt name has none.
        return service + " / " + labels.path("prompt").asText("(no prompt name)") + " / " + labels.get("operation").asText();
    }

    /** "provider model, prompt vN"; a budget alert has no variant. */
    private static String variant(JsonNode labels) {
        if (!labels.hasNonNull("model") && !labels.hasNonNull("provider")) {
            return "all calls";
        }
        String route = (labels.path("provider").asText("") + " " + labels.path("model").asText("")).trim();
        return labels.hasNonNull("prompt_version") ? route + ", prompt " + labels.get("prompt_version").asText() : route;
    }

    private static String status(JsonNode alert) {
        return alert.path("status").asText("?").toUpperCase(Locale.ROOT);
    }

    private static String evidence(JsonNode alert) {
        JsonNode annotations = alert.path("annotations");
        return annotations.hasNonNull("evidence")
                ? annotations.get("evidence").asText()
                : "value=" + alert.path("value").asText();
    }

    private static String window(JsonNode alert, ZoneId zone) {
        return time(alert.path("window_start").asLong(), zone) + "–" + time(alert.path("window_end").asLong(), zone);
    }

    private static String time(long epochMillis, ZoneId zone) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
