package io.plumbline.jobs.kafka;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.plumbline.schemas.event.SourcePosition;
import io.plumbline.schemas.validation.RejectReason;

/**
 * The dead letter of an event that a keyed stage cannot place: every window it belongs to has closed. The
 * late check before the shuffle catches almost every late event, with its original bytes; what it cannot
 * catch is an event of a partition that resumes after a quiet spell behind the watermark that other source
 * subtasks already moved the keyed stage to. Such an event's bytes were left behind at the shuffle, so its
 * dead letter carries no value and points at the original instead: the source topic, partition and offset
 * (headers {@code plumbline.source.*}), which still hold it.
 */
public final class LateAfterShuffle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String sourceTopic;
    private final String stage;

    /**
     * @param sourceTopic the topic the keyed stage's events come from
     * @param stage what the detail calls the keyed stage, e.g. "drift windows"
     */
    public LateAfterShuffle(String sourceTopic, String stage) {
        this.sourceTopic = Objects.requireNonNull(sourceTopic, "sourceTopic");
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    public DeadLetter letter(SourcePosition event, long eventTimeMillis, long watermark) {
        RawRecord original = new RawRecord(sourceTopic, event.sourcePartition(), event.sourceOffset(), null, null);
        return new DeadLetter(original, RejectReason.LATE, "event time " + Instant.ofEpochMilli(eventTimeMillis)
                + " is behind the " + stage + " watermark " + Instant.ofEpochMilli(watermark)
                + " (its partition resumed after a quiet spell, behind the others); the record is at "
                + sourceTopic + "-" + event.sourcePartition() + " offset " + event.sourceOffset());
    }
}
