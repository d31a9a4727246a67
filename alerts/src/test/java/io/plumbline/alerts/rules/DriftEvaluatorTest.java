package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.alerts.lifecycle.Runbooks;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.stats.MultipleTesting.Correction;
import io.plumbline.detectors.testing.ManyCategories;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {

    private static final long MIN = 60_000;

    private final DriftEvaluator evaluator = new DriftEvaluator(DriftThresholds.DEFAULTS);

    private static WindowContext window(int i) {
        return new WindowContext("credit-risk", "v3", i * MIN, (i + 1) * MIN, "warmup", 0, MIN, 5000, 5100);
    }

    private static ProfileComparison comparison(double incomeD, double predictionD) {
        FeatureComparison income = numeric().current(3, 1).psi(0.05, Double.NaN)
                .ks(incomeD, incomeD > 0.05 ? 1e-12 : 0.3).build();
        FeatureComparison age = numeric().psi(0.01, Double.NaN).ks(0.01, 0.9).build();
        FeatureComparison prediction = numeric().psi(0.02, Double.NaN)
                .ks(predictionD, predictionD > 0.05 ? 1e-12 : 0.5).build();
        return new ProfileComparison(Map.of("age", age, "income", income), prediction);
    }

    /** A numeric comparison of 5 000 baseline and 5 100 current values. */
    private static Comparisons.Numeric numeric() {
        return Comparisons.numeric().sizes(5000, 5100);
    }

    @Test
    void emitsOneStatsRecordPerFeatureThePredictionAndTheModel() {
        WindowResult result = evaluator.evaluate(window(2), comparison(0.08, 0.01), new AlertBook());

        assertThat(result.stats()).extracting(DriftStats::getScope).containsExactly("feature", "feature", "prediction", "model");
        DriftStats income = result.stats().get(1);
        assertThat(income.getFeature()).isEqualTo("income");
        assertThat(income.getFeatureType()).isEqualTo("numeric");
        assertThat(income.getKsStatistic()).isEqualTo(0.08);
        assertThat(income.getChi2Pvalue()).isNull();
        assertThat(income.getMissingCurrent()).isEqualTo(3);
        assertThat(income.getDrifted()).isTrue();
        DriftStats model = result.stats().get(3);
        assertThat(model.getDriftShare()).isEqualTo(0.5);
        assertThat(model.getFeaturesDrifted()).isEqualTo(1);
        assertThat(model.getPredictionDrifted()).isFalse();
        assertThat(model.getNBaseline()).isEqualTo(5000);
    }

    @Test
    void firesOnceWhileDriftLastsThenResolvesOnce() {
        AlertBook book = new AlertBook();
        assertThat(evaluator.evaluate(window(1), comparison(0.01, 0.01), book).alerts()).isEmpty();

        List<Alert> fired = evaluator.evaluate(window(2), comparison(0.08, 0.09), book).alerts();
        assertThat(fired).extracting(Alert::getStatus).containsOnly("firing");
        assertThat(fired).extracting(Alert::getRule).containsExactly("ks", "ks", "drift_share");
        assertThat(fired).extracting(a -> a.getLabels().get("feature")).containsExactly("income", "prediction", null);
        Alert income = fired.get(0);
        assertThat(income.getRule()).isEqualTo("ks");
        assertThat(income.getFingerprint()).isEqualTo(Fingerprint.of(income.getLabels()));
        assertThat(income.getStartsAt()).isEqualTo("1970-01-01T00:02:00Z");
        assertThat(income.getEndsAt()).isNull();
        assertThat(income.getAnnotations().get("description"))
                .contains("feature 'income'", "D=0.08", "p=1.00e-12", "warmup window");
        assertThat(income.getAnnotations()).containsEntry("condition",
                "D >= 0.05 and p < 0.01 (Benjamini-Hochberg-adjusted over the model's tests in the window)");
        assertThat(fired.get(1).getLabels()).containsEntry("scope", "prediction");

        assertThat(evaluator.evaluate(window(3), comparison(0.09, 0.09), book).alerts()).isEmpty();

        List<Alert> resolved = evaluator.evaluate(window(4), comparison(0.01, 0.01), book).alerts();
        assertThat(resolved).extracting(Alert::getStatus).containsOnly("resolved");
        assertThat(resolved).extracting(Alert::getFingerprint)
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(Alert::getFingerprint).toList());
        assertThat(resolved.get(0).getStartsAt()).isEqualTo("1970-01-01T00:02:00Z");
        assertThat(resolved.get(0).getEndsAt()).isEqualTo("1970-01-01T00:04:00Z");
        assertThat(book.firingCount()).isZero();
        assertThat(resolved).allSatisfy(a -> assertThat(a.getAnnotations()).as("resolved by a window, not retired")
                .doesNotContainKey("retired_at"));
    }

    @Test
    void everyAlertLinksToItsRulesRunbook() {
        AlertBook book = new AlertBook();
        List<Alert> fired = evaluator.evaluate(window(2), comparison(0.08, 0.09), book).alerts();
        List<Alert> resolved = evaluator.evaluate(window(3), comparison(0.01, 0.01), book).alerts();

        assertThat(fired).extracting(a -> a.getAnnotations().get("runbook_url"))
                .containsExactly("docs/runbooks.md#ks", "docs/runbooks.md#ks", "docs/runbooks.md#drift_share");
        assertThat(resolved).hasSize(3).allSatisfy(a -> assertThat(a.getAnnotations())
                .containsEntry("runbook_url", "docs/runbooks.md#" + a.getRule()));
    }

    @Test
    void theRunbooksMayBeAnywhere() {
        DriftEvaluator wiki = new DriftEvaluator(DriftPolicy.of(DriftThresholds.DEFAULTS),
                new Runbooks("https://wiki.example.com/ml/plumbline"));

        List<Alert> fired = wiki.evaluate(window(2), comparison(0.08, 0.01), new AlertBook()).alerts();

        assertThat(fired).extracting(a -> a.getAnnotations().get("runbook_url")).containsExactly(
                "https://wiki.example.com/ml/plumbline#ks", "https://wiki.example.com/ml/plumbline#drift_share");
    }

    @Test
    void aReportCarriesTheStatisticsButNoVerdictAndLeavesTheAlertsAlone() {
        AlertBook book = new AlertBook();
        evaluator.evaluate(window(1), comparison(0.08, 0.09), book);
        int firing = book.firingCount();
        assertThat(firing).isPositive();

        WindowResult small = evaluator.report(window(2), comparison(0.01, 0.01));

        assertThat(small.alerts()).isEmpty();
        assertThat(book.firingCount()).isEqualTo(firing);
        assertThat(small.stats()).extracting(DriftStats::getScope).containsExactly("feature", "feature", "prediction", "model");
        assertThat(small.stats()).allSatisfy(s -> assertThat(s.getDrifted()).isNull());
        DriftStats income = small.stats().get(1);
        assertThat(income.getKsStatistic()).isEqualTo(0.01);
        assertThat(income.getNCurrent()).isEqualTo(5100);
        DriftStats model = small.stats().get(3);
        assertThat(model.getFeaturesTotal()).isEqualTo(2);
        assertThat(model.getDriftShare()).isNull();
        assertThat(model.getFeaturesDrifted()).isNull();
        assertThat(model.getPredictionDrifted()).isNull();
    }

    @Test
    void theNewStatisticsAreWrittenUnderTheirSnakeCaseNames() {
        FeatureComparison rating = Comparisons.categorical().sizes(5000, 5100).psi(0.01).chi2(0.5, 0.01)
                .jsDistance(0.02).newCategory(0.001, 0.04).missingRate(0.002, 0.3).typeMismatchRate(0, 1).build();
        FeatureComparison income = numeric().psi(0.01, 0.02).ks(0.02, 0.6).robustLinf(0).wassersteinNorm(0.05)
                .outOfRange(0.001, 0.9).missingRate(-0.01, 0.4).typeMismatchRate(0.003, 0.7).build();

        List<DriftStats> stats = evaluator.evaluate(window(1),
                new ProfileComparison(Map.of("income", income, "rating", rating), null), new AlertBook()).stats();

        DriftStats n = stats.get(0);
        assertThat(List.of(n.getRobustLinf(), n.getWassersteinNorm(), n.getOutOfRangeRate(), n.getOutOfRangePvalue(),
                n.getMissingRatePvalue(), n.getMissingRateChange(), n.getTypeMismatchRatePvalue(),
                n.getTypeMismatchRateChange(), n.getPsiPvalue()))
                .containsExactly(0.0, 0.05, 0.001, 0.9, 0.4, -0.01, 0.7, 0.003, 0.02);
        assertThat(n.getJsDistance()).isNull();
        assertThat(n.getNewCategoryPvalue()).isNull();
        DriftStats c = stats.get(1);
        assertThat(List.of(c.getJsDistance(), c.getNewCategoryRate(), c.getPsiPvalue(), c.getNewCategoryPvalue()))
                .containsExactly(0.02, 0.001, 0.5, 0.04);
        assertThat(c.getWassersteinNorm()).isNull();
        assertThat(c.getDrifted()).isFalse();
    }

    @Test
    void driftShareIsAModelAlertWithoutAFeatureAndTheDriftedPredictionIsNotCounted() {
        AlertBook book = new AlertBook();
        FeatureComparison stable = stableNumeric();
        FeatureComparison shifted = numeric().psi(0.01, Double.NaN).ks(0.2, 1e-30).build();
        FeatureComparison prediction = numeric().psi(0.01, Double.NaN).ks(0.2, 1e-30).build();

        WindowResult onlyPrediction = evaluator.evaluate(window(1),
                new ProfileComparison(Map.of("a", stable, "c", stableNumeric()), prediction), book);
        assertThat(onlyPrediction.alerts()).extracting(Alert::getRule).containsExactly("ks");
        assertThat(onlyPrediction.stats().get(3).getDriftShare()).isZero();
        assertThat(onlyPrediction.stats().get(3).getPredictionDrifted()).isTrue();

        WindowResult half = evaluator.evaluate(window(2),
                new ProfileComparison(Map.of("a", stable, "b", shifted), prediction), book);
        Alert share = half.alerts().get(half.alerts().size() - 1);
        assertThat(share.getRule()).isEqualTo("drift_share");
        assertThat(share.getLabels()).doesNotContainKeys("feature", "scope")
                .containsEntry("alertname", "drift_share").containsEntry("model_id", "credit-risk");
        assertThat(share.getValue()).isEqualTo(0.5);
        assertThat(share.getThreshold()).isEqualTo(0.5);
        assertThat(share.getAnnotations().get("summary"))
                .isEqualTo("credit-risk v3: the model's features drifted (drift_share)");
        assertThat(share.getAnnotations().get("description"))
                .contains("1 of 2 features drifted (share=0.5): b", "fires when share of drifted features >= 0.5");

        WindowResult back = evaluator.evaluate(window(3),
                new ProfileComparison(Map.of("a", stable, "b", stableNumeric()), prediction), book);
        assertThat(back.alerts()).extracting(Alert::getRule, Alert::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ks", "resolved"),
                        org.assertj.core.groups.Tuple.tuple("drift_share", "resolved"));
    }

    /** A numeric feature of this PSI, well beyond chance at these sizes, and nothing else out of the ordinary. */
    private static FeatureComparison withPsi(double psi) {
        return numeric().psi(psi, 1e-9).ks(0.01, 0.9).robustLinf(0).wassersteinNorm(0.05).outOfRange(0, 1)
                .missingRate(0, 1).typeMismatchRate(0, 1).build();
    }

    @Test
    void aFeatureOverrideChangesThatFeaturesDecisionOnly() {
        ProfileComparison psiOfAQuarter = new ProfileComparison(Map.of("age", withPsi(0.25), "amount", withPsi(0.25)),
                null);
        DriftEvaluator overridden = new DriftEvaluator(new DriftPolicy(DriftThresholds.DEFAULTS, List.of(
                RuleOverride.of(null, "amount", Map.of(RuleSetting.PSI_THRESHOLD, 0.3)))), Runbooks.DEFAULT);

        WindowResult byDefault = evaluator.evaluate(window(1), psiOfAQuarter, new AlertBook());
        WindowResult withOverride = overridden.evaluate(window(1), psiOfAQuarter, new AlertBook());

        assertThat(byDefault.alerts()).extracting(a -> a.getLabels().get("feature"), Alert::getRule)
                .containsExactly(tuple("age", "psi"), tuple("amount", "psi"), tuple(null, "drift_share"));
        assertThat(withOverride.alerts()).extracting(a -> a.getLabels().get("feature"), Alert::getRule)
                .containsExactly(tuple("age", "psi"), tuple(null, "drift_share"));
        assertThat(withOverride.stats()).extracting(DriftStats::getFeature, DriftStats::getDrifted)
                .containsExactly(tuple("age", true), tuple("amount", false), tuple("", null));
        assertThat(withOverride.stats().get(2).getDriftShare()).isEqualTo(0.5);
    }

    @Test
    void theCorrectionAndTheDriftShareAreTheModels() {
        DriftEvaluator overridden = new DriftEvaluator(new DriftPolicy(DriftThresholds.DEFAULTS, List.of(
                new RuleOverride("credit-risk", null, null, Map.of(RuleSetting.DRIFT_SHARE_THRESHOLD, 0.75),
                        Correction.NONE),
                RuleOverride.of(null, "income", Map.of(RuleSetting.KS_MIN_STATISTIC, 0.06)))), Runbooks.DEFAULT);

        List<Alert> fired = overridden.evaluate(window(1), comparison(0.08, 0.01), new AlertBook()).alerts();

        assertThat(fired).extracting(Alert::getRule).containsExactly("ks");
        assertThat(fired.get(0).getThreshold()).isEqualTo(0.06);
        assertThat(fired.get(0).getAnnotations()).containsEntry("condition", "D >= 0.06 and p < 0.01");
    }

    private static FeatureComparison stableNumeric() {
        return numeric().psi(0.01, Double.NaN).ks(0.01, 0.9).build();
    }

    @Test
    void fiftyThousandCategoriesAllReplacedFireTheNewCategoryRule() {
        Random random = new Random(60);
        ModelProfile baseline = ManyCategories.UNIFORM.profile("merchant", "old-", 50_000, 50_000, random);
        ModelProfile replaced = ManyCategories.UNIFORM.profile("merchant", "new-", 50_000, 50_000, random);

        WindowResult result = evaluator.evaluate(window(1), ProfileComparator.compare(baseline, replaced), new AlertBook());

        assertThat(result.alerts()).extracting(Alert::getRule).containsExactly("new_category_rate", "drift_share");
        assertThat(result.alerts().get(0).getValue()).isEqualTo(1);
        assertThat(result.alerts().get(0).getAnnotations().get("evidence"))
                .startsWith("share of values in categories the baseline never saw=1, random-split test of unseen values p");
        DriftStats merchant = result.stats().get(0);
        assertThat(merchant.getPsi()).as("PSI compares the categories both sketches name: almost none").isLessThan(0.01);
        assertThat(merchant.getNewCategoryPvalue()).isLessThan(1e-9);
        assertThat(merchant.getDrifted()).isTrue();
    }

    @Test
    void fiftyThousandStableCategoriesStayQuietThoughAThirdOfTheirValuesAreUnseen() {
        Random random = new Random(61);
        ModelProfile baseline = ManyCategories.UNIFORM.profile("merchant", "m", 50_000, 50_000, random);
        ModelProfile stable = ManyCategories.UNIFORM.profile("merchant", "m", 50_000, 50_000, random);

        WindowResult result = evaluator.evaluate(window(1), ProfileComparator.compare(baseline, stable), new AlertBook());

        assertThat(result.alerts()).isEmpty();
        DriftStats merchant = result.stats().get(0);
        assertThat(merchant.getNewCategoryRate()).as("past the 5 % threshold: only the test of chance keeps it quiet")
                .isGreaterThan(0.25);
        assertThat(merchant.getNewCategoryPvalue()).isGreaterThan(0.01);
        assertThat(merchant.getDrifted()).isFalse();
    }

    /**
     * A stationary model of 200 features (100 numeric, 100 categorical, each missing 10 % of the time) over
     * 40 windows of 500 events against one baseline of 500: every p-value alert is a false alarm.
     */
    @Test
    void benjaminiHochbergKeepsAStationaryModelOf200FeaturesQuiet() {
        Random random = new Random(42);
        ModelProfile baseline = stationary(random);
        int[] alarms = new int[Correction.values().length];
        for (int w = 0; w < 40; w++) {
            ProfileComparison comparison = ProfileComparator.compare(baseline, stationary(random));
            for (Correction correction : Correction.values()) {
                DriftEvaluator corrected = new DriftEvaluator(DriftThresholds.DEFAULTS.withCorrection(correction));
                for (Alert alert : corrected.evaluate(window(w), comparison, new AlertBook()).alerts()) {
                    alarms[correction.ordinal()] += P_VALUE_RULES.contains(alert.getRule()) ? 1 : 0;
                }
            }
        }
        System.out.printf("p-value false alarms over 40 windows x 200 features: none %d, Bonferroni %d, BH %d%n",
                alarms[Correction.NONE.ordinal()], alarms[Correction.BONFERRONI.ordinal()],
                alarms[Correction.BENJAMINI_HOCHBERG.ordinal()]);
        assertThat(alarms[Correction.NONE.ordinal()]).isGreaterThanOrEqualTo(5);
        assertThat(alarms[Correction.BENJAMINI_HOCHBERG.ordinal()])
                .isLessThanOrEqualTo(alarms[Correction.NONE.ordinal()] / 5);
        assertThat(alarms[Correction.BONFERRONI.ordinal()])
                .isLessThanOrEqualTo(alarms[Correction.BENJAMINI_HOCHBERG.ordinal()]);
    }

    private static final Set<String> P_VALUE_RULES =
            Set.of("ks", "chi2", "out_of_range_rate", "missing_rate", "type_mismatch_rate");

    private static ModelProfile stationary(Random random) {
        ModelProfile profile = new ModelProfile();
        for (int e = 0; e < 500; e++) {
            profile.countEvent();
            for (int f = 0; f < 100; f++) {
                if (random.nextDouble() < 0.1) {
                    profile.addMissing("n" + f);
                    profile.addMissing("c" + f);
                    continue;
                }
                profile.numericFeature("n" + f).add(random.nextGaussian());
                profile.categoricalFeature("c" + f).add("level" + (int) (5 * random.nextDouble()));
            }
        }
        return profile;
    }
}
