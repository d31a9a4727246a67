package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.schemas.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A key with more variants than its state remembers: the one seen longest ago is forgotten, its alerts resolved. */
class LlmEvaluatorEvictionTest {

    private static final long HOUR = 3_600_000;
    private static final CallVariant SLOW = new CallVariant("openai", "gpt-4o", "v1");

    private final LlmEvaluator evaluator = new LlmEvaluator(LlmThresholds.DEFAULTS);
    private final LlmRuleState state = new LlmRuleState();
    private final AlertBook book = new AlertBook();

    private List<Alert> window(int i, Map<CallVariant, CallProfile> calls) {
        LlmWindowContext ctx = new LlmWindowContext("support-bot", "triage", "chat", i * HOUR, (i + 1) * HOUR);
        evaluator.versionChanges(ctx, calls, state);
        List<VariantWindow> judged = new ArrayList<>();
        new TreeMap<>(calls).forEach((variant, profile) -> judged.add(new VariantWindow(variant, profile, null)));
        return evaluator.evaluate(ctx, judged, state, book);
    }

    private static CallProfile calls(double slowSeconds) {
        return Calls.calls().add(90, (c, i) -> c.latencySeconds(2)).add(10, (c, i) -> c.latencySeconds(slowSeconds))
                .profile();
    }

    @Test
    void aVariantForgottenForNewerOnesResolvesWhatFiredForItSayingWhy() {
        List<Alert> fired = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            fired.addAll(window(i, Map.of(SLOW, calls(12))));
        }
        Alert firing = fired.stream().filter(a -> a.getStatus().equals("firing")).findFirst().orElseThrow();

        // one new prompt version per window, until the slow one is the one seen longest ago past the limit
        List<Alert> later = new ArrayList<>();
        for (int v = 2; v <= LlmRuleState.MAX_VARIANTS + 1; v++) {
            later.addAll(window(3 + v, Map.of(new CallVariant("openai", "gpt-4o", "v" + v), calls(2))));
        }

        assertThat(state.knows(SLOW)).isFalse();
        assertThat(later).filteredOn(a -> a.getFingerprint().equals(firing.getFingerprint())).singleElement()
                .satisfies(resolved -> {
                    assertThat(resolved.getStatus()).isEqualTo("resolved");
                    assertThat(resolved.getLabels()).isEqualTo(firing.getLabels());
                    assertThat(resolved.getStartsAt()).isEqualTo(firing.getStartsAt());
                    assertThat(resolved.getAnnotations().get("summary")).contains("resolved, variant evicted");
                    assertThat(resolved.getAnnotations().get("description")).contains(
                            "more than " + LlmRuleState.MAX_VARIANTS + " variants");
                    assertThat(resolved.getAnnotations()).containsKey("retired_at")
                            .containsEntry("runbook_url", "docs/runbooks.md#llm_latency_p95");
                });
        assertThat(book.firingCount()).as("nothing fires for a variant the key no longer knows").isZero();
    }
}
