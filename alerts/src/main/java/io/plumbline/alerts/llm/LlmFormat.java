package io.plumbline.alerts.llm;

import java.util.Locale;

/** Numbers as the LLM alerts print them: enough digits to check a decision, short enough to read on a pager. */
final class LlmFormat {

    private LlmFormat() {
    }

    /** Three significant digits; scientific below 0.001 and from a million. */
    static String number(double v) {
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }

    static String seconds(double v) {
        return number(v) + " s";
    }

    /** Dollars to the cent from a dollar up; three significant digits below, where a call's cost lives. */
    static String usd(double v) {
        return Math.abs(v) >= 1 ? String.format(Locale.ROOT, "$%,.2f", v) : "$" + number(v);
    }

    static String percent(double share) {
        return number(100 * share) + " %";
    }

    /**
     * A p-value as evidence. The tests compute p as one minus a CDF or as erfc, so anything below double
     * precision comes out as 0: say "below 1e-15" rather than claim certainty.
     */
    static String pValue(double p) {
        return p < 1e-15 ? "p<1e-15" : "p=" + number(p);
    }
}
