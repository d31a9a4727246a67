package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {

    private static final long MIN = 60_000;

    private final DriftEvaluator evaluator = new DriftEvaluator(DriftThresholds.DEFAULTS);

    private static WindowContext window(int i) {
        return new WindowContext("credit-risk", "v3", i * MIN, (i + 1) * MIN, "warmup", 0, MIN, 5000, 5100);
    }

    private static ProfileComparison comparison(double incomeD, double predictionD) {
        FeatureComparison income = new FeatureComparison("income", FeatureType.NUMERIC, 5000, 5100, 3, 1,
                0.05, incomeD, incomeD > 0.05 ? 1e-12 : 0.3, Double.NaN, Double.NaN);
        FeatureComparison age = new FeatureComparison("age", FeatureType.NUMERIC, 5000, 5100, 0, 0,
                0.01, 0.01, 0.9, Double.NaN, Double.NaN);
        FeatureComparison prediction = new FeatureComparison("prediction", FeatureType.NUMERIC, 5000, 5100, 0, 0,
                0.02, predictionD, predictionD > 0.05 ? 1e-12 : 0.5, Double.NaN, Double.NaN);
        return new ProfileComparison(List.of(age, income), prediction);
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
        assertThat(fired).extracting(a -> a.getLabels().get("feature")).containsExactlyInAnyOrder("income", "prediction");
        Alert income = fired.get(0);
        assertThat(income.getRule()).isEqualTo("ks");
        assertThat(income.getFingerprint()).isEqualTo(Fingerprint.of(income.getLabels()));
        assertThat(income.getStartsAt()).isEqualTo("1970-01-01T00:02:00Z");
        assertThat(income.getEndsAt()).isNull();
        assertThat(income.getAnnotations().get("description"))
                .contains("feature 'income'", "D=0.08", "p=1.00e-12", "warmup window");
        assertThat(income.getAnnotations()).containsEntry("condition", "D >= 0.05 and p < 0.001");
        assertThat(fired.get(1).getLabels()).containsEntry("scope", "prediction");

        assertThat(evaluator.evaluate(window(3), comparison(0.09, 0.09), book).alerts()).isEmpty();

        List<Alert> resolved = evaluator.evaluate(window(4), comparison(0.01, 0.01), book).alerts();
        assertThat(resolved).extracting(Alert::getStatus).containsOnly("resolved");
        assertThat(resolved).extracting(Alert::getFingerprint)
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(Alert::getFingerprint).toList());
        assertThat(resolved.get(0).getStartsAt()).isEqualTo("1970-01-01T00:02:00Z");
        assertThat(resolved.get(0).getEndsAt()).isEqualTo("1970-01-01T00:04:00Z");
        assertThat(book.firingCount()).isZero();
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
}
