package io.plumbline.jobs.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.schemas.LlmCallEvent;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM job's budgets against a real broker, over four 10-second windows from noon UTC: support-bot's
 * two prompts cost 2 USD a window together, over its window budget of 1.50 (each alone is within it);
 * tenant acme spends 5.10 USD a window across two services, on course for 20.4 USD by midnight from its
 * second window on, over its daily budget of 20. Search and tenant globex-eu stay within theirs, and labs
 * and tenant initech, which spend far more, have no budget. Exactly the two budgets' alerts come out.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LlmBudgetsITCase {

    private static final int PARTITIONS = 2;
    private static final long T0 = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private static final long MIDNIGHT = Instant.parse("2025-06-02T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int WINDOWS = 4;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void aServiceOverItsWindowBudgetAndATenantOnCourseToExceedItsDayBudgetFireAndNoOtherDoes() throws Exception {
        PlumblineConfig config = BoundedLlmRun.configure(KAFKA.cluster(), "it.llm.budgets", PARTITIONS,
                checkpoints, Map.of(
                        "llm.budgets[0].service", "support-bot",
                        "llm.budgets[0].window-usd", "1.5",
                        "llm.budgets[1].service", "search|billing",
                        "llm.budgets[1].window-usd", "50",
                        "llm.budgets[1].day-usd", "100000",
                        "llm.budgets[2].tenant", "acme",
                        "llm.budgets[2].day-usd", "20",
                        "llm.budgets[3].tenant", "globex-.*",
                        "llm.budgets[3].day-usd", "20"));
        List<LlmCallEvent> traffic = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            calls(traffic, w, 20, "support-bot", "triage", null, 0.05);
            calls(traffic, w, 18, "support-bot", "summary", "globex-eu", 0.05);
            calls(traffic, w, 2, "support-bot", "summary", "acme", 0.05);
            calls(traffic, w, 5, "search", "answer", "acme", 1.0);
            calls(traffic, w, 20, "search", "answer", "initech", 2.0);
            calls(traffic, w, 10, "labs", "draft", null, 10.0);
        }
        KAFKA.cluster().produce(BoundedLlmRun.inEndTimeOrder(config, traffic, PARTITIONS));

        BoundedLlmRun.run(config);

        List<JsonNode> alerts = JsonRecords.values(
                        KAFKA.cluster().consumeAllCommitted(config.topics().alerts(), Duration.ofSeconds(30)))
                .stream().filter(a -> a.get("rule").asText().startsWith("llm_cost_budget")).toList();
        List<String> raised = alerts.stream().map(a -> a.get("rule").asText() + " " + owner(a) + " "
                + a.get("status").asText() + " in window " + (a.get("window_start").asLong() - T0) / WINDOW).toList();
        // The end of the input passes every window: support-bot's next one costs nothing, and acme's
        // projection stays over its budget until the day is over.
        assertThat(raised).containsExactlyInAnyOrder(
                "llm_cost_budget_window service=support-bot firing in window 0",
                "llm_cost_budget_window service=support-bot resolved in window " + WINDOWS,
                "llm_cost_budget_day tenant=acme firing in window 1",
                "llm_cost_budget_day tenant=acme resolved in window " + (MIDNIGHT - T0) / WINDOW);
        JsonNode window = alerts.get(raised.indexOf("llm_cost_budget_window service=support-bot firing in window 0"));
        assertThat(window.get("value").asDouble()).isCloseTo(2.00, within(1e-9));
        JsonNode day = alerts.get(raised.indexOf("llm_cost_budget_day tenant=acme firing in window 1"));
        assertThat(day.get("value").asDouble()).isCloseTo(10.2 / ((12 * 3_600 + 20) / 86_400.0),
                within(1e-6));
    }

    /** The budget's owner as its one owner label: service=... or tenant=..., never both. */
    private static String owner(JsonNode alert) {
        JsonNode labels = alert.get("labels");
        assertThat(labels.has("service") && labels.has("tenant")).isFalse();
        return labels.has("tenant") ? "tenant=" + labels.get("tenant").asText()
                : "service=" + labels.get("service").asText();
    }

    /** {@code n} calls of window {@code w}, evenly spread, each carrying its cost. */
    private static void calls(List<LlmCallEvent> traffic, int w, int n, String service, String prompt, String tenant,
                              double costUsd) {
        for (int i = 0; i < n; i++) {
            long endMillis = T0 + w * WINDOW + (i + 1) * (WINDOW / (n + 1));
            traffic.add(LlmCallEvent.newBuilder()
                    .setEventId(service + "-" + prompt + "-" + tenant + "-" + w + "-" + i)
                    .setStartTimeUnixNano((endMillis - 800) * 1_000_000L)
                    .setEndTimeUnixNano(endMillis * 1_000_000L)
                    .setServiceName(service)
                    .setGenAiOperationName("chat")
                    .setGenAiPromptName(prompt)
                    .setGenAiProviderName("openai")
                    .setGenAiRequestModel("gpt-4o-mini")
                    .setGenAiUsageInputTokens(1_000L)
                    .setGenAiUsageOutputTokens(200L)
                    .setCostUsd(costUsd)
                    .setTenant(tenant)
                    .build());
        }
    }
}
