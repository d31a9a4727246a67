package io.plumbline.jobs.kafka;

import java.util.Objects;

import io.plumbline.schemas.validation.RejectReason;

/** A rejected input record on its way to the dead-letter topic: the original bytes and why. */
public record DeadLetter(RawRecord raw, RejectReason reason, String detail) {

    public DeadLetter {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
