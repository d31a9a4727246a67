package io.plumbline.jobs.llm;

import java.time.Duration;

import io.plumbline.jobs.kafka.DeadLetter;
import io.plumbline.jobs.kafka.DeadLetterRouter;
import io.plumbline.jobs.kafka.DecodedRecord;
import io.plumbline.jobs.kafka.EventWatermarks;
import io.plumbline.jobs.kafka.WindowLateness;
import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.jobs.window.CombinedKey;
import io.plumbline.jobs.window.PaneCombiner;
import io.plumbline.schemas.event.LlmCallRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The input half of the LlmJob, up to its keyBy:
 * <pre>
 * llm-calls ─► decode ─► route dead letters ─► combine windows ─keyBy(service, prompt, operation)─► keyed stage
 *                               └─► dead-letter (rejected and late)
 * </pre>
 * The same steps as the predictions take: decoding in the source with per-partition watermarks on
 * the calls' end times, lateness judged before the shuffle, and a route's calls of one window folded into
 * one partial before it ({@link PaneCombiner}).
 */
public final class LlmCalls {

    private LlmCalls() {
    }

    /**
     * The calls accepted, keyed by {@link LlmKey} and carrying event-time watermarks, and the calls rejected
     * or late before the shuffle, for the job's one dead-letter sink.
     */
    public record Routed(KeyedStream<Either<LlmCallRecord, CallPartial>, String> keyed,
                         DataStream<DeadLetter> deadLetters) {
    }

    /**
     * Wires the LLM calls on {@code env}, up to the keyBy.
     *
     * @param calls decoded LLM calls, accepted or rejected ({@code KafkaIo.llmCallsSource} in production)
     * @param outOfOrderness how far behind the newest end time a call may arrive and still count
     * @param idleness after how long a silent partition stops holding the watermark back
     * @param windowSize the LLM windows' length: a call is late once its window has closed
     * @param partials how the calls are folded before the shuffle, one partial per route and window
     * @param maxRoutes the most routes folded at once: the LLM stage's {@code limits.llm.max-routes}
     */
    public static Routed route(StreamExecutionEnvironment env, Source<DecodedRecord<LlmCallRecord>, ?, ?> calls,
                               Duration outOfOrderness, Duration idleness, Duration windowSize,
                               CallPartials partials, int maxRoutes) {
        SingleOutputStreamOperator<LlmCallRecord> accepted = env
                .fromSource(calls, EventWatermarks.strategy(outOfOrderness, idleness), "llm-calls",
                        PlumblineTypes.DECODED_LLM_CALL)
                .uid("llm-calls-source")
                .process(new DeadLetterRouter<>(WindowLateness.tumbling(windowSize.toMillis())),
                        PlumblineTypes.LLM_CALL_RECORD)
                .name("route llm dead letters")
                .uid("llm-dead-letter-router");
        KeyedStream<Either<LlmCallRecord, CallPartial>, String> keyed = accepted
                .transform("combine llm windows", PlumblineTypes.CALL_UPDATE, new PaneCombiner<>(partials, maxRoutes))
                .uid("llm-window-combiner")
                .keyBy(new CombinedKey<>(partials), Types.STRING);
        return new Routed(keyed, accepted.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
    }
}
