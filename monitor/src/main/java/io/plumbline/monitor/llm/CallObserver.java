package io.plumbline.monitor.llm;

import java.util.Optional;

import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.monitor.pricing.CallCost;
import io.plumbline.monitor.pricing.ModelPrice;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.schemas.event.LlmCallRecord;

/**
 * Turns a call into the {@link CallObservation} a window profile records, one reused instance for
 * every call, with the call's cost: the sender's {@code cost.usd} when sent, else its tokens at the
 * price table's price for its model on the day it started. A call the table has no price for is
 * unpriced (its cost NaN, counted apart), never priced at 0; so is a call that succeeded without
 * reporting any tokens, whose cost cannot be known. A failed call without tokens costs nothing on a
 * priced model: providers do not bill a request they refused, and counting it unpriced would keep
 * the unpriced-model alert firing on every rate limit.
 *
 * <p>Public so that the throughput benchmark's plain loop does the same per-call work as the job.
 */
public final class CallObserver {

    private final PriceTable prices;
    private final CallObservation observation = new CallObservation();

    public CallObserver(PriceTable prices) {
        this.prices = prices;
    }

    /** The observation of {@code call}; valid until the next call. */
    public CallObservation observe(LlmCallRecord call) {
        long input = tokens(call.inputTokens());
        long output = tokens(call.outputTokens());
        long cacheRead = tokens(call.cacheReadTokens());
        long reasoning = tokens(call.reasoningTokens());
        return observation.clear()
                .errorType(call.errorType())
                .refusal(call.refusal())
                .contentFiltered(call.contentFiltered())
                .inputTokens(input)
                .outputTokens(output)
                .cacheReadTokens(cacheRead)
                .reasoningTokens(reasoning)
                .costUsd(costUsd(call, input, output, cacheRead, reasoning))
                .latencySeconds(call.latencySeconds())
                .timeToFirstChunkSeconds(call.ttftSeconds())
                .evalScore(call.evalScore());
    }

    private double costUsd(LlmCallRecord call, long input, long output, long cacheRead, long reasoning) {
        if (!Double.isNaN(call.costUsd())) {
            return call.costUsd();
        }
        if (call.errorType() == null && call.inputTokens() == LlmCallRecord.NO_COUNT
                && call.outputTokens() == LlmCallRecord.NO_COUNT) {
            return Double.NaN;
        }
        Optional<ModelPrice> price = prices.lookup(call.provider(), call.responseModel(), call.requestModel(),
                Math.floorDiv(call.startTimeNanos(), 1_000_000L));
        return price.isPresent() ? CallCost.tableUsd(price.get(), input, output, cacheRead, reasoning) : Double.NaN;
    }

    /** A count the call does not report adds nothing to the window's sums. */
    private static long tokens(long count) {
        return count == LlmCallRecord.NO_COUNT ? 0 : count;
    }
}
