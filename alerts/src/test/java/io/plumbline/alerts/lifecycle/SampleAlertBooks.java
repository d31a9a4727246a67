package io.plumbline.alerts.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Alert books for the format tests and the golden files: the alerts of a drifted model version. */
public final class SampleAlertBooks {

    /** When the alerts of the samples started firing. */
    public static final long SINCE = 1_735_689_600_000L;

    private SampleAlertBooks() {
    }

    /** The labels of a drift alert of credit-risk v3, as the drift rules label it; feature null: the model's. */
    public static Map<String, String> labels(String feature, String rule) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule);
        labels.put("model_id", "credit-risk");
        labels.put("model_version", "v3");
        if (feature != null) {
            labels.put("feature", feature);
        }
        labels.put("severity", "warning");
        return labels;
    }

    /** Feature income's KS alert and the model's drift share, firing. */
    public static AlertBook firing() {
        AlertBook book = new AlertBook();
        book.observe(labels("income", "ks"), true, SINCE);
        book.observe(labels(null, "drift_share"), true, SINCE + 60_000);
        return book;
    }

    /**
     * Every form an alert takes in the current format: the book of the version 1 golden file (which
     * holds {@link #firing}'s alerts without labels) after a version that keeps labels took it over: its
     * drift share resolved and fired again, and feature age's PSI fired. Income's KS alert is still the
     * one without labels.
     */
    public static AlertBook golden() {
        AlertBook book;
        try (InputStream in = SampleAlertBooks.class.getResourceAsStream("/golden/alert-book-v1.bin")) {
            book = AlertBook.fromBytes(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        book.observe(labels(null, "drift_share"), false, SINCE + 120_000);
        book.observe(labels(null, "drift_share"), true, SINCE + 180_000);
        book.observe(labels("age", "psi"), true, SINCE + 180_000);
        return book;
    }
}
