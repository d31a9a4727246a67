package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.schemas.Alert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionChangeTest {

    private static final long HOUR = 3_600_000;
    private static final CallVariant V7 = new CallVariant("openai", "gpt-4o", "v7");
    private static final CallVariant V8 = new CallVariant("openai", "gpt-4o", "v8");

    private final LlmEvaluator evaluator = new LlmEvaluator(LlmThresholds.DEFAULTS);
    private final LlmRuleState state = new LlmRuleState();

    private static LlmWindowContext window(int i) {
        return new LlmWindowContext("support-bot", "triage", "chat", i * HOUR, (i + 1) * HOUR);
    }

    private static CallProfile calls(int n) {
        return Calls.calls().add(n).profile();
    }

    private List<VersionChange> see(int i, Map<CallVariant, CallProfile> window) {
        return evaluator.versionChanges(window(i), window, state);
    }

    @Test
    void aNewPromptVersionIsAnnouncedOnceWithWhatItReplaced() {
        assertThat(see(0, Map.of(V7, calls(100)))).as("the key's first variant replaces nothing").isEmpty();

        List<VersionChange> changes = see(1, Map.of(V7, calls(60), V8, calls(40)));

        assertThat(changes).hasSize(1);
        VersionChange change = changes.get(0);
        assertThat(change.variant()).isEqualTo(V8);
        assertThat(change.replaced()).isEqualTo(V7);
        Alert notice = change.notice();
        assertThat(notice.getStatus()).isEqualTo("info");
        assertThat(notice.getRule()).isEqualTo("llm_version_change");
        assertThat(notice.getSeverity()).isEqualTo("info");
        assertThat(notice.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "llm_version_change",
                "service", "support-bot", "provider", "openai", "model", "gpt-4o", "operation", "chat",
                "prompt", "triage", "prompt_version", "v8", "severity", "info"));
        assertThat(notice.getFingerprint()).isEqualTo(Fingerprint.of(notice.getLabels()));
        assertThat(notice.getStartsAt()).isEqualTo("1970-01-01T01:00:00Z");
        assertThat(notice.getEndsAt()).isNull();
        assertThat(notice.getValue()).isEqualTo(40.0);
        assertThat(notice.getAnnotations()).containsEntry("summary", "support-bot / triage / chat: prompt version v8 on"
                + " openai gpt-4o replaces prompt version v7 on openai gpt-4o (llm_version_change)");
        assertThat(notice.getAnnotations()).containsEntry("evidence",
                "prompt version v7 -> v8, model unchanged, provider unchanged; 40 calls");
        assertThat(notice.getAnnotations()).containsEntry("description", "support-bot / triage / chat now calls prompt"
                + " version v8 on openai gpt-4o (40 calls in window 1970-01-01T01:00:00Z/1970-01-01T02:00:00Z), which"
                + " replaces prompt version v7 on openai gpt-4o (last calls in the window ending 1970-01-01T01:00:00Z)."
                + " Until it has a baseline of its own, its windows are compared with the profile of the version it"
                + " replaced, so a regression present from its first call fires alerts that name it.");
        assertThat(notice.getAnnotations()).containsEntry("runbook_url", "docs/runbooks.md#llm_version_change");

        assertThat(see(2, Map.of(V8, calls(100)))).isEmpty();
        assertThat(see(3, Map.of(V7, calls(100)))).as("a rollback returns to a version the key knows").isEmpty();
    }

    @Test
    void aNewModelIsAReleaseAndANewProviderAloneIsNot() {
        see(0, Map.of(V7, calls(10)));
        CallVariant azure = new CallVariant("azure.ai.openai", "gpt-4o", "v7");
        CallVariant newer = new CallVariant("openai", "gpt-4.1", "v7");

        List<VersionChange> changes = see(1, Map.of(azure, calls(10), newer, calls(10)));

        assertThat(changes).extracting(VersionChange::variant).containsExactly(newer);
        assertThat(changes.get(0).notice().getAnnotations()).containsEntry("evidence",
                "prompt version unchanged, model gpt-4o -> gpt-4.1, provider unchanged; 10 calls");
    }

    @Test
    void theReplacedVariantIsTheLatestSeenThenTheMostAlike() {
        CallVariant mini = new CallVariant("openai", "gpt-4o-mini", "v7");
        CallVariant old = new CallVariant("openai", "gpt-4o-mini", "v6");
        see(0, Map.of(old, calls(10)));
        see(1, Map.of(V7, calls(10), mini, calls(10)));
        CallVariant miniV8 = new CallVariant("openai", "gpt-4o-mini", "v8");

        List<VersionChange> changes = see(2, Map.of(miniV8, calls(10)));

        assertThat(changes).extracting(VersionChange::replaced).containsExactly(mini);
    }

    @Test
    void anUnversionedPromptHasNoPromptVersionLabel() {
        CallVariant unversioned = new CallVariant("openai", "gpt-4o", "");
        evaluator.versionChanges(new LlmWindowContext("support-bot", "", "chat", 0, HOUR), Map.of(V7, calls(10)), state);

        List<VersionChange> changes = evaluator.versionChanges(new LlmWindowContext("support-bot", "", "chat", HOUR,
                2 * HOUR), Map.of(unversioned, calls(10)), state);

        Alert notice = changes.get(0).notice();
        assertThat(notice.getLabels()).doesNotContainKeys("prompt", "prompt_version");
        assertThat(notice.getAnnotations()).containsEntry("summary", "support-bot / (no prompt name) / chat: the"
                + " unversioned prompt on openai gpt-4o replaces prompt version v7 on openai gpt-4o (llm_version_change)");
        assertThat(notice.getAnnotations().get("evidence")).startsWith("prompt version v7 -> (none), ");
    }

    @Test
    void variantsWithoutCallsAndTheOverflowAreNotAnnounced() {
        see(0, Map.of(V7, calls(10)));

        assertThat(see(1, Map.of(V8, new CallProfile(), CallVariant.OVERFLOW, calls(3)))).isEmpty();
        assertThat(see(2, Map.of(V8, calls(1)))).extracting(VersionChange::variant).containsExactly(V8);
    }
}
