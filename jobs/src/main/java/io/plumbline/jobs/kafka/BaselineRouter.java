package io.plumbline.jobs.kafka;

import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The step between the baselines source and the keyBy: decoded references go on to the drift
 * stage, undecodable records to {@link DeadLetterRouter#DEAD_LETTERS}, counted under the same
 * metric as rejected predictions. A reference is never late: it has no event time.
 */
public final class BaselineRouter extends ProcessFunction<DecodedBaseline, ReferenceBaseline> {

    private transient Counter undecodable;

    @Override
    public void open(OpenContext context) {
        undecodable = getRuntimeContext().getMetricGroup()
                .addGroup("reason", RejectReason.UNDECODABLE.code()).counter("deadLetters");
    }

    @Override
    public void processElement(DecodedBaseline record, Context ctx, Collector<ReferenceBaseline> out) {
        if (record.isAccepted()) {
            out.collect(record.baseline());
        } else {
            undecodable.inc();
            ctx.output(DeadLetterRouter.DEAD_LETTERS, record.rejection());
        }
    }
}
