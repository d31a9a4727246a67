package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code plumbline_alert_firing} from {@code plumbline.alerts}: 1 while an alert fires, no series once it
 * resolves (Prometheus' own ALERTS works the same way). Info notices change nothing: they never fire.
 *
 * <p>A resolution a retirement caused carries the annotation {@value #RETIRED_AT}: then the retired model
 * version's or LLM variant's series go too, unless it has shown a window ending after that time since (it
 * came back, and this record was read late). A retirement without a firing alert writes no record: its
 * series go when they are stale.
 */
final class AlertMetrics {

    static final String TOPIC = "plumbline.alerts";
    static final String NAME = "plumbline_alert_firing";
    static final String RETIRED_AT = "retired_at";

    private final SeriesTable table;

    AlertMetrics(SeriesTable table) {
        this.table = table;
    }

    void onRecord(JsonNode json) {
        JsonFields record = new JsonFields(TOPIC, json);
        String status = record.text("status");
        SeriesId id = series(record);
        switch (status) {
            case "firing" -> table.setFlag(id);
            case "resolved" -> {
                table.remove(id);
                retire(record);
            }
            default -> {
                // info and any status added later: not a firing alert
            }
        }
    }

    /**
     * Retires what a resolution says was retired: the model version of labels {@code model_id} and
     * {@code model_version}, else the LLM variant of {@code service} and {@code operation} (its other
     * labels absent where empty, as the LLM alerts leave them out).
     */
    private void retire(JsonFields record) {
        JsonNode retiredAt = record.object("annotations").get(RETIRED_AT);
        if (retiredAt == null) {
            return;
        }
        long at = instant(record, retiredAt);
        JsonNode labels = record.object("labels");
        if (labels.hasNonNull("model_id") && labels.hasNonNull("model_version")) {
            table.removeOwner(DriftMetrics.owner(labels.get("model_id").asText(), labels.get("model_version").asText()), at);
        } else if (labels.hasNonNull("service") && labels.hasNonNull("operation")) {
            table.removeOwner(LlmMetrics.owner(labels.get("service").asText(), labels.get("operation").asText(),
                    label(labels, "prompt"), label(labels, "provider"), label(labels, "model"),
                    label(labels, "prompt_version")), at);
        } else {
            throw record.invalid("labels", "those of a model version (model_id, model_version) or an LLM variant"
                    + " (service, operation) when annotation '" + RETIRED_AT + "' says one was retired");
        }
    }

    private static long instant(JsonFields record, JsonNode retiredAt) {
        try {
            return OffsetDateTime.parse(retiredAt.asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw record.invalid("annotations", "an object whose '" + RETIRED_AT + "' is an RFC 3339 time such as"
                    + " 2026-01-01T00:00:00Z (got '" + retiredAt.asText() + "')");
        }
    }

    private static String label(JsonNode labels, String name) {
        return labels.hasNonNull(name) ? labels.get(name).asText() : "";
    }

    private static SeriesId series(JsonFields record) {
        List<Tag> tags = new ArrayList<>();
        JsonNode labels = record.object("labels");
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            if (!label.getValue().isTextual()) {
                throw record.invalid("labels", "an object of strings (\"" + label.getKey() + "\" is not)");
            }
            tags.add(Tag.of(label.getKey(), label.getValue().asText()));
        }
        // the jobs put both in labels already; the record's own fields are the fallback
        Tags all = Tags.of(tags);
        if (!labels.has("alertname")) {
            all = all.and("alertname", record.text("rule"));
        }
        if (!labels.has("severity")) {
            all = all.and("severity", record.text("severity"));
        }
        return new SeriesId(NAME, all, owner(labels));
    }

    /** A model version's alerts go when the version is retired, like its statistics; an LLM alert's labels omit empty parts, so it has no owner. */
    private static List<String> owner(JsonNode labels) {
        return labels.hasNonNull("model_id") && labels.hasNonNull("model_version")
                ? DriftMetrics.owner(labels.get("model_id").asText(), labels.get("model_version").asText())
                : null;
    }
}
