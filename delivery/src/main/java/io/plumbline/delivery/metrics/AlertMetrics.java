package io.plumbline.delivery.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code plumbline_alert_firing} from {@code plumbline.alerts}: 1 while an alert fires, no series once it
 * resolves (Prometheus' own ALERTS works the same way). Info notices change nothing: they never fire.
 */
final class AlertMetrics {

    static final String TOPIC = "plumbline.alerts";
    static final String NAME = "plumbline_alert_firing";

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
            case "resolved" -> table.remove(id);
            default -> {
                // info and any status added later: not a firing alert
            }
        }
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
