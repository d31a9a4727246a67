package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AlertLineTest {

    static final String FIRING = """
            {"fingerprint":"a1b2c3d4e5f60718","status":"firing","rule":"ks","severity":"warning",
             "labels":{"alertname":"ks","model_id":"credit-risk","model_version":"v3","feature":"income","severity":"warning"},
             "annotations":{"summary":"credit-risk v3: feature 'income' drifted (ks)",
               "description":"The distribution of feature 'income' moved away from its baseline: D=0.081, p=2.1e-09 (fires when D >= 0.05 and p < 0.001) in window ...",
               "value":"0.081","threshold":"0.05","evidence":"D=0.081, p=2.1e-09",
               "condition":"D >= 0.05 and p < 0.001"},
             "starts_at":"2026-11-23T14:03:10Z","window_start":1795442590000,"window_end":1795442600000,
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

    @Test
    void firingLineSaysWhatWhereHowMuchAndWhen() throws Exception {
        String line = AlertLine.format(JSON.readTree(FIRING), Instant.parse("2026-11-23T14:07:02Z"), UTC);

        assertThat(line).startsWith("14:07:02  FIRING   credit-risk v3  feature=income")
                .contains(" ks ")
                .contains("D=0.081, p=2.1e-09")
                .contains("(rule D >= 0.05 and p < 0.001)")
                .endsWith("window 14:03:10–14:03:20");
    }

    @Test
    void resolvedPredictionLineFallsBackToValueAndThreshold() throws Exception {
        String line = AlertLine.format(JSON.readTree(RESOLVED), Instant.parse("2026-11-23T14:07:09Z"), UTC);

        assertThat(line).startsWith("14:07:09  RESOLVED credit-risk v3  prediction ")
                .contains(" psi ")
                .contains("value=0.03")
                .contains("(threshold 0.2)")
                .endsWith("window 14:04:10–14:04:20");
    }

    @Test
    void llmLatencyLineNamesTheKeyTheVariantTheRuleAndTheEvidence() throws Exception {
        String line = llmLine(LlmAlertRecords.LATENCY_P95_FIRING);

        assertThat(line).startsWith("14:07:02  FIRING   support-bot / answer / chat  "
                        + "anthropic claude-sonnet-4-5-20250929, prompt v8 llm_latency_p95    ")
                .contains("p95=23.4 s over 512 successful calls, above 10 s in 3 consecutive windows")
                .endsWith("window 14:03:10–14:03:20");
    }

    @Test
    void llmCostSpikeFiresAndResolvesOnItsOwnKey() throws Exception {
        assertThat(llmLine(LlmAlertRecords.COST_SPIKE_FIRING))
                .startsWith("14:07:02  FIRING   search-api / rerank / chat")
                .contains("gcp.gemini gemini-2.0-flash-001, prompt v2")
                .contains(" llm_cost_spike ")
                .contains("$0.00139 over 594 calls against $0.000462 over 601: x3.01");
        assertThat(llmLine(LlmAlertRecords.COST_SPIKE_RESOLVED))
                .startsWith("14:07:02  RESOLVED search-api / rerank / chat")
                .contains("x1.01");
    }

    @Test
    void llmDriftErrorAndUnpricedLinesCarryTheirEvidence() throws Exception {
        assertThat(llmLine(LlmAlertRecords.LATENCY_DRIFT_FIRING))
                .contains("support-bot / answer / chat")
                .contains(" llm_latency_drift ")
                .contains("median 12 s against 4.8 s, p90 20 s against 8.1 s; D=0.83");
        assertThat(llmLine(LlmAlertRecords.UNPRICED_FIRING))
                .contains("search-api / autocomplete / text_completion")
                .contains("openai gpt-3.5-turbo-instruct, prompt v1")
                .contains(" llm_unpriced_model ")
                .contains("150 of 150 calls unpriced");
    }

    @Test
    void llmKeyWithoutPromptNameOrVersionSaysSo() throws Exception {
        String line = llmLine(LlmAlertRecords.ERROR_RATE_FIRING);

        assertThat(line).startsWith("14:07:02  FIRING   search-api / (no prompt name) / embeddings ")
                .contains("openai text-embedding-3-small ")
                .doesNotContain("prompt null")
                .doesNotContain(", prompt ")
                .contains(" llm_error_rate ")
                .contains("31 of 451 calls failed (rate=0.0687): 429 20, 500 8, timeout 3");
    }

    @Test
    void budgetLineNamesItsOwnerInsteadOfAKey() throws Exception {
        assertThat(llmLine(LlmAlertRecords.BUDGET_FIRING))
                .startsWith("14:07:02  FIRING   service support-bot")
                .contains("all calls")
                .contains(" llm_cost_budget_window ")
                .contains("window cost $12.40 over the budget of $10");
    }

    @Test
    void releaseIsANoticeLineOfItsOwn() throws Exception {
        String line = llmLine(LlmAlertRecords.VERSION_CHANGE);

        assertThat(line).isEqualTo("14:07:02  NOTICE   support-bot / answer / chat  release of anthropic "
                + "claude-sonnet-4-5-20250929, prompt v9: prompt version v8 -> v9, model unchanged, provider unchanged;"
                + " 40 calls  window 14:03:10–14:03:20");
    }

    @Test
    void driftLinesAreUnchangedByTheLlmOnes() throws Exception {
        String line = AlertLine.format(JSON.readTree(FIRING), Instant.parse("2026-11-23T14:07:02Z"), UTC);

        assertThat(line).isEqualTo(String.format("14:07:02  FIRING   credit-risk v3  %-26s %-5s %-29s %-50s window %s",
                "feature=income", "ks", "D=0.081, p=2.1e-09", "(rule D >= 0.05 and p < 0.001)", "14:03:10–14:03:20"));
    }

    private static String llmLine(String alert) throws Exception {
        return AlertLine.format(JSON.readTree(alert), Instant.parse("2026-11-23T14:07:02Z"), UTC);
    }
}
