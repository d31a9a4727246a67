package io.plumbline.jobs.inference;

import java.time.Duration;

import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.RawRecord;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.codec.InferencePairs;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pairs the request and the response of each logged inference, keyed by their CloudEvent id ({@link InferenceId}),
 * into the predictions the drift job reads: one per row of the batch, decoded records like any topic's, so that
 * the late check and everything after it are the same for every input format.
 *
 * <p>The first half of a pair waits in state until the other arrives or the watermark passes its time plus
 * {@code pairWithin}; then it is dropped and counted as {@value #UNPAIRED_METRIC} (a request whose model failed
 * logs no response). A second copy of a waiting half, as an at-least-once logger may send, is counted as
 * {@value #DUPLICATES_METRIC} and dropped. Rejected records pass straight through, for the dead-letter topic.
 * The predictions of a pair are placed at the request's position in the topic, where a late one's dead letter
 * points; a pair that cannot be joined is dead-lettered at its response's position, which does not depend on which
 * half the pairing happened to get first (the halves may come from different partitions).
 */
public final class InferencePairing
        extends KeyedProcessFunction<String, DecodedRecord<InferenceHalf>, DecodedRecord<PredictionRecord>> {

    public static final String UNPAIRED_METRIC = "inferenceHalvesUnpaired";
    public static final String DUPLICATES_METRIC = "inferenceHalvesDuplicated";

    private final String topic;
    private final long pairWithinMillis;
    private transient ValueState<InferenceHalf> waiting;
    private transient Counter unpaired;
    private transient Counter duplicates;

    /** @param topic the topic the halves are read from, for the positions of the predictions */
    public InferencePairing(String topic, Duration pairWithin) {
        this.topic = topic;
        this.pairWithinMillis = pairWithin.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        waiting = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-half",
                PlumblineTypes.INFERENCE_HALF));
        unpaired = getRuntimeContext().getMetricGroup().counter(UNPAIRED_METRIC);
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES_METRIC);
    }

    @Override
    public void processElement(DecodedRecord<InferenceHalf> record, Context ctx,
                               Collector<DecodedRecord<PredictionRecord>> out) throws Exception {
        if (!record.isAccepted()) {
            out.collect(new DecodedRecord<>(record.raw(), null, DecodedRecord.NO_EVENT_TIME, record.rejection()));
            return;
        }
        InferenceHalf half = record.event();
        InferenceHalf first = waiting.value();
        if (first == null) {
            waiting.update(half);
            ctx.timerService().registerEventTimeTimer(expiry(half));
            return;
        }
        if (first.isResponse() == half.isResponse()) {
            duplicates.inc();
            return;
        }
        waiting.clear();
        ctx.timerService().deleteEventTimeTimer(expiry(first));
        InferenceHalf request = half.isResponse() ? first : half;
        InferenceHalf response = half.isResponse() ? half : first;
        try {
            RawRecord at = position(request);
            for (PredictionRecord prediction : InferencePairs.join(request, response)) {
                out.collect(DecodedRecord.accepted(at, prediction, prediction.timestamp()));
            }
        } catch (RejectedRecordException e) {
            out.collect(DecodedRecord.rejected(position(response), e.reason(), "inference " + half.id() + ": "
                    + e.detail()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DecodedRecord<PredictionRecord>> out)
            throws Exception {
        if (waiting.value() != null) {
            unpaired.inc();
            waiting.clear();
        }
    }

    private long expiry(InferenceHalf half) {
        long expiry = half.timestamp() + pairWithinMillis;
        return expiry < half.timestamp() ? Long.MAX_VALUE : expiry;
    }

    private RawRecord position(InferenceHalf half) {
        return new RawRecord(topic, half.sourcePartition(), half.sourceOffset(), null, null);
    }
}
