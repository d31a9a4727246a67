package io.plumbline.alerts.lifecycle;

/**
 * What one window did to one alert.
 *
 * @param kind whether the alert started firing, resolved, or stayed as it was
 * @param startsAt event time (epoch millis) at which the firing began; 0 when unchanged
 */
public record AlertChange(Kind kind, long startsAt) {

    public enum Kind { UNCHANGED, FIRED, RESOLVED }

    static final AlertChange UNCHANGED = new AlertChange(Kind.UNCHANGED, 0);
}
