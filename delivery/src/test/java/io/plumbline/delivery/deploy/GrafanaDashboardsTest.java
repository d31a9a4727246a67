package io.plumbline.delivery.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboards shipped in {@code deploy/grafana}: what Grafana would load without complaint but show as an
 * empty panel, a dropdown of nothing or a dead link.
 */
class GrafanaDashboardsTest {

    /** Grafana 11's schema; older ones are migrated on every load. */
    private static final int SCHEMA_VERSION = 39;
    /** $var, ${var}, ${var:format}, ${__field.labels.x}, [[var]]. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)[^}]*}|\\$(\\w+)|\\[\\[(\\w+)[^]]*]]");
    private static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__interval", "__interval_ms",
            "__range", "__range_s", "__range_ms", "__from", "__to", "__url_time_range", "__field", "__series",
            "__value", "__data", "__all_variables");
    /** A link to a dashboard, by uid, and the variables it sets. */
    private static final Pattern DASHBOARD_URL = Pattern.compile("^/d/([^/?]+)(?:/[^?]*)?(?:\\?(.*))?$");

    private final List<ShippedDashboard> dashboards = ShippedDashboard.all();

    @Test
    void theThreeDashboardsAreShippedEachUnderItsOwnUidAndTheCurrentSchema() {
        assertThat(dashboards).extracting(ShippedDashboard::uid)
                .containsExactlyInAnyOrder("plumbline-drift", "plumbline-health", "plumbline-llm");
        for (ShippedDashboard dashboard : dashboards) {
            assertThat(dashboard.name()).as("file name").isEqualTo(dashboard.uid() + ".json");
            assertThat(dashboard.json().path("schemaVersion").asInt()).as(dashboard.name())
                    .isGreaterThanOrEqualTo(SCHEMA_VERSION);
            assertThat(dashboard.json().path("title").asText()).as(dashboard.name() + " title").isNotBlank();
        }
    }

    @Test
    void panelIdsAreUniqueWithinEachDashboard() {
        for (ShippedDashboard dashboard : dashboards) {
            List<Integer> ids = dashboard.panels().stream().map(p -> p.path("id").asInt(-1)).toList();
            assertThat(ids).as(dashboard.name() + " panel ids").doesNotContain(-1).doesNotHaveDuplicates();
        }
    }

    @Test
    void everyDatasourceIsTheProvisionedPrometheus() throws IOException {
        String uid = provisionedDatasourceUid();
        for (ShippedDashboard dashboard : dashboards) {
            for (JsonNode panel : dashboard.queryPanels()) {
                assertThat(panel.has("datasource")).as(dashboard.name() + " panel " + title(panel) + " has a datasource")
                        .isTrue();
            }
            assertThat(dashboard.datasourceReferences()).as(dashboard.name() + " datasources").isNotEmpty()
                    .allSatisfy(ds -> {
                        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
                        assertThat(ds.path("uid").asText()).isEqualTo(uid);
                    });
        }
    }

    @Test
    void everyPanelQueriesSomethingUnderDistinctRefIds() {
        for (ShippedDashboard dashboard : dashboards) {
            for (JsonNode panel : dashboard.queryPanels()) {
                List<String> refIds = new ArrayList<>();
                panel.path("targets").forEach(t -> {
                    assertThat(t.path("expr").asText()).as(dashboard.name() + " " + title(panel)).isNotBlank();
                    refIds.add(t.path("refId").asText());
                });
                assertThat(refIds).as(dashboard.name() + " " + title(panel) + " refIds").isNotEmpty()
                        .doesNotContain("").doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void everyVariableAQueryOrLinkUsesIsDefined() {
        for (ShippedDashboard dashboard : dashboards) {
            Set<String> defined = dashboard.variableNames();
            List<String> uses = new ArrayList<>(dashboard.queries());
            uses.addAll(dashboard.linkUrls());
            for (String use : uses) {
                assertThat(variablesIn(use)).as(dashboard.name() + ": " + use)
                        .allMatch(v -> defined.contains(v) || GRAFANA_VARIABLES.contains(v));
            }
        }
    }

    @Test
    void everyLinkLeadsToAShippedDashboardAndSetsOnlyItsVariables() {
        Map<String, ShippedDashboard> byUid = dashboards.stream()
                .collect(Collectors.toMap(ShippedDashboard::uid, Function.identity()));
        int links = 0;
        for (ShippedDashboard dashboard : dashboards) {
            for (String url : dashboard.linkUrls()) {
                Matcher m = DASHBOARD_URL.matcher(url);
                assertThat(m.matches()).as(dashboard.name() + " links to a dashboard: " + url).isTrue();
                ShippedDashboard target = byUid.get(m.group(1));
                assertThat(target).as(dashboard.name() + " links to a shipped uid: " + url).isNotNull();
                for (String parameter : m.group(2) == null ? new String[0] : m.group(2).split("&")) {
                    if (parameter.startsWith("var-")) {
                        String variable = parameter.substring("var-".length(), parameter.indexOf('='));
                        assertThat(target.variableNames()).as(url).contains(variable);
                    }
                }
                links++;
            }
        }
        assertThat(links).as("links between the dashboards").isPositive();
    }

    @Test
    void theDashboardsLinkToEachOther() {
        Set<String> linked = new HashSet<>();
        for (ShippedDashboard dashboard : dashboards) {
            for (String url : dashboard.linkUrls()) {
                Matcher m = DASHBOARD_URL.matcher(url);
                if (m.matches() && !m.group(1).equals(dashboard.uid())) {
                    linked.add(dashboard.uid() + " -> " + m.group(1));
                }
            }
        }
        assertThat(linked).contains("plumbline-health -> plumbline-drift", "plumbline-health -> plumbline-llm",
                "plumbline-drift -> plumbline-llm", "plumbline-llm -> plumbline-drift");
    }

    private static Set<String> variablesIn(String text) {
        Set<String> names = new HashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    private static String provisionedDatasourceUid() throws IOException {
        String provisioning = Files.readString(ShippedDashboard.DEPLOY.resolve(
                "grafana/provisioning/datasources/prometheus.yml"));
        Matcher uid = Pattern.compile("(?m)^\\s+uid:\\s*(\\S+)\\s*$").matcher(provisioning);
        assertThat(uid.find()).as("the provisioned datasource has a uid").isTrue();
        return uid.group(1);
    }

    private static String title(JsonNode panel) {
        return "'" + panel.path("title").asText() + "' (id " + panel.path("id").asText() + ")";
    }
}
