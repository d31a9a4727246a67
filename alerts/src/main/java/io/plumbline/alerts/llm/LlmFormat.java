package io.plumbline.alerts.llm;

import io.plumbline.alerts.text.AlertText;
import java.util.Locale;

/** Numbers as the LLM alerts print them: enough digits to check a decision, short enough to read on a pager. */
final class LlmFormat {

    private LlmFormat() {
    }

    /** As the drift alerts print numbers: three significant digits, scientific below 0.001 and from a million. */
    static String number(double v) {
        return AlertText.number(v);
    }

    static String seconds(double v) {
        return number(v) + " s";
    }

    /**
     * Dollars to the cent from a dollar up to a billion; three significant digits below, where a call's cost
     * lives, and from a billion, where only absurd costs are (to the cent, the largest double has 300 digits).
     */
    static String usd(double v) {
        double size = Math.abs(v);
        return size >= 1 && size < 1e9 ? String.format(Locale.ROOT, "$%,.2f", v) : "$" + number(v);
    }

    static String percent(double share) {
        return number(100 * share) + " %";
    }


    static String pValue(double p) {
        return AlertText.pValue(p);
    }
}
