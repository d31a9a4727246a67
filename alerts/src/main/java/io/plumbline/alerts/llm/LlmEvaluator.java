package io.plumbline.alerts.llm;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.AlertChange;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.alerts.rules.RuleOutcome;
import io.plumbline.alerts.text.AlertText;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.QuantileSketch;
import io.plumbline.detectors.sketch.Saturating;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.stats.MultipleTesting;
import io.plumbline.detectors.stats.ProportionResult;
import io.plumbline.detectors.stats.ProportionTest;
import io.plumbline.detectors.stats.QuantileSketchKs;
import io.plumbline.schemas.Alert;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The LLM rules of one key (service, prompt name, operation), once per closed window, on each variant's
 * {@link CallProfile}: pure, no Flink. Per window the job calls {@link #versionChanges} with the window's
 * variants, then {@link #evaluate} with each variant's profile and baseline; the key's {@link AlertBook}
 * and {@link LlmRuleState} carry what outlives the window. Budgets are per service or tenant, across keys:
 * see {@link LlmBudgets}.
 *
 * <p>A rule whose statistic cannot be computed, or whose minimum of calls is not met, yields no verdict:
 * its alert neither fires nor resolves. A variant without calls in the window is not judged at all; one
 * without calls for long enough is retired ({@link #retireIdle}), which resolves what it had firing.
 */
public final class LlmEvaluator implements Serializable {

    private final LlmThresholds thresholds;
    private final Runbooks runbooks;
    /** The variants a key remembers: those its route profiles by name, and the overflow. */
    private final int remembered;

    /** The alerts link to {@link Runbooks#DEFAULT}. */
    public LlmEvaluator(LlmThresholds thresholds) {
        this(thresholds, Runbooks.DEFAULT);
    }

    /** @param runbooks what each alert's runbook_url links to */
    public LlmEvaluator(LlmThresholds thresholds, Runbooks runbooks) {
        this(thresholds, runbooks, RouteProfile.DEFAULT_MAX_VARIANTS);
    }

    /**
     * @param runbooks what each alert's runbook_url links to
     * @param maxVariants the variants the key's windows profile by name ({@code limits.llm.max-variants}): the
     *     key remembers as many, and the overflow
     */
    public LlmEvaluator(LlmThresholds thresholds, Runbooks runbooks, int maxVariants) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.runbooks = Objects.requireNonNull(runbooks, "runbooks");
        if (maxVariants < 1 || maxVariants > RouteProfile.MAX_VARIANTS_CEILING) {
            throw new IllegalArgumentException("limits.llm.max-variants must be from 1 to "
                    + RouteProfile.MAX_VARIANTS_CEILING + ", got " + maxVariants);
        }
        this.remembered = maxVariants + 1;
    }

    /**
     * Notices of the window's releases, and the variants the key has seen, updated: a variant with calls
     * whose model or prompt version the key had not seen is a release, announced once with an {@code info}
     * Alert. What it replaced is the variant seen last before it; among those seen in the same window, the
     * one sharing most of provider, model and prompt version with it, then the first in that order. The
     * first variants of a key replace nothing and are not announced.
     *
     * @param window the window's profile of each variant (a route profile's variants)
     */
    public List<VersionChange> versionChanges(LlmWindowContext ctx, Map<CallVariant, CallProfile> window,
                                              LlmRuleState state) {
        Map<CallVariant, Long> known = state.variants();
        List<CallVariant> candidates = known.keySet().stream().filter(v -> !v.isOverflow()).toList();
        List<VersionChange> changes = new ArrayList<>();
        Map<CallVariant, CallProfile> sorted = new TreeMap<>(window);
        sorted.forEach((variant, profile) -> {
            if (profile.isEmpty() || variant.isOverflow() || candidates.isEmpty() || known.containsKey(variant)) {
                return;
            }
            boolean newModel = candidates.stream().noneMatch(v -> v.model().equals(variant.model()));
            boolean newVersion = candidates.stream().noneMatch(v -> v.promptVersion().equals(variant.promptVersion()));
            if (newModel || newVersion) {
                CallVariant replaced = candidates.stream()
                        .max(Comparator.comparing((CallVariant v) -> known.get(v))
                                .thenComparing(v -> shared(v, variant))
                                .thenComparing(Comparator.<CallVariant>reverseOrder()))
                        .orElseThrow();
                changes.add(new VersionChange(variant, replaced,
                        LlmAlerts.versionChange(ctx, variant, replaced, known.get(replaced), profile.requests(),
                                runbooks)));
            }
        });
        sorted.forEach((variant, profile) -> {
            if (!profile.isEmpty()) {
                state.seen(variant, ctx.windowEnd());
            }
        });
        return changes;
    }

    private static int shared(CallVariant a, CallVariant b) {
        return (a.provider().equals(b.provider()) ? 1 : 0) + (a.model().equals(b.model()) ? 1 : 0)
                + (a.promptVersion().equals(b.promptVersion()) ? 1 : 0);
    }

    /**
     * Judges every rule on each variant's window and updates {@code book} and {@code state}; returns the
     * alerts that fired or resolved. The p-values of all variants (refusal and content-filter rates, the
     * four KS tests) are one family, adjusted by {@link LlmThresholds#correction()}.
     *
     * @throws IllegalStateException for a variant {@link #versionChanges} was not given first: the state
     *     would miss its release, and could not bound the streaks it keeps for it
     */
    public List<Alert> evaluate(LlmWindowContext ctx, List<VariantWindow> variants, LlmRuleState state,
                                AlertBook book) {
        List<Tests> tests = new ArrayList<>(variants.size());
        List<EnumMap<LlmRule, Double>> p = new ArrayList<>(variants.size());
        for (int i = 0; i < variants.size(); i++) {
            VariantWindow variant = variants.get(i);
            if (!variant.current().isEmpty() && !state.knows(variant.variant())) {
                throw new IllegalStateException("variant " + variant.variant() + " of " + LlmAlerts.key(ctx)
                        + " was not passed to versionChanges for this window: call it first, with the window's variants");
            }
            Tests t = Tests.of(variant);
            tests.add(t);
            p.add(t.pValues());
        }
        List<EnumMap<LlmRule, Double>> adjusted = MultipleTesting.adjust(p, thresholds.correction());
        int family = MultipleTesting.tests(p);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            VariantWindow variant = variants.get(i);
            if (!variant.current().isEmpty()) {
                new Judgement(ctx, variant, state, book, alerts).judge(tests.get(i), adjusted.get(i), family);
            }
        }
        evictOverLimit(ctx, state, book, alerts);
        return alerts;
    }

    /**
     * Forgets the variants seen longest ago past the number the state remembers, each alert firing for them
     * resolved first, saying so: forgotten with it firing, it would fire for good.
     */
    private void evictOverLimit(LlmWindowContext ctx, LlmRuleState state, AlertBook book, List<Alert> alerts) {
        for (Optional<CallVariant> evicted = state.overLimit(remembered); evicted.isPresent();
                evicted = state.overLimit(remembered)) {
            CallVariant variant = evicted.get();
            long lastSeen = state.variants().get(variant);
            LlmWindowContext since = new LlmWindowContext(ctx.service(), ctx.prompt(), ctx.operation(), lastSeen,
                    ctx.windowEnd());
            resolveVariant(since, variant, book, startsAt -> alerts.add(LlmAlerts.evicted(since, variant,
                    remembered, startsAt.rule(), startsAt.firingSince(), runbooks)));
            state.forget(variant);
        }
    }

    /** Resolves every rule firing for {@code variant}, in {@code span} (labels as its alerts have them). */
    private static void resolveVariant(LlmWindowContext span, CallVariant variant, AlertBook book,
                                       Consumer<Resolved> resolved) {
        for (LlmRule rule : LlmRule.values()) {
            if (!rule.judgesVariants()) {
                continue;
            }
            AlertChange change = book.observe(LlmAlerts.labels(span, variant, rule.alertName(), rule.severity()), false,
                    span.windowEnd());
            if (change.kind() == AlertChange.Kind.RESOLVED) {
                resolved.accept(new Resolved(rule, change.startsAt()));
            }
        }
    }

    /** A rule of a variant that fired since {@code firingSince} and is resolved now. */
    private record Resolved(LlmRule rule, long firingSince) {
    }

    /**
     * Retires every variant of the key without calls in {@code quiet}: each alert firing for it resolves,
     * saying so, and {@code state} forgets it with its streaks, so that called again it is a release. A
     * variant without calls is never judged, so without this its alerts would fire for good.
     *
     * @param quiet the key, and the last {@code llm.variant-idle-after} up to now: a variant whose last
     *     window with calls ended at or before its start has had none since. Every window ending by its end
     *     must have been given to {@link #versionChanges} already.
     * @return the resolved alerts, by variant and rule
     */
    public List<Alert> retireIdle(LlmWindowContext quiet, LlmRuleState state, AlertBook book) {
        List<Alert> resolved = new ArrayList<>();
        state.variants().forEach((variant, lastSeen) -> {
            if (lastSeen > quiet.windowStart()) {
                return;
            }
            LlmWindowContext silence = new LlmWindowContext(quiet.service(), quiet.prompt(), quiet.operation(),
                    lastSeen, quiet.windowEnd());
            resolveVariant(silence, variant, book, r -> resolved.add(LlmAlerts.retired(silence, variant, r.rule(),
                    quiet.windowEnd() - quiet.windowStart(), r.firingSince(), runbooks)));
            state.forget(variant);
        });
        return resolved;
    }

    /** The tests against the baseline; NaN p-values (not tests) without one. */
    private record Tests(ProportionResult refusals, ProportionResult contentFiltered, KsResult latency,
                         KsResult outputTokensPerSecond, KsResult evalScores, KsResult outputTokensPerCall) {

        private static final ProportionResult NO_RATE = new ProportionResult(Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
        private static final KsResult NO_KS = new KsResult(Double.NaN, Double.NaN, 0, 0);

        static Tests of(VariantWindow variant) {
            CallProfile current = variant.current();
            LlmBaseline baseline = variant.baselineOrNull();
            if (baseline == null || baseline.profile().isEmpty() || current.isEmpty()) {
                return new Tests(NO_RATE, NO_RATE, NO_KS, NO_KS, NO_KS, NO_KS);
            }
            CallProfile b = baseline.profile();
            return new Tests(
                    ProportionTest.test(b.refusals(), b.requests(), current.refusals(), current.requests()),
                    ProportionTest.test(b.contentFiltered(), b.requests(), current.contentFiltered(), current.requests()),
                    QuantileSketchKs.test(b.latency(), current.latency()),
                    QuantileSketchKs.test(b.outputTokensPerSecond(), current.outputTokensPerSecond()),
                    QuantileSketchKs.test(b.evalScores(), current.evalScores()),
                    QuantileSketchKs.test(b.outputTokensPerCall(), current.outputTokensPerCall()));
        }

        /** The variant's tests in the key's family, each under the rule it gates. */
        EnumMap<LlmRule, Double> pValues() {
            EnumMap<LlmRule, Double> p = new EnumMap<>(LlmRule.class);
            p.put(LlmRule.REFUSAL_RATE_SPIKE, refusals.pValue());
            p.put(LlmRule.CONTENT_FILTER_RATE_SPIKE, contentFiltered.pValue());
            p.put(LlmRule.LATENCY_DRIFT, latency.pValue());
            p.put(LlmRule.OUTPUT_TOKENS_PER_SECOND_DRIFT, outputTokensPerSecond.pValue());
            p.put(LlmRule.EVAL_SCORE_DRIFT, evalScores.pValue());
            p.put(LlmRule.OUTPUT_TOKENS_DRIFT, outputTokensPerCall.pValue());
            return p;
        }
    }

    /** One variant's rules in one window. */
    private final class Judgement {
        private final LlmWindowContext ctx;
        private final CallVariant variant;
        private final CallProfile current;
        private final LlmBaseline baseline;
        private final LlmRuleState state;
        private final AlertBook book;
        private final List<Alert> alerts;

        Judgement(LlmWindowContext ctx, VariantWindow window, LlmRuleState state, AlertBook book, List<Alert> alerts) {
            this.ctx = ctx;
            this.variant = window.variant();
            this.current = window.current();
            this.baseline = window.baselineOrNull() == null || window.baselineOrNull().profile().isEmpty()
                    ? null : window.baselineOrNull();
            this.state = state;
            this.book = book;
            this.alerts = alerts;
        }

        void judge(Tests tests, EnumMap<LlmRule, Double> adjusted, int family) {
            long timed = current.latency().count();
            if (timed >= thresholds.latencyMinCalls()) {
                latency(LlmRule.LATENCY_P95, 0.95, thresholds.latencyP95Seconds(), thresholds.latencyP95Windows(), timed);
                latency(LlmRule.LATENCY_P99, 0.99, thresholds.latencyP99Seconds(), thresholds.latencyP99Windows(), timed);
            }
            if (current.requests() >= thresholds.errorRateMinRequests()) {
                errorRate();
            }
            observe(LlmRule.UNPRICED_MODEL, new RuleOutcome(LlmRule.UNPRICED_MODEL.alertName(), current.unpricedCalls(), 0,
                    current.unpricedCalls() > 0, "unpriced calls > 0",
                    current.unpricedCalls() + " of " + current.requests() + " calls unpriced"), ctx.windowStart(), null);
            if (baseline == null) {
                return;
            }
            costSpike();
            rateSpike(LlmRule.REFUSAL_RATE_SPIKE, "refusal", tests.refusals(), adjusted.get(LlmRule.REFUSAL_RATE_SPIKE),
                    family,
                    current.refusals(), baseline.profile().refusals(), thresholds.refusalMinChange(),
                    thresholds.refusalPValue());
            rateSpike(LlmRule.CONTENT_FILTER_RATE_SPIKE, "content-filter", tests.contentFiltered(),
                    adjusted.get(LlmRule.CONTENT_FILTER_RATE_SPIKE), family,
                    current.contentFiltered(), baseline.profile().contentFiltered(),
                    thresholds.contentFilterMinChange(), thresholds.contentFilterPValue());
            drift(LlmRule.LATENCY_DRIFT, tests.latency(), adjusted.get(LlmRule.LATENCY_DRIFT), family,
                    current.latency(),
                    baseline.profile().latency(), " s", "successful calls");
            drift(LlmRule.OUTPUT_TOKENS_PER_SECOND_DRIFT, tests.outputTokensPerSecond(),
                    adjusted.get(LlmRule.OUTPUT_TOKENS_PER_SECOND_DRIFT), family,
                    current.outputTokensPerSecond(), baseline.profile().outputTokensPerSecond(), " tokens/s",
                    "timed calls with output");
            drift(LlmRule.EVAL_SCORE_DRIFT, tests.evalScores(), adjusted.get(LlmRule.EVAL_SCORE_DRIFT), family,
                    current.evalScores(),
                    baseline.profile().evalScores(), "", "scored calls");
            drift(LlmRule.OUTPUT_TOKENS_DRIFT, tests.outputTokensPerCall(), adjusted.get(LlmRule.OUTPUT_TOKENS_DRIFT),
                    family,
                    current.outputTokensPerCall(), baseline.profile().outputTokensPerCall(), " tokens",
                    "successful calls with output");
        }

        /** An SLO on a latency quantile: fires once it has been breached in enough consecutive windows. */
        private void latency(LlmRule rule, double q, double limit, int windows, long timed) {
            String name = "p" + Math.round(q * 100);
            double value = current.latency().quantile(q);
            boolean breach = value > limit;
            long since = ctx.windowStart();
            String evidence = name + "=" + LlmFormat.seconds(value) + " over " + timed + " successful calls";
            boolean holds = false;
            if (breach) {
                LlmRuleState.Streak streak = state.extendStreak(variant, rule, ctx.windowStart());
                since = streak.since();
                holds = streak.windows() >= windows;
                evidence += ", above " + LlmFormat.seconds(limit) + (streak.windows() == 1 ? " in this window"
                        : " in " + streak.windows() + " consecutive windows since " + Instant.ofEpochMilli(since));
            } else {
                state.endStreak(variant, rule);
            }
            observe(rule, new RuleOutcome(rule.alertName(), value, limit, holds,
                    name + " latency > " + LlmFormat.seconds(limit) + " in " + windows + " consecutive windows"
                            + " of at least " + thresholds.latencyMinCalls() + " successful calls", evidence),
                    since, null);
        }

        private void errorRate() {
            double rate = current.errorRate();
            String byType = current.errorsByType().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(3)
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            String more = current.errorsByType().size() > 3 ? ", ..." : "";
            observe(LlmRule.ERROR_RATE, new RuleOutcome(LlmRule.ERROR_RATE.alertName(), rate, thresholds.errorRate(),
                    rate > thresholds.errorRate(),
                    "error rate > " + LlmFormat.number(thresholds.errorRate()) + " over at least "
                            + thresholds.errorRateMinRequests() + " calls",
                    current.errors() + " of " + current.requests() + " calls failed (rate=" + LlmFormat.number(rate) + ")"
                            + (byType.isEmpty() ? "" : ": " + byType + more)), ctx.windowStart(), null);
        }

        /** The mean cost of a priced call against the baseline's: a traffic spike is the budget's business. */
        private void costSpike() {
            CallProfile b = baseline.profile();
            int min = thresholds.costSpikeMinPricedCalls();
            if (current.pricedCalls() < min || b.pricedCalls() < min || !(b.meanCostPerPricedCall() > 0)) {
                return;
            }
            // A baseline that cost almost nothing, or calls of absurd cost, would overflow the plain ratio.
            double ratio = Saturating.quotient(current.meanCostPerPricedCall(), b.meanCostPerPricedCall());
            observe(LlmRule.COST_SPIKE, new RuleOutcome(LlmRule.COST_SPIKE.alertName(), ratio, thresholds.costSpikeRatio(),
                    ratio >= thresholds.costSpikeRatio(),
                    "mean cost per priced call >= " + LlmFormat.number(thresholds.costSpikeRatio())
                            + " x the baseline's, with at least " + min + " priced calls on each side",
                    "mean cost per priced call " + LlmFormat.usd(current.meanCostPerPricedCall()) + " over "
                            + current.pricedCalls() + " calls against " + LlmFormat.usd(b.meanCostPerPricedCall())
                            + " over " + b.pricedCalls() + ": x" + LlmFormat.number(ratio)
                            + (ratio == Double.MAX_VALUE ? " or more" : "")),
                    ctx.windowStart(), baseline);
        }

        /** A rise of a rate (refusals, content filtering) both significant and large enough to act on. */
        private void rateSpike(LlmRule rule, String what, ProportionResult test, double adjustedP, int family,
                               long currentCount, long baselineCount, double minChange, double pThreshold) {
            if (Double.isNaN(test.pValue())) {
                return;
            }
            boolean holds = test.difference() >= minChange && adjustedP < pThreshold;
            observe(rule, new RuleOutcome(rule.alertName(), test.difference(), minChange, holds,
                    "rise of the " + what + " rate >= " + LlmFormat.number(minChange) + " and "
                            + pCondition(pThreshold, family),
                    what + " rate " + LlmFormat.number(test.currentRate()) + " (" + currentCount + " of "
                            + current.requests() + " calls) against " + LlmFormat.number(test.baselineRate()) + " ("
                            + baselineCount + " of " + baseline.profile().requests() + "): "
                            + (test.difference() >= 0 ? "+" : "") + LlmFormat.number(test.difference()) + ", "
                            + pEvidence(test.pValue(), adjustedP, family)),
                    ctx.windowStart(), baseline);
        }

        /** The drift engine's KS rule on one property of the calls: significant and a large enough D. */
        private void drift(LlmRule rule, KsResult ks, double adjustedP, int family, QuantileSketch now,
                           QuantileSketch before, String unit, String calls) {
            if (Double.isNaN(ks.statistic()) || Double.isNaN(ks.pValue())) {
                return;
            }
            boolean holds = adjustedP < thresholds.driftPValue() && ks.statistic() >= thresholds.driftMinStatistic();
            // One snapshot per side for the four quantiles: each QuantileSketch.quantile builds its own.
            CumulativeDistribution nowDistribution = now.distribution();
            CumulativeDistribution beforeDistribution = before.distribution();
            observe(rule, new RuleOutcome(rule.alertName(), ks.statistic(), thresholds.driftMinStatistic(), holds,
                    "KS D >= " + LlmFormat.number(thresholds.driftMinStatistic()) + " and "
                            + pCondition(thresholds.driftPValue(), family),
                    "median " + LlmFormat.number(nowDistribution.quantile(0.5)) + unit + " against "
                            + LlmFormat.number(beforeDistribution.quantile(0.5)) + unit + ", p90 "
                            + LlmFormat.number(nowDistribution.quantile(0.9)) + unit + " against "
                            + LlmFormat.number(beforeDistribution.quantile(0.9)) + unit + "; D="
                            + LlmFormat.number(ks.statistic())
                            + " over " + ks.m() + " " + calls + " and the baseline's " + ks.n() + ", "
                            + pEvidence(ks.pValue(), adjustedP, family)),
                    ctx.windowStart(), baseline);
        }

        private void observe(LlmRule rule, RuleOutcome outcome, long startsAt, LlmBaseline against) {
            Map<String, String> labels = LlmAlerts.labels(ctx, variant, rule.alertName(), rule.severity());
            AlertChange change = book.observe(labels, outcome.holds(), startsAt);
            if (change.kind() != AlertChange.Kind.UNCHANGED) {
                alerts.add(LlmAlerts.build(labels, rule, outcome, change,
                        LlmAlerts.key(ctx) + ", " + LlmAlerts.release(variant), ctx.windowStart(), ctx.windowEnd(),
                        against, runbooks));
            }
        }
    }

    private String pCondition(double threshold, int family) {
        return AlertText.pCondition(threshold, family, thresholds.correction(), "the key's");
    }

    private String pEvidence(double p, double adjusted, int family) {
        return AlertText.pEvidence(p, adjusted, family, thresholds.correction());
    }
}
