package io.plumbline.alerts.rules;

import java.util.Objects;

/**
 * A model version retired for want of predictions ({@code model-idle-after}): nothing is left to judge
 * its alerts with.
 *
 * @param idleSince event time from which it had no predictions: the end of the span its last ones were in
 * @param retiredAt event time of the retirement, at least {@code idleAfter} after {@code idleSince}
 * @param idleAfter how long a model version goes without predictions before it is retired, in milliseconds
 */
public record Retirement(String modelId, String modelVersion, long idleSince, long retiredAt, long idleAfter) {

    public Retirement {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (retiredAt - idleSince < idleAfter) {
            throw new IllegalArgumentException("retired at " + retiredAt + ", less than " + idleAfter
                    + " ms after its last predictions at " + idleSince);
        }
    }
}
