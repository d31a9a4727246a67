package io.plumbline.jobs.kafka;

import java.util.EnumMap;
import java.util.Map;

import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The step between the source and the keyBy: accepted, timely events go on to the keyed stage;
 * rejected records and late events go to the {@link #DEAD_LETTERS} side output.
 *
 * <p>Lateness ({@link WindowLateness}: every window the event belongs to has closed) is judged here, before the
 * shuffle, against this subtask's watermark, which is the source's own (per-partition watermarks, combined).
 * Judging it here keeps late events from crossing the shuffle, and keeps their original bytes for the dead
 * letter. The keyed stage's watermark lags this one, so it sees no event for a closed window either, save one
 * case: a partition that resumes after being idle, behind the watermark the other source subtasks set (the
 * keyed stage dead-letters those by where they were read: {@link KeyedStageDeadLetters}).
 * Each dead letter is counted per reason, so none disappears silently; a record over {@value #MAX_RECORD_BYTES}
 * is counted as turned away by that limit as well ({@link TurnedAway}).
 *
 * <p>The same for every kind of event: the event time it judges is the one the source's
 * deserialization schema read into the {@link DecodedRecord}.
 *
 * @param <E> the event: a prediction, an LLM call
 */
public final class DeadLetterRouter<E> extends ProcessFunction<DecodedRecord<E>, E> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", PlumblineTypes.DEAD_LETTER);

    /** The config key of the limit behind {@link RejectReason#TOO_LARGE}. */
    static final String MAX_RECORD_BYTES = "limits.max-record-bytes";

    private final WindowLateness lateness;
    private transient Map<RejectReason, Counter> deadLetters;
    private transient Counter tooLarge;

    public DeadLetterRouter(WindowLateness lateness) {
        this.lateness = lateness;
    }

    @Override
    public void open(OpenContext context) {
        deadLetters = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            deadLetters.put(reason, getRuntimeContext().getMetricGroup()
                    .addGroup("reason", reason.code()).counter("deadLetters"));
        }
        tooLarge = TurnedAway.counter(getRuntimeContext().getMetricGroup(), MAX_RECORD_BYTES);
    }

    @Override
    public void processElement(DecodedRecord<E> record, Context ctx, Collector<E> out) {
        if (!record.isAccepted()) {
            deadLetter(record.rejection(), ctx);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (lateness.isLate(record.eventTimeMillis(), watermark)) {
            deadLetter(new DeadLetter(record.raw(), RejectReason.LATE,
                    lateness.explain(record.eventTimeMillis(), watermark)), ctx);
            return;
        }
        out.collect(record.event());
    }

    private void deadLetter(DeadLetter letter, Context ctx) {
        deadLetters.get(letter.reason()).inc();
        if (letter.reason() == RejectReason.TOO_LARGE) {
            tooLarge.inc();
        }
        ctx.output(DEAD_LETTERS, letter);
    }
}
