package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.alerts.llm.LlmRule;
import io.plumbline.alerts.rules.DriftRule;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertLineTest {

    static final String FIRING = """
            {"fingerprint":"a1b2c3d4e5f60718","status":"firing","rule":"ks","severity":"warning",
             "labels":{"alertname":"ks","model_id":"credit-risk","model_version":"v3","feature":"income","severity":"warning"},
             "annotations":{"summary":"credit-risk v3: feature 'income' drifted (ks)",
               "description":"The distribution of feature 'income' moved away from its baseline: D=0.081, p=2.1e-09 (fires when D >= 0.05 and p < 0.001) in window ...",
               "value":"0.081","threshold":"0.05","evidence":"D=0.081, p=2.1e-09",
               "condition":"D >= 0.05 and p < 0.001"},
             "starts_at":"2026-11-23T14:03:00Z","window_start":1795442590000,"window_end":1795442600000,
             "value":0.081,"threshold":0.05}
            """;
    static final String RESOLVED = """
            {"fingerprint":"0011223344556677","status":"resolved","rule":"psi","severity":"warning",
             "labels":{"alertname":"psi","model_id":"credit-risk","model_version":"v3","feature":"prediction","scope":"prediction"},
             "annotations":{},
             "starts_at":"2026-11-23T14:03:10Z","ends_at":"2026-11-23T14:04:10Z",
             "window_start":1795442650000,"window_end":1795442660000,"value":0.03,"threshold":0.2}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId UTC = ZoneOffset.UTC;

    /** Where the columns start: time, status, rule, then the labels; the free text follows them. */
    private static final int STATUS = 10;
    private static final int RULE = 19;
    private static final int DRIFT_SUBJECT = RULE + 19;
    private static final int DRIFT_EVIDENCE = DRIFT_SUBJECT + 41;
    private static final int LLM_KEY = RULE + 35;
    private static final int LLM_VARIANT = LLM_KEY + 29;

    @Test
    void firingLineSaysWhenWhatWhereHowMuchAndWhichWindow() throws Exception {
        String line = line(FIRING);

        assertThat(line).isEqualTo("14:03:00  FIRING   ks                 credit-risk v3 feature=income            "
                + "D=0.081, p=2.1e-09 (rule D >= 0.05 and p < 0.001)  window 14:03:10–14:03:20");
    }

    @Test
    void theTimeIsTheAlertsOwnEventTimeInTheReadersZone() throws Exception {
        // Fired: when the condition began (a window before the one that fired it). Resolved: when it ended.
        assertThat(line(FIRING)).startsWith("14:03:00  FIRING ");
        assertThat(line(RESOLVED)).startsWith("14:04:10  RESOLVED ");
        assertThat(AlertLine.format(JSON.readTree(RESOLVED), ZoneId.of("Europe/Berlin"))).startsWith("15:04:10  RESOLVED ");
        assertThat(line(LlmAlertRecords.COST_SPIKE_FIRING)).startsWith("14:02:50  FIRING ");
        assertThat(line(LlmAlertRecords.COST_SPIKE_RESOLVED)).startsWith("14:03:10  RESOLVED ");
        assertThat(line(LlmAlertRecords.VERSION_CHANGE)).startsWith("14:02:50  NOTICE ");
    }

    @Test
    void resolvedPredictionLineFallsBackToValueAndThreshold() throws Exception {
        String line = line(RESOLVED);

        assertThat(line).isEqualTo(String.format("14:04:10  RESOLVED %-18s %-40s value=0.03 (threshold 0.2)  window"
                + " 14:04:10–14:04:20", "psi", "credit-risk v3 prediction"));
    }

    @Test
    void aModelLevelAlertPrintsOnlyTheLabelsItHas() throws Exception {
        String line = line(driftAlert("drift_share", Map.of("model_id", "credit-risk", "model_version", "v3")));

        assertThat(line.substring(DRIFT_SUBJECT, DRIFT_EVIDENCE)).isEqualTo(String.format("%-41s", "credit-risk v3"));
        assertThat(line).doesNotContain("feature").doesNotContain("?");
    }

    @Test
    void driftColumnsStayPutWhateverTheRuleAndLabels() throws Exception {
        List<String> lines = List.of(
                line(FIRING),
                line(RESOLVED),
                line(driftAlert(DriftRule.TYPE_MISMATCH_RATE.alertName(), Map.of("model_id", "churn",
                        "model_version", "v12", "feature", "days_since_last_login"))),
                line(driftAlert(DriftRule.DRIFT_SHARE.alertName(), Map.of("model_id", "m", "model_version", "1"))));

        for (String line : lines) {
            assertThat(line).as(line).matches(".{8}  (FIRING  |RESOLVED) \\S.{17} \\S.{39} \\S.*");
        }
    }

    @Test
    void everyBuiltInRuleNameFitsItsColumn() throws Exception {
        for (String rule : Arrays.stream(DriftRule.values()).map(DriftRule::alertName).toList()) {
            String line = line(driftAlert(rule, Map.of("model_id", "credit-risk", "model_version", "v3", "feature", "income")));
            assertThat(line.substring(RULE, DRIFT_SUBJECT)).isEqualTo(String.format("%-19s", rule));
            assertThat(line.substring(DRIFT_SUBJECT)).startsWith("credit-risk v3 feature=income ");
        }
        for (LlmRule rule : LlmRule.values()) {
            String line = line(LlmAlertRecords.LATENCY_P95_FIRING.replace("llm_latency_p95", rule.alertName()));
            assertThat(line.substring(RULE, LLM_KEY)).isEqualTo(String.format("%-35s", rule.alertName()));
            assertThat(line.substring(LLM_KEY)).startsWith("support-bot / answer / chat ");
        }
    }

    @Test
    void aLabelLongerThanItsColumnIsPrintedWholeAndMovesOnlyTheTextAfterIt() throws Exception {
        String feature = "customer_lifetime_value_at_origination_in_reporting_currency";
        String line = line(driftAlert(DriftRule.KS.alertName(),
                Map.of("model_id", "credit-risk", "model_version", "v3", "feature", feature)));

        assertThat(line.substring(0, DRIFT_SUBJECT)).isEqualTo(line(FIRING).substring(0, DRIFT_SUBJECT));
        assertThat(line.substring(DRIFT_SUBJECT)).startsWith("credit-risk v3 feature=" + feature + " D=0.081");
    }

    @Test
    void aDriftLinesColumnsAndEvidenceFitIn120Columns() throws Exception {
        String line = line(FIRING);

        assertThat(line.indexOf("D=0.081")).isEqualTo(DRIFT_EVIDENCE);
        assertThat(line.indexOf("D=0.081") + "D=0.081, p=2.1e-09".length()).isLessThanOrEqualTo(120);
    }

    @Test
    void llmLatencyLineNamesTheRuleTheKeyTheVariantAndTheEvidence() throws Exception {
        String line = line(LlmAlertRecords.LATENCY_P95_FIRING);

        assertThat(line).isEqualTo(String.format("14:02:50  FIRING   %-34s %-28s %-47s %s  window 14:03:10–14:03:20",
                "llm_latency_p95", "support-bot / answer / chat", "anthropic claude-sonnet-4-5-20250929, prompt v8",
                "p95=23.4 s over 512 successful calls, above 10 s in 3 consecutive windows since 2026-11-23T14:02:50Z"));
    }

    @Test
    void llmColumnsStayPutWhateverTheRuleAndLabels() throws Exception {
        for (String alert : List.of(LlmAlertRecords.LATENCY_P95_FIRING, LlmAlertRecords.COST_SPIKE_FIRING,
                LlmAlertRecords.COST_SPIKE_RESOLVED, LlmAlertRecords.LATENCY_DRIFT_FIRING)) {
            String line = line(alert);
            assertThat(line.charAt(STATUS)).as(line).isIn('F', 'R');
            assertThat(line.charAt(LLM_KEY - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(LLM_KEY)).as(line).isEqualTo('s');
            assertThat(line.substring(LLM_VARIANT)).as(line).matches("(anthropic|gcp\\.gemini) .*");
        }
    }

    @Test
    void llmCostSpikeFiresAndResolvesOnItsOwnKey() throws Exception {
        assertThat(line(LlmAlertRecords.COST_SPIKE_FIRING))
                .startsWith("14:02:50  FIRING   llm_cost_spike ")
                .contains(" search-api / rerank / chat ")
                .contains("gcp.gemini gemini-2.0-flash-001, prompt v2")
                .contains("$0.00139 over 594 calls against $0.000462 over 601: x3.01");
        assertThat(line(LlmAlertRecords.COST_SPIKE_RESOLVED))
                .startsWith("14:03:10  RESOLVED llm_cost_spike ")
                .contains(" search-api / rerank / chat ")
                .contains("x1.01");
    }

    @Test
    void llmDriftErrorAndUnpricedLinesCarryTheirEvidence() throws Exception {
        assertThat(line(LlmAlertRecords.LATENCY_DRIFT_FIRING))
                .contains(" llm_latency_drift ")
                .contains("support-bot / answer / chat")
                .contains("median 12 s against 4.8 s, p90 20 s against 8.1 s; D=0.83");
        assertThat(line(LlmAlertRecords.UNPRICED_FIRING))
                .contains(" llm_unpriced_model ")
                .contains("search-api / autocomplete / text_completion")
                .contains("openai gpt-3.5-turbo-instruct, prompt v1")
                .contains("150 of 150 calls unpriced");
    }

    @Test
    void llmKeyWithoutPromptNameOrVersionSaysSo() throws Exception {
        String line = line(LlmAlertRecords.ERROR_RATE_FIRING);

        assertThat(line.substring(LLM_KEY)).startsWith("search-api / (no prompt name) / embeddings openai text-embedding-3-small ");
        assertThat(line).startsWith("14:02:50  FIRING   llm_error_rate ")
                .doesNotContain("prompt null")
                .doesNotContain(", prompt ")
                .contains("31 of 451 calls failed (rate=0.0687): 429 20, 500 8, timeout 3");
    }

    @Test
    void budgetLineNamesItsOwnerInsteadOfAKey() throws Exception {
        String line = line(LlmAlertRecords.BUDGET_FIRING);

        assertThat(line.substring(LLM_KEY)).startsWith(String.format("%-28s all calls ", "service support-bot"));
        assertThat(line).contains(" llm_cost_budget_window ")
                .contains("window cost $12.40 over the budget of $10");
    }

    @Test
    void releaseIsANoticeLineOfItsOwn() throws Exception {
        String line = line(LlmAlertRecords.VERSION_CHANGE);

        assertThat(line).isEqualTo(String.format("14:02:50  NOTICE   %-34s %-28s release of anthropic "
                + "claude-sonnet-4-5-20250929, prompt v9: prompt version v8 -> v9, model unchanged, provider unchanged;"
                + " 40 calls  window 14:03:10–14:03:20", "llm_version_change", "support-bot / answer / chat"));
    }

    /** A firing drift alert of {@code rule} with these labels (and alertname, severity), FIRING's evidence. */
    private static String driftAlert(String rule, Map<String, String> labels) throws Exception {
        ObjectNode alert = (ObjectNode) JSON.readTree(FIRING);
        ObjectNode labelNode = JSON.createObjectNode().put("alertname", rule);
        labels.forEach(labelNode::put);
        labelNode.put("severity", "warning");
        alert.put("rule", rule).set("labels", labelNode);
        return alert.toString();
    }

    private static String line(String alert) throws Exception {
        return AlertLine.format(JSON.readTree(alert), UTC);
    }
}
