package io.plumbline.delivery.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.delivery.serve.GrafanaLinks;
import io.plumbline.delivery.webhook.AlertRecord;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The links alerts carry lead to a shipped dashboard, and set only variables it has. */
class GrafanaLinksTest {

    private static final Pattern LINK = Pattern.compile("https://grafana\\.example\\.com/d/([^/]+)/[^?]+\\?(.*)");
    private final GrafanaLinks links = new GrafanaLinks(URI.create("https://grafana.example.com/"));

    @Test
    void aDriftAlertLinksToItsModelVersionOnTheDriftDashboard() {
        String link = links.apply(alert(Map.of("alertname", "psi", "model_id", "credit risk", "model_version", "v3",
                "feature", "income")));

        assertThat(link).isEqualTo("https://grafana.example.com/d/plumbline-drift/plumbline-drift"
                + "?var-model=credit+risk&var-version=v3");
        assertLeadsToAShippedDashboard(link);
    }

    @Test
    void anLlmAlertLinksToItsServiceAndPromptOnTheLlmDashboard() {
        String link = links.apply(alert(Map.of("alertname", "llm_latency_p95", "service", "support-bot",
                "prompt", "answer", "operation", "chat")));

        assertThat(link).endsWith("/d/plumbline-llm/plumbline-llm?var-service=support-bot&var-prompt=answer");
        assertLeadsToAShippedDashboard(link);
        assertLeadsToAShippedDashboard(links.apply(alert(Map.of("alertname", "llm_cost_budget_day",
                "service", "search-api"))));
    }

    @Test
    void noGrafanaOrNoDashboardMeansNoLink() {
        assertThat(new GrafanaLinks(null).apply(alert(Map.of("alertname", "psi", "model_id", "m")))).isEmpty();
        assertThat(links.apply(alert(Map.of("alertname", "llm_cost_budget_day", "tenant", "acme")))).isEmpty();
    }

    private static void assertLeadsToAShippedDashboard(String link) {
        Matcher m = LINK.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        ShippedDashboard dashboard = ShippedDashboard.all().stream().filter(d -> d.uid().equals(m.group(1)))
                .findFirst().orElseThrow(() -> new AssertionError("no shipped dashboard has uid " + m.group(1)));
        for (String parameter : m.group(2).split("&")) {
            assertThat(dashboard.variableNames()).as("variables of " + dashboard.name())
                    .contains(parameter.substring("var-".length(), parameter.indexOf('=')));
        }
    }

    private static AlertRecord alert(Map<String, String> labels) {
        return new AlertRecord("0123456789abcdef", "firing", labels, Map.of(), Instant.EPOCH, null);
    }
}
