package io.plumbline.alerts.llm;

import io.plumbline.alerts.lifecycle.AlertChange;
import io.plumbline.alerts.lifecycle.Annotations;
import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.rules.RuleOutcome;
import io.plumbline.alerts.text.Durations;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.schemas.Alert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the Alert records of the LLM rules, worded for the person on call. */
final class LlmAlerts {

    static final String INFO = "info";

    private LlmAlerts() {
    }

    /**
     * The labels of a variant's alert: the key, the variant, and nothing that varies per window. A label
     * whose value is empty (a call without prompt name or version) is left out: Alertmanager drops empty
     * labels on receipt, and the fingerprint must be the one it computes.
     */
    static Map<String, String> labels(LlmWindowContext ctx, CallVariant variant, String alertName, String severity) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertName);
        putIfNotEmpty(labels, "service", ctx.service());
        putIfNotEmpty(labels, "provider", variant.provider());
        putIfNotEmpty(labels, "model", variant.model());
        putIfNotEmpty(labels, "operation", ctx.operation());
        putIfNotEmpty(labels, "prompt", ctx.prompt());
        putIfNotEmpty(labels, "prompt_version", variant.promptVersion());
        labels.put("severity", severity);
        return labels;
    }

    private static void putIfNotEmpty(Map<String, String> labels, String name, String value) {
        if (!value.isEmpty()) {
            labels.put(name, value);
        }
    }

    /** The labels of a budget alert: its owner (the only alerts that may carry a tenant). */
    static Map<String, String> labels(Budget budget, LlmRule rule) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule.alertName());
        labels.put(budget.label(), budget.owner());
        labels.put("severity", rule.severity());
        return labels;
    }

    /** The key as on-call reads it, e.g. "support-bot / triage / chat". */
    static String key(LlmWindowContext ctx) {
        return ctx.service() + " / " + (ctx.prompt().isEmpty() ? "(no prompt name)" : ctx.prompt()) + " / "
                + ctx.operation();
    }

    /** A variant as a release, e.g. "prompt version v8 on openai gpt-4o-2024-08-06". */
    static String release(CallVariant variant) {
        if (variant.isOverflow()) {
            return "the variants past the route's limit";
        }
        return (variant.promptVersion().isEmpty() ? "the unversioned prompt" : "prompt version " + variant.promptVersion())
                + " on " + (variant.provider().isEmpty() ? "" : variant.provider() + " ")
                + (variant.model().isEmpty() ? "an unnamed model" : variant.model());
    }

    static String window(long start, long end) {
        return Instant.ofEpochMilli(start) + "/" + Instant.ofEpochMilli(end);
    }

    /** The baseline annotation, e.g. "warmup baseline, window 10:00/11:00, 1200 calls". */
    static String baseline(LlmBaseline baselineOrNull) {
        if (baselineOrNull == null) {
            return "none (a fixed threshold)";
        }
        return baselineOrNull.kind() + " baseline"
                + (LlmBaseline.PREVIOUS_VERSION.equals(baselineOrNull.kind()) ? " (" + release(baselineOrNull.variant()) + ")" : "")
                + ", window " + window(baselineOrNull.windowStart(), baselineOrNull.windowEnd()) + ", "
                + baselineOrNull.profile().requests() + " calls";
    }

    /**
     * The record of one state change.
     *
     * @param subject what the alert is about, e.g. the key and the release
     * @param baselineOrNull what the rule compared with; null for a fixed threshold
     */
    static Alert build(Map<String, String> labels, LlmRule rule, RuleOutcome outcome, AlertChange change, String subject,
                       long windowStart, long windowEnd, LlmBaseline baselineOrNull, Runbooks runbooks) {
        boolean fired = change.kind() == AlertChange.Kind.FIRED;
        String window = window(windowStart, windowEnd);
        StringBuilder description = new StringBuilder(capitalised(fired ? rule.firing() : rule.resolved()))
                .append(": ").append(outcome.evidence())
                .append(" (").append(fired ? "fires when " : "fired when ").append(outcome.condition())
                .append(") in window ").append(window);
        if (baselineOrNull != null) {
            description.append(", against the ").append(baseline(baselineOrNull));
        }
        description.append('.');
        if (fired && baselineOrNull != null && LlmBaseline.PREVIOUS_VERSION.equals(baselineOrNull.kind())) {
            description.append(" The baseline is what this release replaced, ").append(release(baselineOrNull.variant()))
                    .append(": the change came with the release.");
        }
        if (fired) {
            description.append(' ').append(rule.check());
        }
        Map<String, String> annotations = annotations(
                subject + ": " + (fired ? rule.firing() : rule.resolved()) + " (" + rule.alertName() + ")",
                description.toString(), LlmFormat.number(outcome.value()), LlmFormat.number(outcome.threshold()),
                outcome.evidence(), outcome.condition(), baseline(baselineOrNull), window,
                runbooks.url(rule.alertName()));
        return Alert.newBuilder()
                .setFingerprint(Fingerprint.of(labels))
                .setStatus(fired ? "firing" : "resolved")
                .setRule(rule.alertName())
                .setSeverity(rule.severity())
                .setLabels(labels)
                .setAnnotations(annotations)
                .setStartsAt(Instant.ofEpochMilli(change.startsAt()).toString())
                // The condition no longer held from the start of the window that resolved it.
                .setEndsAt(fired ? null : Instant.ofEpochMilli(windowStart).toString())
                .setWindowStart(windowStart)
                .setWindowEnd(windowEnd)
                .setValue(outcome.value())
                .setThreshold(outcome.threshold())
                .build();
    }

    /**
     * The one-off notice of a release: a model or prompt version the key had not seen.
     *
     * @param requests the release's calls in its first window: the notice's value
     * @param replacedLastSeen end of the last window in which the replaced variant had calls
     */
    static Alert versionChange(LlmWindowContext ctx, CallVariant variant, CallVariant replaced, long replacedLastSeen,
                               long requests, Runbooks runbooks) {
        Map<String, String> labels = labels(ctx, variant, VersionChange.RULE, INFO);
        String window = window(ctx.windowStart(), ctx.windowEnd());
        String evidence = change("prompt version", replaced.promptVersion(), variant.promptVersion()) + ", "
                + change("model", replaced.model(), variant.model()) + ", "
                + change("provider", replaced.provider(), variant.provider()) + "; " + requests + " calls";
        String description = key(ctx) + " now calls " + release(variant) + " (" + requests + " calls in window " + window
                + "), which replaces " + release(replaced) + " (last calls in the window ending "
                + Instant.ofEpochMilli(replacedLastSeen) + "). Until it has a baseline of its own, its windows are"
                + " compared with the profile of the version it replaced, so a regression present from its first call"
                + " fires alerts that name it.";
        Map<String, String> annotations = annotations(
                key(ctx) + ": " + release(variant) + " replaces " + release(replaced) + " (" + VersionChange.RULE + ")",
                description, LlmFormat.number(requests), LlmFormat.number(0), evidence,
                "a model or prompt version the key had not seen", "previous variant: " + release(replaced), window,
                runbooks.url(VersionChange.RULE));
        return Alert.newBuilder()
                .setFingerprint(Fingerprint.of(labels))
                .setStatus(INFO)
                .setRule(VersionChange.RULE)
                .setSeverity(INFO)
                .setLabels(labels)
                .setAnnotations(annotations)
                .setStartsAt(Instant.ofEpochMilli(ctx.windowStart()).toString())
                .setEndsAt(null)
                .setWindowStart(ctx.windowStart())
                .setWindowEnd(ctx.windowEnd())
                .setValue(requests)
                .setThreshold(0)
                .build();
    }

    /**
     * The resolution of a variant's firing alert when the variant is retired: it had no calls in
     * {@code quiet}, from the end of its last window with calls to the retirement, so the rule has
     * nothing left to judge. No value nor threshold (absent in JSON): no window measured anything. Its
     * {@value Annotations#RETIRED_AT} is the retirement, the end of {@code quiet}.
     *
     * @param quiet the key, and the span without calls of the variant up to its retirement
     * @param idleAfter how long a variant goes without calls before it is retired, in milliseconds
     * @param firingSince when the alert started firing
     */
    static Alert retired(LlmWindowContext quiet, CallVariant variant, LlmRule rule, long idleAfter, long firingSince,
                         Runbooks runbooks) {
        String lastCalls = Instant.ofEpochMilli(quiet.windowStart()).toString();
        String idle = Durations.format(idleAfter);
        return forgotten(quiet, variant, rule, firingSince, runbooks, "retired",
                "variant retired after " + idle + " without calls",
                release(variant) + " had no calls since " + lastCalls + " (the end of its last window with calls) and was"
                        + " retired after " + idle + " without calls (llm.variant-idle-after).",
                "no calls since " + lastCalls, "a variant without calls for " + idle + " is retired");
    }

    /** A variant forgotten for newer ones: its key has called more variants than its state remembers. */
    static Alert evicted(LlmWindowContext since, CallVariant variant, int maxVariants, LlmRule rule, long firingSince,
                         Runbooks runbooks) {
        String lastCalls = Instant.ofEpochMilli(since.windowStart()).toString();
        return forgotten(since, variant, rule, firingSince, runbooks, "evicted", "variant evicted for newer ones",
                release(variant) + " is the variant of this key called longest ago (last in the window ending "
                        + lastCalls + "), and the key has called more than " + maxVariants + " variants, the most"
                        + " remembered: it is evicted.",
                "last calls in the window ending " + lastCalls,
                "a key remembers its " + maxVariants + " variants called most recently");
    }

    /**
     * The resolution of an alert whose variant is forgotten ({@code how}: retired, evicted): nothing is left to
     * judge it by. It says why ({@code reason}, {@code what}), and carries {@code retired_at}, so that its series
     * are removed.
     */
    private static Alert forgotten(LlmWindowContext span, CallVariant variant, LlmRule rule, long firingSince,
                                   Runbooks runbooks, String how, String reason, String what, String evidence,
                                   String condition) {
        Map<String, String> labels = labels(span, variant, rule.alertName(), rule.severity());
        String lastCalls = Instant.ofEpochMilli(span.windowStart()).toString();
        String description = "Resolved without a verdict: " + what + " " + capitalised(rule.firing())
                + " had fired since " + Instant.ofEpochMilli(firingSince) + "; nothing is left to judge. Its streaks"
                + " and baseline are forgotten: called again, it is announced as a release and learns a new baseline.";
        Map<String, String> annotations = annotations(
                key(span) + ", " + release(variant) + ": resolved, " + reason + " (" + rule.alertName() + ")",
                description, "none", "none", evidence, condition, "none (" + how + ")",
                window(span.windowStart(), span.windowEnd()), runbooks.url(rule.alertName()));
        annotations.put(Annotations.RETIRED_AT, Instant.ofEpochMilli(span.windowEnd()).toString());
        return Alert.newBuilder()
                .setFingerprint(Fingerprint.of(labels))
                .setStatus("resolved")
                .setRule(rule.alertName())
                .setSeverity(rule.severity())
                .setLabels(labels)
                .setAnnotations(annotations)
                .setStartsAt(Instant.ofEpochMilli(firingSince).toString())
                // Its last calls were before this: nothing held the condition up after them.
                .setEndsAt(lastCalls)
                .setWindowStart(span.windowStart())
                .setWindowEnd(span.windowEnd())
                .setValue(Double.NaN)
                .setThreshold(Double.NaN)
                .build();
    }

    private static String change(String what, String before, String after) {
        return before.equals(after) ? what + " unchanged" : what + " " + shown(before) + " -> " + shown(after);
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(none)" : value;
    }

    private static Map<String, String> annotations(String summary, String description, String value, String threshold,
                                                   String evidence, String condition, String baseline, String window,
                                                   String runbookUrl) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("value", value);
        annotations.put("threshold", threshold);
        annotations.put("evidence", evidence);
        annotations.put("condition", condition);
        annotations.put("baseline", baseline);
        annotations.put("window", window);
        annotations.put(Annotations.RUNBOOK_URL, runbookUrl);
        return annotations;
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
