package io.plumbline.delivery.serve;

import io.plumbline.delivery.webhook.AlertRecord;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * An alert's link to its dashboard among the shipped ones (deploy/grafana): a drift alert to the drift
 * dashboard of its model version, an LLM alert to the LLM dashboard of its service and prompt. It goes out as
 * the alert's {@code generatorURL}, the link Alertmanager's notifications show.
 */
public final class GrafanaLinks implements Function<AlertRecord, String> {

    /** The shipped dashboards' uids and the template variables each alert label sets. */
    static final String DRIFT_DASHBOARD = "plumbline-drift";
    static final String LLM_DASHBOARD = "plumbline-llm";

    private final String base;

    /** @param grafana Grafana's URL, or null for no links */
    public GrafanaLinks(URI grafana) {
        this.base = grafana == null ? null : grafana.toString().replaceAll("/+$", "");
    }

    @Override
    public String apply(AlertRecord alert) {
        if (base == null) {
            return "";
        }
        Map<String, String> labels = alert.labels();
        Map<String, String> variables = new LinkedHashMap<>();
        String dashboard;
        if (labels.containsKey("model_id")) {
            dashboard = DRIFT_DASHBOARD;
            variables.put("model", labels.get("model_id"));
            variables.put("version", labels.get("model_version"));
        } else if (labels.containsKey("service")) {
            dashboard = LLM_DASHBOARD;
            variables.put("service", labels.get("service"));
            variables.put("prompt", labels.get("prompt"));
        } else {
            return "";
        }
        StringJoiner query = new StringJoiner("&", "?", "");
        variables.forEach((name, value) -> {
            if (value != null) {
                query.add("var-" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return base + "/d/" + dashboard + "/" + dashboard + query;
    }
}
