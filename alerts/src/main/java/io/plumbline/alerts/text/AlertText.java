package io.plumbline.alerts.text;

import io.plumbline.detectors.stats.MultipleTesting.Correction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How every alert, drift and LLM, writes its numbers and its p-values. */
public final class AlertText {

    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_UP);

    private AlertText() {
    }

    /** Three significant digits: enough to check a decision, short enough to read on a pager. */
    public static String number(double v) {
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        // Every window writes a few of these per feature, alerting or not, and a Formatter with two regular
        // expressions costs microseconds. Below 1000 after rounding, %.3g prints the decimal digits Double.toString
        // gives rounded half-up to three, which BigDecimal does alike; the rest keeps the Formatter.
        if (v != 0 && Math.abs(v) < 999) {
            return new BigDecimal(Double.toString(v)).round(THREE_DIGITS).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }

    /**
     * A p-value as evidence. The tests compute p as one minus a CDF, so anything below double
     * precision comes out as 0: say "below 1e-15" rather than claim certainty.
     */
    public static String pValue(double p) {
        return p < 1e-15 ? "p<1e-15" : "p=" + number(p);
    }

    /**
     * The p-value condition of a rule: {@code p < threshold}, and how it is adjusted when {@code tests} of
     * {@code family} (e.g. "the model's") were tested together.
     */
    public static String pCondition(double threshold, int tests, Correction correction, String family) {
        return "p < " + number(threshold) + (tests <= 1 ? "" : switch (correction) {
            case NONE -> "";
            case BONFERRONI -> " (Bonferroni-adjusted over " + family + " tests in the window)";
            case BENJAMINI_HOCHBERG -> " (Benjamini-Hochberg-adjusted over " + family + " tests in the window)";
        });
    }

    /** A test's p-value as evidence, with its adjusted value when {@code tests} were tested together. */
    public static String pEvidence(double p, double adjusted, int tests, Correction correction) {
        if (correction == Correction.NONE || tests <= 1) {
            return pValue(p);
        }
        return pValue(p) + " (adjusted " + (adjusted < 1e-15 ? "<1e-15" : number(adjusted)) + " over " + tests
                + " tests)";
    }
}
