package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.stats.QuantileSketchKs;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmEvaluatorTest {

    private static final long HOUR = 3_600_000;
    private static final CallVariant V7 = new CallVariant("openai", "gpt-4o", "v7");

    private final LlmEvaluator evaluator = new LlmEvaluator(LlmThresholds.DEFAULTS);
    private final LlmRuleState state = new LlmRuleState();
    private final AlertBook book = new AlertBook();

    private static LlmWindowContext window(int i) {
        return new LlmWindowContext("support-bot", "triage", "chat", i * HOUR, (i + 1) * HOUR);
    }

    private List<Alert> evaluate(int i, CallProfile current) {
        return evaluate(i, current, null);
    }

    private List<Alert> evaluate(int i, CallProfile current, LlmBaseline baseline) {
        evaluator.versionChanges(window(i), Map.of(V7, current), state);
        return evaluator.evaluate(window(i), List.of(new VariantWindow(V7, current, baseline)), state, book);
    }

    private static LlmBaseline warmup(CallProfile profile) {
        return new LlmBaseline(LlmBaseline.WARMUP, V7, 0, HOUR, profile);
    }

    /** 100 successful calls: 90 at 2 s and 10 at {@code slow} s, so p95 and p99 are {@code slow}. */
    private static CallProfile slowTail(double slow) {
        return Calls.calls().add(90, (c, i) -> c.latencySeconds(2)).add(10, (c, i) -> c.latencySeconds(slow)).profile();
    }

    @Test
    void p95LatencyFiresOnItsThirdConsecutiveBreachStartingAtTheFirst() {
        assertThat(evaluate(1, slowTail(12))).isEmpty();
        assertThat(evaluate(2, slowTail(12))).isEmpty();

        List<Alert> fired = evaluate(3, slowTail(12));

        assertThat(fired).hasSize(1);
        Alert alert = fired.get(0);
        assertThat(alert.getRule()).isEqualTo("llm_latency_p95");
        assertThat(alert.getStatus()).isEqualTo("firing");
        assertThat(alert.getSeverity()).isEqualTo("warning");
        assertThat(alert.getValue()).isEqualTo(12.0);
        assertThat(alert.getThreshold()).isEqualTo(10.0);
        assertThat(alert.getStartsAt()).isEqualTo("1970-01-01T01:00:00Z");
        assertThat(alert.getWindowStart()).isEqualTo(3 * HOUR);
        assertThat(alert.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "llm_latency_p95",
                "service", "support-bot", "provider", "openai", "model", "gpt-4o", "operation", "chat",
                "prompt", "triage", "prompt_version", "v7", "severity", "warning"));
        assertThat(alert.getFingerprint()).isEqualTo(Fingerprint.of(alert.getLabels()));
        assertThat(alert.getAnnotations()).containsEntry("summary",
                "support-bot / triage / chat, prompt version v7 on openai gpt-4o: p95 latency above its SLO"
                        + " (llm_latency_p95)");
        assertThat(alert.getAnnotations()).containsEntry("evidence",
                "p95=12 s over 100 successful calls, above 10 s in 3 consecutive windows since 1970-01-01T01:00:00Z");
        assertThat(alert.getAnnotations()).containsEntry("condition",
                "p95 latency > 10 s in 3 consecutive windows of at least 20 successful calls");
        assertThat(alert.getAnnotations()).containsEntry("baseline", "none (a fixed threshold)");
        assertThat(alert.getAnnotations().get("description")).isEqualTo("P95 latency above its SLO: "
                + alert.getAnnotations().get("evidence") + " (fires when " + alert.getAnnotations().get("condition")
                + ") in window 1970-01-01T03:00:00Z/1970-01-01T04:00:00Z. Check the provider's status page, rate"
                + " limiting and retries, and whether the prompts or answers got longer (tokens per call in"
                + " plumbline.llm-stats).");
        assertThat(alert.getAnnotations()).containsEntry("runbook_url", "docs/runbooks.md#llm_latency_p95");
        assertThat(evaluate(4, slowTail(12))).as("still firing: no new record").isEmpty();
    }

    @Test
    void aWindowWithinTheSloStartsTheStreakAgain() {
        evaluate(1, slowTail(12));
        evaluate(2, slowTail(12));
        evaluate(3, slowTail(9));
        evaluate(4, slowTail(12));

        assertThat(evaluate(5, slowTail(12))).isEmpty();
        assertThat(evaluate(6, slowTail(12))).extracting(Alert::getStartsAt).containsExactly("1970-01-01T04:00:00Z");
    }

    @Test
    void p99HasItsOwnLimitAndResolvesOnTheFirstWindowBackWithin() {
        for (int i = 1; i <= 2; i++) {
            assertThat(evaluate(i, slowTail(31))).isEmpty();
        }
        assertThat(evaluate(3, slowTail(31))).extracting(Alert::getRule)
                .containsExactly("llm_latency_p95", "llm_latency_p99");

        List<Alert> resolved = evaluate(4, slowTail(11));

        assertThat(resolved).extracting(Alert::getRule).containsExactly("llm_latency_p99");
        Alert alert = resolved.get(0);
        assertThat(alert.getStatus()).isEqualTo("resolved");
        assertThat(alert.getStartsAt()).isEqualTo("1970-01-01T01:00:00Z");
        assertThat(alert.getEndsAt()).isEqualTo("1970-01-01T04:00:00Z");
        assertThat(alert.getAnnotations()).containsEntry("evidence", "p99=11 s over 100 successful calls");
        assertThat(alert.getAnnotations().get("description")).startsWith("P99 latency back within its SLO: ")
                .doesNotContain("Check");
        assertThat(alert.getAnnotations()).containsEntry("runbook_url", "docs/runbooks.md#llm_latency_p99")
                .as("resolved by a window, not retired").doesNotContainKey("retired_at");
    }

    @Test
    void theRunbooksMayBeAnywhere() {
        LlmEvaluator wiki = new LlmEvaluator(LlmThresholds.DEFAULTS, new Runbooks("https://wiki.example.com/llm"));
        // 10 of 100 calls failed: above the 5 % limit.
        CallProfile failing = Calls.calls().add(90).add(10, (c, i) -> c.errorType("timeout")).profile();
        wiki.versionChanges(window(1), Map.of(V7, failing), state);

        List<Alert> fired = wiki.evaluate(window(1), List.of(new VariantWindow(V7, failing, null)), state, book);

        assertThat(fired).extracting(Alert::getRule, a -> a.getAnnotations().get("runbook_url"))
                .containsExactly(tuple("llm_error_rate", "https://wiki.example.com/llm#llm_error_rate"));
    }

    @Test
    void tooFewTimedCallsGiveNoLatencyVerdict() {
        for (int i = 1; i <= 3; i++) {
            evaluate(i, slowTail(12));
        }
        // 19 successful calls, all fast: not enough to judge, so the alert stays firing.
        CallProfile few = Calls.calls().add(19).profile();

        assertThat(evaluate(4, few)).isEmpty();
        assertThat(evaluate(5, slowTail(2))).extracting(Alert::getStatus).containsExactly("resolved");
    }

    @Test
    void errorRateFiresAboveItsLimitWithEnoughCallsOnly() {
        CallProfile failing = Calls.calls().add(94)
                .add(4, (c, i) -> c.errorType("timeout")).add(2, (c, i) -> c.errorType("rate_limit")).profile();

        List<Alert> fired = evaluate(1, failing);

        assertThat(fired).hasSize(1);
        Alert alert = fired.get(0);
        assertThat(alert.getRule()).isEqualTo("llm_error_rate");
        assertThat(alert.getSeverity()).isEqualTo("critical");
        assertThat(alert.getValue()).isEqualTo(0.06);
        assertThat(alert.getThreshold()).isEqualTo(0.05);
        assertThat(alert.getAnnotations()).containsEntry("evidence",
                "6 of 100 calls failed (rate=0.06): timeout 4, rate_limit 2");
        assertThat(alert.getAnnotations()).containsEntry("condition", "error rate > 0.05 over at least 100 calls");
        assertThat(alert.getAnnotations().get("description")).endsWith("Check the errors by error.type in"
                + " plumbline.llm-stats, the provider's status page, the quotas and the credentials.");

        CallProfile fewButAllFailing = Calls.calls().add(99, (c, i) -> c.errorType("timeout")).profile();
        assertThat(evaluate(2, fewButAllFailing)).as("99 calls: no verdict").isEmpty();

        CallProfile atTheLimit = Calls.calls().add(95).add(5, (c, i) -> c.errorType("timeout")).profile();
        assertThat(evaluate(3, atTheLimit)).extracting(Alert::getRule, Alert::getStatus)
                .containsExactly(tuple("llm_error_rate", "resolved"));
    }

    @Test
    void unpricedCallsKeepAWarningFiringUntilAWindowIsAllPriced() {
        CallProfile unpriced = Calls.calls().add(30).add(3, (c, i) -> c.costUsd(Double.NaN)).profile();

        List<Alert> fired = evaluate(1, unpriced);

        assertThat(fired).extracting(Alert::getRule, Alert::getStatus, Alert::getSeverity, Alert::getValue)
                .containsExactly(tuple("llm_unpriced_model", "firing", "warning", 3.0));
        assertThat(fired.get(0).getAnnotations()).containsEntry("evidence", "3 of 33 calls unpriced");
        assertThat(fired.get(0).getAnnotations().get("description"))
                .contains("Add the model to the price table (a match on its name) or send cost.usd with each call");
        assertThat(evaluate(2, unpriced)).isEmpty();
        assertThat(evaluate(3, Calls.calls().add(5).profile())).extracting(Alert::getStatus)
                .containsExactly("resolved");
    }

    @Test
    void costSpikeComparesTheMeanCostOfAPricedCallWithTheBaselines() {
        LlmBaseline baseline = warmup(Calls.calls().add(50).add(10, (c, i) -> c.costUsd(Double.NaN)).profile());
        CallProfile dearer = Calls.calls().add(40, (c, i) -> c.costUsd(0.025)).profile();

        List<Alert> fired = evaluate(1, dearer, baseline).stream().filter(a -> a.getRule().equals("llm_cost_spike")).toList();

        assertThat(fired).hasSize(1);
        Alert alert = fired.get(0);
        assertThat(alert.getValue()).isCloseTo(2.5, within(1e-12));
        assertThat(alert.getThreshold()).isEqualTo(2.0);
        assertThat(alert.getAnnotations()).containsEntry("evidence",
                "mean cost per priced call $0.025 over 40 calls against $0.01 over 50: x2.5");
        assertThat(alert.getAnnotations()).containsEntry("baseline",
                "warmup baseline, window 1970-01-01T00:00:00Z/1970-01-01T01:00:00Z, 60 calls");
        assertThat(alert.getAnnotations().get("description")).contains(", against the warmup baseline, window ");

        CallProfile fewPriced = Calls.calls().add(29, (c, i) -> c.costUsd(0.05)).profile();
        assertThat(evaluate(2, fewPriced, baseline)).noneMatch(a -> a.getRule().equals("llm_cost_spike"));
        CallProfile close = Calls.calls().add(40, (c, i) -> c.costUsd(0.019)).profile();
        assertThat(evaluate(3, close, baseline)).filteredOn(a -> a.getRule().equals("llm_cost_spike"))
                .extracting(Alert::getStatus).containsExactly("resolved");
    }

    @Test
    void costsTooLargeToAddUpStillMakeAFiniteAlert() {
        LlmBaseline baseline = warmup(Calls.calls().add(30).profile());
        CallProfile absurd = Calls.calls().add(30, (c, i) -> c.costUsd(1.7e308).inputTokens(Long.MAX_VALUE)).profile();

        List<Alert> fired = evaluate(1, absurd, baseline);

        assertThat(fired).filteredOn(a -> a.getRule().equals("llm_cost_spike")).singleElement().satisfies(alert -> {
            assertThat(alert.getValue()).isEqualTo(Double.MAX_VALUE);
            assertThat(alert.getAnnotations()).containsEntry("evidence",
                    "mean cost per priced call $5.99e+306 over 30 calls against $0.01 over 30: x1.80e+308 or more");
        });
        assertThat(fired).allSatisfy(LlmEvaluatorTest::assertFiniteJson);
    }

    @Test
    void aBaselineThatCostNothingGivesNoVerdictAndOneThatCostAlmostNothingAFiniteRatio() {
        LlmBaseline free = warmup(Calls.calls().add(30, (c, i) -> c.costUsd(0)).profile());
        assertThat(evaluate(1, Calls.calls().add(30).profile(), free)).noneMatch(a -> a.getRule().equals("llm_cost_spike"));

        LlmBaseline almostFree = warmup(Calls.calls().add(30, (c, i) -> c.costUsd(Double.MIN_VALUE)).profile());
        List<Alert> fired = evaluate(2, Calls.calls().add(30).profile(), almostFree);

        assertThat(fired).filteredOn(a -> a.getRule().equals("llm_cost_spike")).singleElement().satisfies(alert -> {
            assertThat(alert.getStatus()).isEqualTo("firing");
            assertThat(alert.getValue()).isEqualTo(Double.MAX_VALUE);
            assertThat(alert.getAnnotations()).containsEntry("evidence",
                    "mean cost per priced call $0.01 over 30 calls against $4.90e-324 over 30: x1.80e+308 or more");
            assertFiniteJson(alert);
        });
    }

    /** The alert as the job writes it: no NaN nor infinity in a value (they would be dropped) or in any text. */
    static void assertFiniteJson(Alert alert) {
        String json = new String(JsonRecordWriter.toJson(alert), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("Infinity").doesNotContain("NaN").contains("\"value\":", "\"threshold\":");
        assertThat(alert.getValue()).isFinite();
        assertThat(alert.getThreshold()).isFinite();
    }

    @Test
    void refusalSpikeNeedsASignificantRiseOfFivePoints() {
        LlmBaseline baseline = warmup(Calls.calls().add(1000, (c, i) -> c.refusal(i < 20)).profile());
        CallProfile refusing = Calls.calls().add(400, (c, i) -> c.refusal(i < 50)).profile();

        List<Alert> fired = evaluate(1, refusing, baseline);

        assertThat(fired).extracting(Alert::getRule).containsExactly("llm_refusal_rate_spike");
        Alert alert = fired.get(0);
        assertThat(alert.getValue()).isCloseTo(0.105, within(1e-12));
        assertThat(alert.getThreshold()).isEqualTo(0.05);
        // Refusals, content filtering, latency, output speed and output length: five tests (no call has an eval score).
        assertThat(alert.getAnnotations()).containsEntry("evidence", "refusal rate 0.125 (50 of 400 calls) against"
                + " 0.02 (20 of 1000): +0.105, p<1e-15 (adjusted 1.92e-15 over 5 tests)");
        assertThat(alert.getAnnotations()).containsEntry("condition", "rise of the refusal rate >= 0.05 and p < 0.001"
                + " (Benjamini-Hochberg-adjusted over the key's tests in the window)");

        // A rise of 4.5 points, however significant, is below the rule's effect size.
        CallProfile fewerRefusals = Calls.calls().add(4000, (c, i) -> c.refusal(i < 260)).profile();
        assertThat(evaluate(2, fewerRefusals, baseline)).extracting(Alert::getRule, Alert::getStatus)
                .containsExactly(tuple("llm_refusal_rate_spike", "resolved"));
    }

    @Test
    void contentFilteringIsItsOwnRule() {
        LlmBaseline baseline = warmup(Calls.calls().add(1000).profile());
        CallProfile filtered = Calls.calls().add(200, (c, i) -> c.contentFiltered(i < 30)).profile();

        List<Alert> fired = evaluate(1, filtered, baseline);

        assertThat(fired).extracting(Alert::getRule).containsExactly("llm_content_filter_rate_spike");
        assertThat(fired.get(0).getAnnotations()).containsEntry("evidence", "content-filter rate 0.15 (30 of 200 calls)"
                + " against 0 (0 of 1000): +0.15, p<1e-15 (adjusted <1e-15 over 5 tests)");
    }

    @Test
    void latencyOutputSpeedAndEvalScoresAreComparedWithTheBaselinesDistributions() {
        // Latency in steps of 1/128 s (exact in binary, so the two samples tie where they overlap): the window's
        // is half the baseline's range slower. Scores 0.80..0.99 in the baseline, 0.60..0.79 in the window.
        LlmBaseline baseline = warmup(Calls.calls()
                .add(200, (c, i) -> c.latencySeconds(1 + (i % 100) / 128.0).evalScore(0.8 + (i % 20) / 100.0)).profile());
        CallProfile slower = Calls.calls()
                .add(200, (c, i) -> c.latencySeconds(1 + (50 + i % 100) / 128.0).evalScore(0.6 + (i % 20) / 100.0))
                .profile();

        List<Alert> fired = evaluate(1, slower, baseline);

        assertThat(fired).extracting(Alert::getRule).containsExactly("llm_latency_drift",
                "llm_output_tokens_per_second_drift", "llm_eval_score_drift");
        Alert latency = fired.get(0);
        assertThat(latency.getValue()).isEqualTo(0.5);
        assertThat(latency.getThreshold()).isEqualTo(0.1);
        assertThat(latency.getAnnotations().get("evidence")).startsWith("median 1.77 s against 1.38 s, p90 2.09 s against"
                + " 1.7 s; D=0.5 over 200 successful calls and the baseline's 200, p<1e-15");
        Alert eval = fired.get(2);
        assertThat(eval.getValue()).isEqualTo(1.0);
        assertThat(eval.getAnnotations().get("evidence")).startsWith("median 0.69 against 0.89");
        assertThat(eval.getAnnotations().get("description")).contains("Read a sample of low-scoring answers");

        assertThat(evaluate(2, Calls.calls().add(200, (c, i) -> c.latencySeconds(1 + (i % 100) / 128.0)
                .evalScore(0.8 + (i % 20) / 100.0)).profile(), baseline))
                .extracting(Alert::getStatus).containsOnly("resolved").hasSize(3);
    }

    @Test
    void longerAnswersAreOutputLengthDrift() {
        LlmBaseline baseline = warmup(Calls.calls()
                .add(300, (c, i) -> c.latencySeconds(2).outputTokens(100 + i % 100)).profile());
        CallProfile verbose = Calls.calls().add(300, (c, i) -> c.latencySeconds(2).outputTokens(200 + i % 100)).profile();

        List<Alert> fired = evaluate(1, verbose, baseline);

        Alert length = fired.stream().filter(a -> a.getRule().equals("llm_output_tokens_drift")).findFirst().orElseThrow();
        assertThat(length.getValue()).isEqualTo(1.0);
        assertThat(length.getAnnotations().get("evidence")).startsWith("median 249 tokens against 149 tokens");
        assertThat(length.getAnnotations().get("description")).contains("max-tokens setting");
    }

    @Test
    void aSmallShiftIsNoDriftHoweverSignificant() {
        LlmBaseline baseline = warmup(Calls.calls().add(5000, (c, i) -> c.latencySeconds(1 + (i % 1000) / 1000.0)).profile());
        // Shifted by 0.05 s of a 1 s spread: D = 0.05, below 0.1.
        CallProfile shifted = Calls.calls().add(5000, (c, i) -> c.latencySeconds(1.05 + (i % 1000) / 1000.0)).profile();
        KsResult ks = QuantileSketchKs.test(baseline.profile().latency(), shifted.latency());
        assertThat(ks.statistic()).isCloseTo(0.05, within(0.002));
        assertThat(ks.pValue()).isLessThan(1e-4);

        assertThat(evaluate(1, shifted, baseline)).noneMatch(a -> a.getRule().endsWith("_drift"));
    }

    @Test
    void aRegressionAgainstTheVersionItReplacedNamesTheRelease() {
        CallVariant v8 = new CallVariant("openai", "gpt-4o", "v8");
        CallProfile previous = Calls.calls().add(1000, (c, i) -> c.refusal(i < 10)).profile();
        evaluator.versionChanges(window(0), Map.of(V7, previous), state);
        CallProfile release = Calls.calls().add(300, (c, i) -> c.refusal(i < 60)).profile();
        evaluator.versionChanges(window(1), Map.of(v8, release), state);
        LlmBaseline before = new LlmBaseline(LlmBaseline.PREVIOUS_VERSION, V7, 0, HOUR, previous);

        List<Alert> fired = evaluator.evaluate(window(1), List.of(new VariantWindow(v8, release, before)), state, book);

        assertThat(fired).extracting(Alert::getRule).containsExactly("llm_refusal_rate_spike");
        Alert alert = fired.get(0);
        assertThat(alert.getLabels()).containsEntry("prompt_version", "v8");
        assertThat(alert.getAnnotations().get("summary")).isEqualTo("support-bot / triage / chat, prompt version v8 on"
                + " openai gpt-4o: refusals rose (llm_refusal_rate_spike)");
        assertThat(alert.getAnnotations()).containsEntry("baseline", "previous-version baseline (prompt version v7 on"
                + " openai gpt-4o), window 1970-01-01T00:00:00Z/1970-01-01T01:00:00Z, 1000 calls");
        assertThat(alert.getAnnotations().get("description")).contains("The baseline is what this release replaced,"
                + " prompt version v7 on openai gpt-4o: the change came with the release. Check what the release"
                + " changed in the prompt's instructions");
    }

    @Test
    void pValuesOfAllVariantsAreOneFamily() {
        CallVariant mini = new CallVariant("openai", "gpt-4o-mini", "v7");
        LlmBaseline baseline = warmup(Calls.calls().add(1000, (c, i) -> c.refusal(i < 20)).profile());
        CallProfile refusing = Calls.calls().add(400, (c, i) -> c.refusal(i < 50)).profile();
        evaluator.versionChanges(window(1), Map.of(V7, refusing, mini, refusing), state);

        List<Alert> fired = evaluator.evaluate(window(1), List.of(new VariantWindow(V7, refusing, baseline),
                new VariantWindow(mini, refusing, new LlmBaseline(LlmBaseline.WARMUP, mini, 0, HOUR, baseline.profile()))),
                state, book);

        assertThat(fired).extracting(a -> a.getLabels().get("model")).containsExactly("gpt-4o", "gpt-4o-mini");
        assertThat(fired).allSatisfy(a -> assertThat(a.getAnnotations().get("evidence")).contains(" over 10 tests)"));
    }

    @Test
    void evaluatingAVariantTheStateWasNotToldAboutIsAMistake() {
        CallProfile calls = Calls.calls().add(5).profile();

        assertThatThrownBy(() -> evaluator.evaluate(window(1), List.of(new VariantWindow(V7, calls, null)), state, book))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("variant CallVariant[provider=openai, model=gpt-4o, promptVersion=v7] of support-bot /"
                        + " triage / chat was not passed to versionChanges for this window: call it first, with the"
                        + " window's variants");
    }
}
