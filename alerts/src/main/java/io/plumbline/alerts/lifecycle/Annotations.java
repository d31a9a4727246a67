package io.plumbline.alerts.lifecycle;

/**
 * The annotations of an alert that a program acts on, beside those worded for the person on call (summary,
 * description, evidence, …).
 */
public final class Annotations {

    /** Every alert's: the section of the runbooks about its rule ({@link Runbooks#url}). */
    public static final String RUNBOOK_URL = "runbook_url";

    /**
     * A resolution's, when the alert resolved because its model version or LLM variant was retired: the
     * retirement's event time, RFC 3339 in UTC as {@code starts_at} and {@code ends_at}. A reader that exposes the
     * version's or variant's series removes them then.
     */
    public static final String RETIRED_AT = "retired_at";

    private Annotations() {
    }
}
