package io.plumbline.jobs.kafka;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

import io.plumbline.jobs.state.KeyLimit;
import io.plumbline.jobs.window.SourcePositions;
import io.plumbline.schemas.event.SourcePosition;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The dead letters of a keyed stage, after the shuffle, where an event's original bytes no longer are: they
 * were left behind at the late check before it. Such a dead letter carries no value and points at the
 * original instead, by the source topic, partition and offset (headers {@code plumbline.source.*}), which
 * still hold it.
 *
 * <ul>
 *   <li>{@code late}: every window the event belongs to has closed. The late check before the shuffle
 *       catches almost every late event, with its bytes; what it cannot catch is an event of a partition
 *       that resumes after a quiet spell behind the watermark other source subtasks already moved the
 *       keyed stage to.
 *   <li>{@code over_limit}: the event would start a new key while the stage keeps state for as many keys
 *       as it may ({@link KeyLimit}).
 * </ul>
 *
 * <p>Call {@link #open} from the stage's {@code open} before the first dead letter.
 */
public final class KeyedStageDeadLetters implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String sourceTopic;
    private final String stage;
    private transient Counter late;
    private transient Counter overLimit;

    /**
     * @param sourceTopic the topic the keyed stage's events come from
     * @param stage what the detail calls the keyed stage, e.g. "drift windows"
     */
    public KeyedStageDeadLetters(String sourceTopic, String stage) {
        this.sourceTopic = Objects.requireNonNull(sourceTopic, "sourceTopic");
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    /** Counts each dead letter per reason, as the router before the shuffle does ({@code deadLetters}). */
    public void open(MetricGroup metrics) {
        late = metrics.addGroup("reason", RejectReason.LATE.code()).counter("deadLetters");
        overLimit = metrics.addGroup("reason", RejectReason.OVER_LIMIT.code()).counter("deadLetters");
    }

    public DeadLetter late(SourcePosition event, long eventTimeMillis, long watermark) {
        return late(event.sourcePartition(), event.sourceOffset(), eventTimeMillis, watermark);
    }

    /** The dead letters of a pre-aggregated partial's late events, one per event, by position. */
    public void late(SourcePositions events, long watermark, Consumer<DeadLetter> out) {
        for (int i = 0; i < events.size(); i++) {
            out.accept(late(events.partition(i), events.offset(i), events.time(i), watermark));
        }
    }

    private DeadLetter late(int sourcePartition, long sourceOffset, long eventTimeMillis, long watermark) {
        late.inc();
        return letter(sourcePartition, sourceOffset, RejectReason.LATE, "event time " + Instant.ofEpochMilli(eventTimeMillis)
                + " is behind the " + stage + " watermark " + Instant.ofEpochMilli(watermark)
                + " (its partition resumed after a quiet spell, behind the others)");
    }

    /**
     * @param key what the event would start, e.g. "model version credit-risk/v9"
     * @param limit the limit it would pass, which has counted it as turned away already
     */
    public DeadLetter overLimit(SourcePosition event, String key, KeyLimit limit) {
        return overLimit(event.sourcePartition(), event.sourceOffset(), key, limit, "");
    }

    /**
     * The dead letters of a pre-aggregated partial whose key would pass the limit, one per event, by position.
     *
     * @param key what the partial would start, e.g. "model version credit-risk/v9"
     */
    public void overLimit(SourcePositions events, String key, KeyLimit limit, Consumer<DeadLetter> out) {
        for (int i = 0; i < events.size(); i++) {
            out.accept(overLimit(events.partition(i), events.offset(i), key, limit, ""));
        }
    }

    /**
     * A record that a stage after another refuses, by the position of the event it came from.
     *
     * @param besides what became of the event before this stage, appended to the detail; empty for nothing
     */
    public DeadLetter overLimit(int sourcePartition, long sourceOffset, String key, KeyLimit limit, String besides) {
        overLimit.inc();
        return letter(sourcePartition, sourceOffset, RejectReason.OVER_LIMIT, "the " + stage + " keep state for "
                + limit.limit() + " keys (" + limit.configKey() + ") and " + key + " would be one more; raise "
                + limit.configKey() + " (and the heap) if these are real" + (besides.isEmpty() ? "" : "; " + besides));
    }

    private DeadLetter letter(int partition, long offset, RejectReason reason, String why) {
        RawRecord original = new RawRecord(sourceTopic, partition, offset, null, null);
        return new DeadLetter(original, reason, why + "; the record is at " + sourceTopic + "-" + partition
                + " offset " + offset);
    }
}
