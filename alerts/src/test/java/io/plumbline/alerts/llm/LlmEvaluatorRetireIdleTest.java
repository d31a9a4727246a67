package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.schemas.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What becomes of a variant the key no longer judges: retired ({@link LlmEvaluator#retireIdle}) when it is no
 * longer called, or evicted for newer ones past the variants a key remembers.
 */
class LlmEvaluatorRetireIdleTest {

    private static final long HOUR = 3_600_000;
    private static final CallVariant V7 = new CallVariant("openai", "gpt-4o", "v7");
    private static final CallVariant V8 = new CallVariant("openai", "gpt-4o", "v8");

    private final LlmEvaluator evaluator = new LlmEvaluator(LlmThresholds.DEFAULTS);
    private final LlmRuleState state = new LlmRuleState();
    private final AlertBook book = new AlertBook();

    /** Window {@code i} (an hour) with each variant's calls; returns what fired or resolved. */
    private List<Alert> window(int i, Map<CallVariant, CallProfile> calls) {
        LlmWindowContext ctx = new LlmWindowContext("support-bot", "triage", "chat", i * HOUR, (i + 1) * HOUR);
        evaluator.versionChanges(ctx, calls, state);
        List<VariantWindow> judged = new ArrayList<>();
        new TreeMap<>(calls).forEach((variant, profile) -> judged.add(new VariantWindow(variant, profile, null)));
        return evaluator.evaluate(ctx, judged, state, book);
    }

    /** The last {@code idleHours} up to {@code nowHours}. */
    private List<Alert> retireIdle(int nowHours, int idleHours) {
        return evaluator.retireIdle(new LlmWindowContext("support-bot", "triage", "chat",
                (nowHours - idleHours) * HOUR, nowHours * HOUR), state, book);
    }

    /** 100 successful calls: 90 at 2 s and 10 at {@code slow} s, so p95 and p99 are {@code slow}. */
    private static CallProfile slowTail(double slow) {
        return Calls.calls().add(90, (c, i) -> c.latencySeconds(2)).add(10, (c, i) -> c.latencySeconds(slow)).profile();
    }

    @Test
    void aRetiredVariantsFiringAlertResolvesUnderItsFingerprintSayingWhy() {
        List<Alert> fired = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            fired.addAll(window(i, Map.of(V7, slowTail(12))));
        }
        Alert firing = fired.get(0);
        assertThat(firing.getRule()).isEqualTo("llm_latency_p95");

        List<Alert> resolved = retireIdle(6, 2);

        assertThat(resolved).singleElement().satisfies(alert -> {
            assertThat(alert.getRule()).isEqualTo("llm_latency_p95");
            assertThat(alert.getStatus()).isEqualTo("resolved");
            assertThat(alert.getSeverity()).isEqualTo("warning");
            assertThat(alert.getLabels()).isEqualTo(firing.getLabels());
            assertThat(alert.getFingerprint()).isEqualTo(firing.getFingerprint())
                    .isEqualTo(Fingerprint.of(alert.getLabels()));
            assertThat(alert.getStartsAt()).isEqualTo(firing.getStartsAt()).isEqualTo("1970-01-01T01:00:00Z");
            assertThat(alert.getEndsAt()).as("its last calls were in the window ending then")
                    .isEqualTo("1970-01-01T04:00:00Z");
            assertThat(alert.getWindowStart()).isEqualTo(4 * HOUR);
            assertThat(alert.getWindowEnd()).isEqualTo(6 * HOUR);
            assertThat(alert.getValue()).as("no window measured anything").isNaN();
            assertThat(alert.getAnnotations()).containsEntry("summary", "support-bot / triage / chat, prompt version"
                    + " v7 on openai gpt-4o: resolved, variant retired after 2h without calls (llm_latency_p95)");
            assertThat(alert.getAnnotations()).containsEntry("evidence", "no calls since 1970-01-01T04:00:00Z");
            assertThat(alert.getAnnotations()).containsEntry("window", "1970-01-01T04:00:00Z/1970-01-01T06:00:00Z");
            assertThat(alert.getAnnotations()).as("retired at the end of the span without calls")
                    .containsEntry("retired_at", "1970-01-01T06:00:00Z")
                    .containsEntry("runbook_url", "docs/runbooks.md#llm_latency_p95");
            assertThat(alert.getAnnotations().get("description")).isEqualTo("Resolved without a verdict: prompt"
                    + " version v7 on openai gpt-4o had no calls since 1970-01-01T04:00:00Z (the end of its last window"
                    + " with calls) and was retired after 2h without calls (llm.variant-idle-after). P95 latency above"
                    + " its SLO had fired since 1970-01-01T01:00:00Z; nothing is left to judge. Its streaks and"
                    + " baseline are forgotten: called again, it is announced as a release and learns a new baseline.");
        });
        assertThat(book.firingCount()).isZero();
        assertThat(state.knows(V7)).isFalse();
        assertThat(state.variants()).isEmpty();
        assertThat(state.earliestLastSeen()).isEmpty();
    }

    @Test
    void aRetiredVariantsStreaksAreDroppedSoItsNextBreachCountsFromOne() {
        window(1, Map.of(V7, slowTail(40)));
        window(2, Map.of(V7, slowTail(40)));

        assertThat(retireIdle(5, 2)).as("two breaches of three: nothing fired").isEmpty();
        assertThat(state.knows(V7)).isFalse();

        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P95, 5 * HOUR)).isEqualTo(new LlmRuleState.Streak(1, 5 * HOUR));
        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P99, 5 * HOUR)).isEqualTo(new LlmRuleState.Streak(1, 5 * HOUR));
    }

    @Test
    void onlyTheVariantsWithoutCallsInTheSpanRetireAndEachResolvesOnlyItsOwnAlerts() {
        for (int i = 1; i <= 3; i++) {
            window(i, Map.of(V7, slowTail(12), V8, slowTail(12)));
        }
        assertThat(window(4, Map.of(V8, slowTail(12)))).isEmpty();
        assertThat(book.firingCount()).isEqualTo(2);
        assertThat(retireIdle(5, 2)).as("v7's last calls ended at 4h: one hour ago, not two").isEmpty();
        assertThat(window(5, Map.of(V8, slowTail(12)))).isEmpty();

        List<Alert> resolved = retireIdle(6, 2);

        assertThat(resolved).extracting(a -> a.getLabels().get("prompt_version"), Alert::getRule)
                .containsExactly(tuple("v7", "llm_latency_p95"));
        assertThat(state.variants()).containsOnlyKeys(V8);
        assertThat(state.earliestLastSeen()).hasValue(6 * HOUR);
        assertThat(book.firingCount()).as("v8's alert fires on").isEqualTo(1);
    }

    @Test
    void aRetiredVariantCalledAgainIsAnnouncedAsARelease() {
        window(1, Map.of(V7, slowTail(2)));
        window(2, Map.of(V7, slowTail(2), V8, slowTail(2)));
        window(3, Map.of(V8, slowTail(2)));
        retireIdle(5, 2);
        assertThat(state.variants()).containsOnlyKeys(V8);

        LlmWindowContext back = new LlmWindowContext("support-bot", "triage", "chat", 5 * HOUR, 6 * HOUR);
        List<VersionChange> releases = evaluator.versionChanges(back, Map.of(V7, slowTail(2), V8, slowTail(2)), state);

        assertThat(releases).singleElement().satisfies(release -> {
            assertThat(release.variant()).isEqualTo(V7);
            assertThat(release.replaced()).isEqualTo(V8);
            assertThat(release.notice().getRule()).isEqualTo("llm_version_change");
        });
    }

    @Test
    void aVariantForgottenForNewerOnesResolvesWhatFiredForItSayingWhy() {
        List<Alert> fired = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            fired.addAll(window(i, Map.of(V7, slowTail(12))));
        }
        Alert firing = fired.stream().filter(a -> a.getStatus().equals("firing")).findFirst().orElseThrow();

        // one new prompt version per window, until v7 is the one seen longest ago past the limit
        List<Alert> later = new ArrayList<>();
        int remembered = RouteProfile.DEFAULT_MAX_VARIANTS + 1;
        for (int v = 2; v <= remembered + 1; v++) {
            CallVariant newer = new CallVariant("openai", "gpt-4o", "v" + (100 + v));
            later.addAll(window(3 + v, Map.of(newer, slowTail(2))));
        }

        assertThat(state.knows(V7)).isFalse();
        assertThat(later).filteredOn(a -> a.getFingerprint().equals(firing.getFingerprint())).singleElement()
                .satisfies(resolved -> {
                    assertThat(resolved.getStatus()).isEqualTo("resolved");
                    assertThat(resolved.getLabels()).isEqualTo(firing.getLabels());
                    assertThat(resolved.getStartsAt()).isEqualTo(firing.getStartsAt());
                    assertThat(resolved.getAnnotations().get("summary")).contains("resolved, variant evicted");
                    assertThat(resolved.getAnnotations().get("description")).contains(
                            "more than " + remembered + " variants");
                    assertThat(resolved.getAnnotations()).containsKey("retired_at")
                            .containsEntry("runbook_url", "docs/runbooks.md#llm_latency_p95");
                });
        assertThat(book.firingCount()).as("nothing fires for a variant the key no longer knows").isZero();
    }

    /**
     * limits.llm.max-variants below the default: the key remembers that many variants and the overflow, and
     * evicts the one seen longest ago past them, saying how many it remembers.
     */
    @Test
    void aSmallerVariantLimitRemembersFewerVariants() {
        LlmEvaluator twoVariants = new LlmEvaluator(LlmThresholds.DEFAULTS, Runbooks.DEFAULT, 2);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            LlmWindowContext ctx = new LlmWindowContext("support-bot", "triage", "chat", i * HOUR, (i + 1) * HOUR);
            twoVariants.versionChanges(ctx, Map.of(V7, slowTail(12)), state);
            alerts.addAll(twoVariants.evaluate(ctx, List.of(new VariantWindow(V7, slowTail(12), null)), state, book));
        }
        assertThat(alerts).extracting(Alert::getStatus).contains("firing");
        for (int v = 0; v < 3; v++) {
            CallVariant newer = new CallVariant("openai", "gpt-4o", "v" + (100 + v));
            LlmWindowContext ctx = new LlmWindowContext("support-bot", "triage", "chat", (4 + v) * HOUR,
                    (5 + v) * HOUR);
            twoVariants.versionChanges(ctx, Map.of(newer, slowTail(2)), state);
            alerts.addAll(twoVariants.evaluate(ctx, List.of(new VariantWindow(newer, slowTail(2), null)), state, book));
        }

        assertThat(state.variants()).hasSize(3).doesNotContainKey(V7);
        assertThat(alerts).filteredOn(a -> a.getStatus().equals("resolved")).isNotEmpty().allSatisfy(a -> assertThat(
                a.getAnnotations().get("description")).contains("more than 3 variants"));
        assertThat(book.firingCount()).isZero();
    }

    @Test
    void theVariantLimitIsOneOfTheConfigsRange() {
        assertThatThrownBy(() -> new LlmEvaluator(LlmThresholds.DEFAULTS, Runbooks.DEFAULT, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits.llm.max-variants must be from 1 to 1000, got 0");
        assertThatThrownBy(() -> new LlmEvaluator(LlmThresholds.DEFAULTS, Runbooks.DEFAULT, 1001))
                .hasMessage("limits.llm.max-variants must be from 1 to 1000, got 1001");
    }
}
