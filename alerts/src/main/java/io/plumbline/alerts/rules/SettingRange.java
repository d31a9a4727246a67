package io.plumbline.alerts.rules;

import io.plumbline.alerts.text.AlertText;

/** What a rule setting takes, in the words a config error shows next to the key. */
public enum SettingRange {
    POSITIVE("a positive number"),
    PROBABILITY("a probability between 0 and 1 (exclusive)"),
    FRACTION("a number from 0 to 1"),
    /** Infinite is off: the rule is not evaluated. */
    POSITIVE_OR_OFF("a positive number"),
    COUNT("a whole number of at least 1"),
    ABOVE_ONE("a ratio above 1"),
    HOURS("a number of hours above 0 and at most 24");

    /** The word that turns a rule off where {@link #POSITIVE_OR_OFF} allows it. */
    public static final String OFF = "off";

    private final String words;

    SettingRange(String words) {
        this.words = words;
    }

    public boolean contains(double v) {
        if (this == POSITIVE_OR_OFF) {
            return v > 0;
        }
        return Double.isFinite(v) && switch (this) {
            case POSITIVE -> v > 0;
            case PROBABILITY -> v > 0 && v < 1;
            case FRACTION -> v >= 0 && v <= 1;
            // An int component holds it: whole and within int range.
            case COUNT -> v >= 1 && v <= Integer.MAX_VALUE && v == Math.rint(v);
            case ABOVE_ONE -> v > 1;
            case HOURS -> v > 0 && v <= 24;
            case POSITIVE_OR_OFF -> throw new AssertionError(this);
        };
    }

    /** What the setting takes, with {@code example} (its default) as the example. */
    public String expectation(double example) {
        if (this == POSITIVE_OR_OFF) {
            return words + " such as 0.1, or " + OFF + " to turn the rule off";
        }
        return words + " such as " + AlertText.number(example);
    }

    /** The value {@code text} sets, or null when it is not a value of this range. */
    public Double parse(String text) {
        if (this == POSITIVE_OR_OFF && text.equalsIgnoreCase(OFF)) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) && contains(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
