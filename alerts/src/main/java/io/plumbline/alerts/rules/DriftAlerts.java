package io.plumbline.alerts.rules;

import io.plumbline.alerts.lifecycle.AlertChange;
import io.plumbline.alerts.lifecycle.Annotations;
import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.text.AlertText;
import io.plumbline.alerts.text.Durations;
import io.plumbline.schemas.Alert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the Alert record of a drift rule's state change, worded for the person on call. */
final class DriftAlerts {

    static final String SEVERITY = "warning";

    private DriftAlerts() {
    }

    /**
     * Alertmanager-style labels: what identifies the alert, and nothing that varies per window.
     *
     * @param feature null for a model-level rule, which has no feature label
     */
    static Map<String, String> labels(String modelId, String modelVersion, String feature, boolean prediction,
                                      String rule) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule);
        labels.put("model_id", modelId);
        labels.put("model_version", modelVersion);
        if (feature != null) {
            labels.put("feature", feature);
        }
        if (prediction) {
            labels.put("scope", "prediction");
        }
        labels.put("severity", SEVERITY);
        return labels;
    }

    static Alert build(WindowContext ctx, Map<String, String> labels, RuleOutcome outcome, AlertChange change,
                       long nBaseline, long nCurrent, Runbooks runbooks) {
        boolean fired = change.kind() == AlertChange.Kind.FIRED;
        boolean model = !labels.containsKey("feature");
        String subject = subject(labels);
        String window = Instant.ofEpochMilli(ctx.windowStart()) + "/" + Instant.ofEpochMilli(ctx.windowEnd());
        String baseline = ctx.baseline() + " window " + Instant.ofEpochMilli(ctx.baselineWindowStart()) + "/"
                + Instant.ofEpochMilli(ctx.baselineWindowEnd()) + ", n=" + nBaseline;

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", ctx.modelId() + " " + ctx.modelVersion() + ": " + subject
                + (fired ? " drifted" : model ? " no longer drift" : " no longer drifts") + " (" + outcome.rule() + ")");
        annotations.put("description", (model
                ? (fired ? "Many of the model's features moved away from their baseline at once: "
                        : "The share of the model's drifted features is back within the rule: ")
                : fired ? "The distribution of " + subject + " moved away from its baseline: "
                : "The distribution of " + subject + " is back within the rule: ")
                + outcome.evidence() + " (" + (fired ? "fires when " : "fired when ") + outcome.condition()
                + ") in window " + window + " with n=" + nCurrent + ", against the " + baseline + "."
                + (!fired ? "" : model
                        ? " Many features moving at once point to a shared cause: an upstream pipeline, a join or"
                        + " a data source they have in common, or a change of the traffic mix."
                        : " Check recent changes to the feature's source and to the traffic mix."));
        annotations.put("value", AlertText.number(outcome.value()));
        annotations.put("threshold", AlertText.number(outcome.threshold()));
        annotations.put("evidence", outcome.evidence());
        annotations.put("condition", outcome.condition());
        annotations.put("baseline", baseline);
        annotations.put("window", window);
        annotations.put(Annotations.RUNBOOK_URL, runbooks.url(outcome.rule()));

        return Alert.newBuilder()
                .setFingerprint(Fingerprint.of(labels))
                .setStatus(fired ? "firing" : "resolved")
                .setRule(outcome.rule())
                .setSeverity(SEVERITY)
                .setLabels(labels)
                .setAnnotations(annotations)
                .setStartsAt(Instant.ofEpochMilli(change.startsAt()).toString())
                // The condition no longer held from the start of the window that resolved it.
                .setEndsAt(fired ? null : Instant.ofEpochMilli(ctx.windowStart()).toString())
                .setWindowStart(ctx.windowStart())
                .setWindowEnd(ctx.windowEnd())
                .setValue(outcome.value())
                .setThreshold(outcome.threshold())
                .build();
    }

    /**
     * The resolution of a firing alert of a model version retired without predictions: no window measured
     * anything, so it has no value nor threshold (absent in JSON), and no verdict. Its
     * {@value Annotations#RETIRED_AT} is the retirement.
     *
     * @param firingSince when the alert started firing
     */
    static Alert retired(Retirement retirement, Map<String, String> labels, String rule, long firingSince,
                         Runbooks runbooks) {
        String model = retirement.modelId() + " " + retirement.modelVersion();
        String since = Instant.ofEpochMilli(retirement.idleSince()).toString();
        String idle = Durations.format(retirement.idleAfter());
        String subject = subject(labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", model + ": " + subject + " resolved, model version retired after " + idle
                + " without predictions (" + rule + ")");
        annotations.put("description", "Resolved without a verdict: " + model + " had no predictions since " + since
                + " and was retired after " + idle + " without predictions (model-idle-after). "
                + Character.toUpperCase(subject.charAt(0)) + subject.substring(1) + " had drifted since "
                + Instant.ofEpochMilli(firingSince) + "; nothing is left to judge. Its windows and learnt baseline"
                + " are forgotten: if it sends predictions again, they are judged afresh, against a new baseline"
                + " unless a reference baseline was published for it.");
        annotations.put("value", "none");
        annotations.put("threshold", "none");
        annotations.put("evidence", "no predictions since " + since);
        annotations.put("condition", "a model version without predictions for " + idle + " is retired");
        annotations.put("baseline", "none (retired)");
        String retiredAt = Instant.ofEpochMilli(retirement.retiredAt()).toString();
        annotations.put("window", since + "/" + retiredAt);
        annotations.put(Annotations.RUNBOOK_URL, runbooks.url(rule));
        annotations.put(Annotations.RETIRED_AT, retiredAt);
        return Alert.newBuilder()
                .setFingerprint(Fingerprint.of(labels))
                .setStatus("resolved")
                .setRule(rule)
                .setSeverity(SEVERITY)
                .setLabels(labels)
                .setAnnotations(annotations)
                .setStartsAt(Instant.ofEpochMilli(firingSince).toString())
                // Nothing held the condition up after its last predictions.
                .setEndsAt(since)
                .setWindowStart(retirement.idleSince())
                .setWindowEnd(retirement.retiredAt())
                .setValue(Double.NaN)
                .setThreshold(Double.NaN)
                .build();
    }

    /** What the alert is about, as its summary names it. */
    private static String subject(Map<String, String> labels) {
        return !labels.containsKey("feature") ? "the model's features" : "prediction".equals(labels.get("scope"))
                ? "the prediction" : "feature '" + labels.get("feature") + "'";
    }
}
