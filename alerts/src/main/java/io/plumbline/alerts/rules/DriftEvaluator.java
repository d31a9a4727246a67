package io.plumbline.alerts.rules;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.AlertChange;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.codec.PredictionFields;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one window's comparison with the baseline into DriftStats records (one per feature,
 * one for the prediction, one for the model) and the alert state changes it causes.
 *
 * <p>The p-values of all features and the prediction are adjusted as one family before any rule
 * reads them (see {@link DriftThresholds#correction()}). The model-level {@code drift_share} rule
 * counts the features with any rule firing; the prediction has alerts of its own and is not a feature.
 * Each feature's rules use its own thresholds from the {@link DriftPolicy}; the correction and the drift
 * share are the model's.
 */
public final class DriftEvaluator implements Serializable {

    private final DriftPolicy policy;
    private final Runbooks runbooks;

    /** The same thresholds for every model and feature; the alerts link to {@link Runbooks#DEFAULT}. */
    public DriftEvaluator(DriftThresholds thresholds) {
        this(DriftPolicy.of(thresholds), Runbooks.DEFAULT);
    }

    /** @param runbooks what each alert's runbook_url links to */
    public DriftEvaluator(DriftPolicy policy, Runbooks runbooks) {
        this.policy = policy;
        this.runbooks = Objects.requireNonNull(runbooks, "runbooks");
    }

    /** Evaluates the window and updates {@code book} with the alerts it fires or resolves. */
    public WindowResult evaluate(WindowContext ctx, ProfileComparison comparison, AlertBook book) {
        return build(ctx, comparison, book);
    }

    /**
     * The window's statistics without a verdict, for a window too small to be judged: no rule is
     * applied, so {@code drifted}, {@code drift_share}, {@code features_drifted} and
     * {@code prediction_drifted} are null, and no alert fires or resolves.
     */
    public WindowResult report(WindowContext ctx, ProfileComparison comparison) {
        return build(ctx, comparison, null);
    }

    /**
     * Resolves what {@code book} has firing for a retired model version, and returns the resolutions, each
     * under the labels it fired with. An alert read from a book that kept no labels (format version 1) is
     * labelled as the model's {@code drift_share}, a rule of its prediction, or a rule of one of
     * {@code features}; one that is none of these stays in the book.
     *
     * @param features the features the model version was judged on, for the alerts of a book without labels
     */
    public List<Alert> retire(Retirement retirement, Collection<String> features, AlertBook book) {
        List<Alert> resolved = new ArrayList<>();
        for (Map<String, String> labels : book.firingLabels()) {
            resolveRetired(retirement, labels, book, resolved);
        }
        if (book.firingCount() == 0) {
            return resolved;
        }
        resolveRetired(retirement, null, false, DriftRule.DRIFT_SHARE.alertName(), book, resolved);
        for (DriftRule rule : DriftRules.FEATURE_RULES) {
            resolveRetired(retirement, PredictionFields.PREDICTION, true, rule.alertName(), book, resolved);
        }
        for (String feature : features) {
            if (book.firingCount() == 0) {
                break;
            }
            for (DriftRule rule : DriftRules.FEATURE_RULES) {
                resolveRetired(retirement, feature, false, rule.alertName(), book, resolved);
            }
        }
        return resolved;
    }

    private void resolveRetired(Retirement retirement, String feature, boolean prediction, String rule,
                                AlertBook book, List<Alert> resolved) {
        resolveRetired(retirement, DriftAlerts.labels(retirement.modelId(), retirement.modelVersion(), feature,
                prediction, rule), book, resolved);
    }

    private void resolveRetired(Retirement retirement, Map<String, String> labels, AlertBook book,
                                List<Alert> resolved) {
        AlertChange change = book.observe(labels, false, retirement.retiredAt());
        if (change.kind() == AlertChange.Kind.RESOLVED) {
            String rule = labels.get("alertname");
            resolved.add(DriftAlerts.retired(retirement, labels, rule, change.startsAt(), runbooks));
        }
    }

    /** {@code book} null: report only. */
    private WindowResult build(WindowContext ctx, ProfileComparison comparison, AlertBook book) {
        List<DriftStats> stats = new ArrayList<>(comparison.features().size() + 2);
        List<Alert> alerts = new ArrayList<>();
        // One family of tests per model and window: every feature's p-values and the prediction's.
        List<String> names = new ArrayList<>(comparison.features().keySet());
        List<FeatureComparison> family = new ArrayList<>(comparison.features().values());
        if (comparison.prediction() != null) {
            family.add(comparison.prediction());
        }
        DriftRules modelRules = new DriftRules(policy.model(ctx.modelId()));
        List<EnumMap<DriftRule, Double>> adjusted = modelRules.adjust(family);
        int tests = DriftRules.tests(adjusted);
        List<String> driftedNames = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (judge(ctx, names.get(i), family.get(i), adjusted.get(i), tests, false, book, stats, alerts)) {
                driftedNames.add(names.get(i));
            }
        }
        boolean predictionDrifted = comparison.prediction() != null
                && judge(ctx, PredictionFields.PREDICTION, comparison.prediction(), adjusted.get(family.size() - 1),
                tests, true, book, stats, alerts);

        int total = comparison.features().size();
        int drifted = driftedNames.size();
        boolean judged = book != null;
        if (judged && total > 0) {
            RuleOutcome share = modelRules.driftShare(drifted, total, driftedNames);
            Map<String, String> labels = DriftAlerts.labels(ctx.modelId(), ctx.modelVersion(), null, false, share.rule());
            AlertChange change = book.observe(labels, share.holds(), ctx.windowStart());
            if (change.kind() != AlertChange.Kind.UNCHANGED) {
                alerts.add(DriftAlerts.build(ctx, labels, share, change, ctx.baselineEvents(), ctx.currentEvents(),
                        runbooks));
            }
        }
        stats.add(base(ctx, "", "model", ctx.baselineEvents(), ctx.currentEvents())
                .setDriftShare(total == 0 || !judged ? null : (double) drifted / total)
                .setFeaturesTotal(total)
                .setFeaturesDrifted(judged ? drifted : null)
                .setPredictionDrifted(comparison.prediction() == null || !judged ? null : predictionDrifted)
                .build());
        return new WindowResult(stats, alerts);
    }

    /** @param feature the feature's name, or the prediction's */
    private boolean judge(WindowContext ctx, String feature, FeatureComparison c, EnumMap<DriftRule, Double> adjusted,
                          int tests, boolean prediction, AlertBook book, List<DriftStats> stats, List<Alert> alerts) {
        boolean drifted = false;
        List<RuleOutcome> outcomes = book == null ? List.of()
                : new DriftRules(policy.feature(ctx.modelId(), feature)).evaluate(c, adjusted, tests);
        for (RuleOutcome outcome : outcomes) {
            drifted |= outcome.holds();
            Map<String, String> labels = DriftAlerts.labels(ctx.modelId(), ctx.modelVersion(), feature, prediction, outcome.rule());
            AlertChange change = book.observe(labels, outcome.holds(), ctx.windowStart());
            if (change.kind() != AlertChange.Kind.UNCHANGED) {
                alerts.add(DriftAlerts.build(ctx, labels, outcome, change, c.counts().nBaseline(),
                        c.counts().nCurrent(), runbooks));
            }
        }
        DriftStats record = base(ctx, feature, prediction ? "prediction" : "feature", c.counts().nBaseline(),
                c.counts().nCurrent())
                .setFeatureType(c.type() == null ? null : c.type().wireName())
                .setMissingCurrent(c.counts().missingCurrent())
                .setTypeMismatchCurrent(c.counts().typeMismatchCurrent())
                .setDrifted(book == null ? null : drifted)
                .build();
        for (DriftRule rule : DriftRules.FEATURE_RULES) {
            record.put(rule.valueField(), orNull(rule.value(c)));
            if (rule.pValueField() != null) {
                record.put(rule.pValueField(), orNull(rule.pValue(c)));
            }
        }
        stats.add(record);
        return drifted;
    }

    private static DriftStats.Builder base(WindowContext ctx, String feature, String scope, long nBaseline,
                                           long nCurrent) {
        return DriftStats.newBuilder()
                .setModelId(ctx.modelId())
                .setModelVersion(ctx.modelVersion())
                .setFeature(feature)
                .setScope(scope)
                .setWindowStart(ctx.windowStart())
                .setWindowEnd(ctx.windowEnd())
                .setBaseline(ctx.baseline())
                .setBaselineWindowStart(ctx.baselineWindowStart())
                .setBaselineWindowEnd(ctx.baselineWindowEnd())
                .setNBaseline(nBaseline)
                .setNCurrent(nCurrent)
                .setMissingCurrent(0L);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
