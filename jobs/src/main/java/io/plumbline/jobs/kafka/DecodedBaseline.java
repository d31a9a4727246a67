package io.plumbline.jobs.kafka;

import java.util.Objects;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.schemas.validation.RejectReason;

/**
 * What the baselines source emits for each Kafka record: the decoded reference baseline, or why it
 * could not be read, with the raw record a dead letter carries.
 *
 * @param baseline the decoded reference; null when rejected
 * @param rejection why the record was rejected; null when accepted
 */
public record DecodedBaseline(RawRecord raw, ReferenceBaseline baseline, DeadLetter rejection) {

    public DecodedBaseline {
        Objects.requireNonNull(raw, "raw");
        if ((baseline == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of baseline and rejection");
        }
    }

    public static DecodedBaseline accepted(RawRecord raw, ReferenceBaseline baseline) {
        return new DecodedBaseline(raw, Objects.requireNonNull(baseline, "baseline"), null);
    }

    public static DecodedBaseline rejected(RawRecord raw, RejectReason reason, String detail) {
        return new DecodedBaseline(raw, null, new DeadLetter(raw, reason, detail));
    }

    public boolean isAccepted() {
        return baseline != null;
    }
}
