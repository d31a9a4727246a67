package io.plumbline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One alert as one line a person on call understands at a glance: when it happened (event time), its
 * status, the rule, where, the evidence, and the (event-time) window. A drift alert names the model and,
 * when it has one, the feature; an LLM alert names the key (service / prompt / operation) and the variant
 * inside it (provider and model, prompt version); an LLM release notice is a NOTICE line of its own,
 * since nothing fired.
 *
 * <p>Time, status and rule have fixed widths, so they line up on every line; the labels come next,
 * padded to widths that hold the usual values, and the free text last: a label longer than its
 * column moves only the text after it on its own line, and the columns fit well within 120.
 */
final class AlertLine {

    /** The column legends, for a reader of the lines. */
    static final String DRIFT_COLUMNS = "time (event time), status, rule, model version and feature, evidence (rule),"
            + " window (event time)";
    static final String LLM_COLUMNS = "time (event time), status, rule, key (service / prompt / operation), variant"
            + " (provider model, prompt version), evidence, window (event time)";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    /** The status of a one-off notice, which neither fires nor resolves. */
    private static final String INFO = "info";
    /** The longest drift rule name, type_mismatch_rate. */
    private static final int DRIFT_RULE_WIDTH = 18;
    /** The longest LLM rule name, llm_output_tokens_per_second_drift. */
    private static final int LLM_RULE_WIDTH = 34;
    private static final String DRIFT = "%-8s  %-8s %-" + DRIFT_RULE_WIDTH + "s %-40s %s  window %s";
    private static final String LLM = "%-8s  %-8s %-" + LLM_RULE_WIDTH + "s %-28s %-47s %s  window %s";
    private static final String LLM_NOTICE = "%-8s  %-8s %-" + LLM_RULE_WIDTH + "s %-28s release of %s: %s  window %s";

    private AlertLine() {}

    static String format(JsonNode alert, ZoneId zone) {
        return switch (AlertOrigin.of(alert)) {
            case DRIFT -> drift(alert, zone);
            case LLM -> INFO.equals(alert.path("status").asText()) ? llmNotice(alert, zone) : llm(alert, zone);
        };
    }

    private static String drift(JsonNode alert, ZoneId zone) {
        JsonNode annotations = alert.path("annotations");
        String rule = annotations.hasNonNull("condition") ? " (rule " + annotations.get("condition").asText() + ")"
                : alert.hasNonNull("threshold") ? " (threshold " + alert.get("threshold").asText() + ")"
                : "";
        return String.format(Locale.ROOT, DRIFT, time(alert, zone), status(alert), alert.path("rule").asText(),
                driftSubject(alert.path("labels")), evidence(alert) + rule, window(alert, zone));
    }

    /**
     * "model version feature=name", "model version prediction", or for a model-level rule (drift_share)
     * "model version": the labels the alert has, and no others.
     */
    private static String driftSubject(JsonNode labels) {
        List<String> parts = new ArrayList<>();
        for (String label : List.of("model_id", "model_version")) {
            if (labels.hasNonNull(label)) {
                parts.add(labels.get(label).asText());
            }
        }
        if ("prediction".equals(labels.path("scope").asText())) {
            parts.add("prediction");
        } else if (labels.hasNonNull("feature")) {
            parts.add("feature=" + labels.get("feature").asText());
        }
        return String.join(" ", parts);
    }

    private static String llm(JsonNode alert, ZoneId zone) {
        return String.format(Locale.ROOT, LLM, time(alert, zone), status(alert), alert.path("rule").asText(),
                llmKey(alert.path("labels")), variant(alert.path("labels")), evidence(alert), window(alert, zone));
    }

    /** The evidence of a release says what replaced what, e.g. "prompt version v7 -> v8, model unchanged, ...". */
    private static String llmNotice(JsonNode alert, ZoneId zone) {
        return String.format(Locale.ROOT, LLM_NOTICE, time(alert, zone), "NOTICE", alert.path("rule").asText(),
                llmKey(alert.path("labels")), variant(alert.path("labels")), evidence(alert), window(alert, zone));
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

    /**
     * When it happened, in event time: a firing alert (and a notice) since its {@code starts_at}, a
     * resolved one at its {@code ends_at}. A time that does not parse is printed as it came.
     */
    private static String time(JsonNode alert, ZoneId zone) {
        String field = "resolved".equals(alert.path("status").asText()) && alert.hasNonNull("ends_at") ? "ends_at" : "starts_at";
        String value = alert.path(field).asText();
        try {
            return CLOCK.format(OffsetDateTime.parse(value).atZoneSameInstant(zone));
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    private static String status(JsonNode alert) {
        return alert.path("status").asText("?").toUpperCase(Locale.ROOT);
    }

    private static String evidence(JsonNode alert) {
        JsonNode annotations = alert.path("annotations");
        if (annotations.hasNonNull("evidence")) {
            return annotations.get("evidence").asText();
        }
        return alert.hasNonNull("value") ? "value=" + alert.get("value").asText() : "";
    }

    private static String window(JsonNode alert, ZoneId zone) {
        return clock(alert.path("window_start").asLong(), zone) + "–" + clock(alert.path("window_end").asLong(), zone);
    }

    private static String clock(long epochMillis, ZoneId zone) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
