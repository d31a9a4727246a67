package io.plumbline.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.plumbline.alerts.lifecycle.AlertBook;
import io.plumbline.alerts.lifecycle.Fingerprint;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.schemas.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DriftEvaluator#retire}: what becomes of the alerts of a model version that no longer sends predictions. */
class DriftEvaluatorRetireTest {

    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;

    private final DriftEvaluator evaluator = new DriftEvaluator(DriftThresholds.DEFAULTS);
    private final AlertBook book = new AlertBook();

    /** Window 2 (a minute) of credit-risk v3, where income and the prediction drift: three alerts fire. */
    private List<Alert> fireOnIncomeAndPrediction() {
        WindowContext window = new WindowContext("credit-risk", "v3", 2 * MIN, 3 * MIN, "warmup", 0, MIN, 5000, 5100);
        FeatureComparison income = Comparisons.numeric().sizes(5000, 5100).current(3, 1).psi(0.05, Double.NaN)
                .ks(0.08, 1e-12).build();
        FeatureComparison age = Comparisons.numeric().sizes(5000, 5100).psi(0.01, Double.NaN).ks(0.01, 0.9).build();
        FeatureComparison prediction = Comparisons.numeric().sizes(5000, 5100).psi(0.02, Double.NaN).ks(0.09, 1e-12)
                .build();
        List<Alert> fired = evaluator.evaluate(window,
                new ProfileComparison(Map.of("age", age, "income", income), prediction), book).alerts();
        assertThat(fired).extracting(Alert::getRule).containsExactly("ks", "ks", "drift_share");
        return fired;
    }

    /** Retired at 1:03 after an hour without predictions since the end of window 2. */
    private static Retirement retirement() {
        return new Retirement("credit-risk", "v3", 3 * MIN, HOUR + 3 * MIN, HOUR);
    }

    @Test
    void everyFiringAlertResolvesUnderItsFingerprintSayingWhy() {
        List<Alert> fired = fireOnIncomeAndPrediction();

        List<Alert> resolved = evaluator.retire(retirement(), List.of("age", "income"), book);

        assertThat(resolved).extracting(Alert::getFingerprint)
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(Alert::getFingerprint).toList());
        assertThat(book.firingCount()).isZero();
        assertThat(resolved).allSatisfy(alert -> {
            assertThat(alert.getStatus()).isEqualTo("resolved");
            assertThat(alert.getSeverity()).isEqualTo("warning");
            assertThat(alert.getFingerprint()).isEqualTo(Fingerprint.of(alert.getLabels()));
            assertThat(alert.getStartsAt()).isEqualTo("1970-01-01T00:02:00Z");
            assertThat(alert.getEndsAt()).as("nothing held it up after the last predictions")
                    .isEqualTo("1970-01-01T00:03:00Z");
            assertThat(alert.getWindowStart()).isEqualTo(3 * MIN);
            assertThat(alert.getWindowEnd()).isEqualTo(HOUR + 3 * MIN);
            assertThat(alert.getValue()).as("no window measured anything").isNaN();
            assertThat(alert.getThreshold()).isNaN();
            assertThat(alert.getAnnotations()).containsEntry("evidence", "no predictions since 1970-01-01T00:03:00Z")
                    .containsEntry("window", "1970-01-01T00:03:00Z/1970-01-01T01:03:00Z")
                    .containsEntry("retired_at", "1970-01-01T01:03:00Z")
                    .containsEntry("runbook_url", "docs/runbooks.md#" + alert.getRule());
        });
        Alert income = resolved.stream().filter(a -> "income".equals(a.getLabels().get("feature"))).findFirst()
                .orElseThrow();
        assertThat(income.getLabels()).isEqualTo(fired.get(0).getLabels());
        assertThat(income.getRule()).isEqualTo("ks");
        assertThat(income.getAnnotations()).containsEntry("summary",
                "credit-risk v3: feature 'income' resolved, model version retired after 1h without predictions (ks)");
        assertThat(income.getAnnotations().get("description")).isEqualTo("Resolved without a verdict: credit-risk v3"
                + " had no predictions since 1970-01-01T00:03:00Z and was retired after 1h without predictions"
                + " (model-idle-after). Feature 'income' had drifted since 1970-01-01T00:02:00Z; nothing is left to"
                + " judge. Its windows and learnt baseline are forgotten: if it sends predictions again, they are"
                + " judged afresh, against a new baseline unless a reference baseline was published for it.");
        Alert model = resolved.stream().filter(a -> a.getRule().equals("drift_share")).findFirst().orElseThrow();
        assertThat(model.getAnnotations().get("description")).contains("The model's features had drifted since");
    }

    /** A reference may have replaced the types and the baseline that named the feature: the book still knows it. */
    @Test
    void everyFiringAlertResolvesFromTheBookAloneAlsoForAFeatureNotNamed() {
        List<Alert> fired = fireOnIncomeAndPrediction();

        List<Alert> resolved = evaluator.retire(retirement(), List.of(), book);

        assertThat(resolved).extracting(Alert::getLabels)
                .containsExactlyInAnyOrderElementsOf(fired.stream().map(Alert::getLabels).toList());
        assertThat(book.firingCount()).isZero();
    }

    /**
     * A book of format version 1 kept no labels: its alerts are labelled as the model's, the prediction's, or
     * those of the features named; any other stays in the book.
     */
    @Test
    void anAlertWithoutLabelsResolvesOnlyIfItsFeatureIsNamed() throws IOException {
        AlertBook old;
        try (InputStream in = getClass().getResourceAsStream("/golden/alert-book-v1.bin")) {
            old = AlertBook.fromBytes(in.readAllBytes());  // income's ks and the drift share, firing
        }

        assertThat(evaluator.retire(retirement(), List.of("age"), old)).extracting(Alert::getRule)
                .containsExactly("drift_share");
        assertThat(old.firingCount()).isEqualTo(1);
        assertThat(evaluator.retire(retirement(), List.of("age", "income"), old))
                .extracting(a -> a.getLabels().get("feature"), Alert::getRule).containsExactly(tuple("income", "ks"));
        assertThat(old.firingCount()).isZero();
    }

    @Test
    void nothingFiringResolvesNothing() {
        assertThat(evaluator.retire(retirement(), List.of("age", "income"), book)).isEmpty();
    }

    @Test
    void aRetirementComesAtLeastTheIdleSpanAfterTheLastPredictions() {
        assertThatThrownBy(() -> new Retirement("credit-risk", "v3", 3 * MIN, HOUR, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after its last predictions");
    }
}
