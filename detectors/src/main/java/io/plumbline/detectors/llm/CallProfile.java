package io.plumbline.detectors.llm;

import io.plumbline.detectors.sketch.QuantileSketch;
import io.plumbline.detectors.sketch.Saturating;
import java.util.Map;
import java.util.SortedMap;

/**
 * The calls of one {@link CallVariant} of a route over one window or pane: counts, token and cost sums,
 * and quantile sketches of latency, time to first chunk, output speed, input and output length and eval score.
 * Updated in place by {@link #record}; mergeable.
 *
 * <p>Latency, time to first chunk, output speed and input and output length are summarised over calls that succeeded: a failure
 * answered in milliseconds (a rate limit, say) would pull the percentiles down just when the service
 * degrades, and failures have their own rate. Tokens, cost, refusals and eval scores count for every call.
 *
 * <p>Output tokens per second = output tokens / generation time, where the generation time is latency
 * minus time to first chunk for a streamed call (the time the tokens took to arrive) and the latency
 * otherwise. It is not measured for a call without output tokens, without a latency, or with a
 * generation time under {@value #MIN_GENERATION_SECONDS} s (the answer came at once, or the clocks
 * disagree: time to first chunk at or past the end), which would make the rate meaningless or infinite.
 *
 * <p>Every total saturates ({@link Saturating}): counts and tokens stop at {@link Long#MAX_VALUE}, the cost at
 * {@link Double#MAX_VALUE}, however many calls or merged windows feed them. A call may report any token count
 * a long holds and any finite cost, so two absurd calls must not wrap a total negative or make it infinite:
 * either would turn the window's statistics into nonsense and make the profile unwritable.
 */
public final class CallProfile {
    /** Below this, a generation time is clock noise, not a duration a rate can be divided by. */
    public static final double MIN_GENERATION_SECONDS = 0.001;

    /** A 12-byte header, eight longs, a double and seven compressed references. */
    private static final long OWN_HEAP_BYTES = 112;

    private long requests;
    private final ErrorCounts errors;
    private long refusals;
    private long contentFiltered;
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long reasoningTokens;
    private double costUsd;
    private long pricedCalls;
    private final QuantileSketch latency;
    private final QuantileSketch timeToFirstChunk;
    private final QuantileSketch outputTokensPerSecond;
    private final QuantileSketch evalScores;
    private final QuantileSketch outputTokensPerCall;
    private final QuantileSketch inputTokensPerCall;

    public CallProfile() {
        this(new ErrorCounts(), new QuantileSketch(), new QuantileSketch(), new QuantileSketch(), new QuantileSketch(),
                new QuantileSketch(), new QuantileSketch());
    }

    private CallProfile(ErrorCounts errors, QuantileSketch latency, QuantileSketch timeToFirstChunk,
                        QuantileSketch outputTokensPerSecond, QuantileSketch evalScores,
                        QuantileSketch outputTokensPerCall, QuantileSketch inputTokensPerCall) {
        this.outputTokensPerCall = outputTokensPerCall;
        this.inputTokensPerCall = inputTokensPerCall;
        this.errors = errors;
        this.latency = latency;
        this.timeToFirstChunk = timeToFirstChunk;
        this.outputTokensPerSecond = outputTokensPerSecond;
        this.evalScores = evalScores;
    }

    /** Counts one call. */
    public void record(CallObservation call) {
        requests = Saturating.add(requests, 1);
        if (call.isError()) {
            errors.add(call.errorType());
        }
        if (call.refusal()) {
            refusals = Saturating.add(refusals, 1);
        }
        if (call.contentFiltered()) {
            contentFiltered = Saturating.add(contentFiltered, 1);
        }
        inputTokens = Saturating.add(inputTokens, call.inputTokens());
        outputTokens = Saturating.add(outputTokens, call.outputTokens());
        cacheReadTokens = Saturating.add(cacheReadTokens, call.cacheReadTokens());
        reasoningTokens = Saturating.add(reasoningTokens, call.reasoningTokens());
        if (!Double.isNaN(call.costUsd())) {
            costUsd = Saturating.add(costUsd, call.costUsd());
            pricedCalls = Saturating.add(pricedCalls, 1);
        }
        if (!Double.isNaN(call.evalScore())) {
            evalScores.add(call.evalScore());
        }
        if (!call.isError()) {
            recordTimings(call);
        }
    }

    private void recordTimings(CallObservation call) {
        double total = call.latencySeconds();
        double firstChunk = call.timeToFirstChunkSeconds();
        if (!Double.isNaN(total)) {
            latency.add(total);
        }
        if (!Double.isNaN(firstChunk)) {
            timeToFirstChunk.add(firstChunk);
        }
        if (call.outputTokens() > 0) {
            outputTokensPerCall.add(call.outputTokens());
        }
        if (call.inputTokens() > 0) {
            inputTokensPerCall.add(call.inputTokens());
        }
        double generation = Double.isNaN(firstChunk) ? total : total - firstChunk;
        if (call.outputTokens() > 0 && generation >= MIN_GENERATION_SECONDS) {
            outputTokensPerSecond.add(call.outputTokens() / generation);
        }
    }

    /** Adds {@code other}'s calls to this profile; {@code other} is left as it was. */
    public void merge(CallProfile other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a profile into itself");
        }
        requests = Saturating.add(requests, other.requests);
        errors.merge(other.errors);
        refusals = Saturating.add(refusals, other.refusals);
        contentFiltered = Saturating.add(contentFiltered, other.contentFiltered);
        inputTokens = Saturating.add(inputTokens, other.inputTokens);
        outputTokens = Saturating.add(outputTokens, other.outputTokens);
        cacheReadTokens = Saturating.add(cacheReadTokens, other.cacheReadTokens);
        reasoningTokens = Saturating.add(reasoningTokens, other.reasoningTokens);
        costUsd = Saturating.add(costUsd, other.costUsd);
        pricedCalls = Saturating.add(pricedCalls, other.pricedCalls);
        latency.merge(other.latency);
        timeToFirstChunk.merge(other.timeToFirstChunk);
        outputTokensPerSecond.merge(other.outputTokensPerSecond);
        evalScores.merge(other.evalScores);
        outputTokensPerCall.merge(other.outputTokensPerCall);
        inputTokensPerCall.merge(other.inputTokensPerCall);
    }

    public boolean isEmpty() {
        return requests == 0;
    }

    public long requests() {
        return requests;
    }

    /** Failed calls by {@code error.type}, bounded (see {@link ErrorCounts}); a sorted copy. */
    public SortedMap<String, Long> errorsByType() {
        return errors.byType();
    }

    public long errors() {
        return errors.total();
    }

    /** Failed calls per call; NaN without calls. */
    public double errorRate() {
        return share(errors.total());
    }

    public long refusals() {
        return refusals;
    }

    /** Refused calls per call; NaN without calls. */
    public double refusalRate() {
        return share(refusals);
    }

    public long contentFiltered() {
        return contentFiltered;
    }

    /** Content-filtered calls per call; NaN without calls. */
    public double contentFilterRate() {
        return share(contentFiltered);
    }

    /** Input tokens, cache reads included; saturates at {@link Long#MAX_VALUE}, as every count here does. */
    public long inputTokens() {
        return inputTokens;
    }

    /** Output tokens, reasoning included. */
    public long outputTokens() {
        return outputTokens;
    }

    public long cacheReadTokens() {
        return cacheReadTokens;
    }

    public long reasoningTokens() {
        return reasoningTokens;
    }

    /** Cost of the priced calls, in USD; finite, saturating at {@link Double#MAX_VALUE}. */
    public double costUsd() {
        return costUsd;
    }

    public long pricedCalls() {
        return pricedCalls;
    }

    /** Calls neither the sender nor the price table priced: their cost is missing from {@link #costUsd()}. */
    public long unpricedCalls() {
        return requests - pricedCalls;
    }

    /** Mean cost of a priced call, what a cost spike is judged on (a traffic spike is the budget's business); NaN when none was priced. */
    public double meanCostPerPricedCall() {
        return pricedCalls == 0 ? Double.NaN : costUsd / pricedCalls;
    }

    /** Latency of the calls that succeeded, in seconds; read, do not add to it. */
    public QuantileSketch latency() {
        return latency;
    }

    /** Time to first chunk of the streamed calls that succeeded, in seconds; read, do not add to it. */
    public QuantileSketch timeToFirstChunk() {
        return timeToFirstChunk;
    }

    /** Output tokens per second (see the class comment); read, do not add to it. */
    public QuantileSketch outputTokensPerSecond() {
        return outputTokensPerSecond;
    }

    /** Eval scores in [0, 1]: count, mean and quantiles (p10 for a quality floor); read, do not add to it. */
    public QuantileSketch evalScores() {
        return evalScores;
    }

    /**
     * Output tokens of each successful call that returned any: the length of the answers, whose drift a
     * release or a model change shows first. An empty answer is not in it (embeddings have no output).
     */
    public QuantileSketch outputTokensPerCall() {
        return outputTokensPerCall;
    }

    /**
     * Input tokens of each successful call that reported any, cache reads included: the length of the prompts,
     * which OpenTelemetry's token-usage histogram shows beside the answers'.
     */
    public QuantileSketch inputTokensPerCall() {
        return inputTokensPerCall;
    }

    /** Estimated heap of this profile and everything it owns, in bytes (64-bit JVM, compressed oops). */
    public long estimatedHeapBytes() {
        return OWN_HEAP_BYTES + errors.heapBytes()
                + latency.estimatedHeapBytes() + timeToFirstChunk.estimatedHeapBytes()
                + outputTokensPerSecond.estimatedHeapBytes() + evalScores.estimatedHeapBytes()
                + outputTokensPerCall.estimatedHeapBytes() + inputTokensPerCall.estimatedHeapBytes();
    }

    /** Everything this profile holds, for writing it out; see {@link #of(State)}. The sketches are this profile's own. */
    public State state() {
        return new State(requests, errors.byType(), refusals, contentFiltered, inputTokens, outputTokens, cacheReadTokens,
                reasoningTokens, costUsd, pricedCalls, latency, timeToFirstChunk, outputTokensPerSecond, evalScores,
                outputTokensPerCall, inputTokensPerCall);
    }

    /**
     * A profile of these parts, adopting (not copying) the sketches; throws IllegalArgumentException,
     * naming the fault, for parts no profile can hold (a corrupt or hand-made input).
     */
    public static CallProfile of(State s) {
        require(s.requests() >= 0 && s.refusals() >= 0 && s.contentFiltered() >= 0 && s.pricedCalls() >= 0
                && s.inputTokens() >= 0 && s.outputTokens() >= 0 && s.cacheReadTokens() >= 0 && s.reasoningTokens() >= 0,
                "a negative count");
        require(s.refusals() <= s.requests() && s.contentFiltered() <= s.requests() && s.pricedCalls() <= s.requests(),
                "more refused, filtered or priced calls than the " + s.requests() + " requests");
        require(Double.isFinite(s.costUsd()) && s.costUsd() >= 0, "cost " + s.costUsd() + " is not finite and ≥ 0");
        require(s.errorsByType().size() <= ErrorCounts.MAX_TYPES + 1,
                s.errorsByType().size() + " error types exceed " + ErrorCounts.MAX_TYPES + " and " + ErrorCounts.OTHER);
        ErrorCounts errors = ErrorCounts.of(s.errorsByType());
        require(errors.total() <= s.requests(), errors.total() + " errors exceed the " + s.requests() + " requests");
        long succeeded = s.requests() - errors.total();
        require(s.latency().count() <= succeeded && s.timeToFirstChunk().count() <= succeeded
                        && s.outputTokensPerSecond().count() <= succeeded && s.outputTokensPerCall().count() <= succeeded
                        && s.inputTokensPerCall().count() <= succeeded,
                "more timed calls than the " + succeeded + " that succeeded");
        require(s.evalScores().count() <= s.requests(), "more eval scores than requests");
        CallProfile profile = new CallProfile(errors, s.latency(), s.timeToFirstChunk(), s.outputTokensPerSecond(),
                s.evalScores(), s.outputTokensPerCall(), s.inputTokensPerCall());
        profile.requests = s.requests();
        profile.refusals = s.refusals();
        profile.contentFiltered = s.contentFiltered();
        profile.inputTokens = s.inputTokens();
        profile.outputTokens = s.outputTokens();
        profile.cacheReadTokens = s.cacheReadTokens();
        profile.reasoningTokens = s.reasoningTokens();
        profile.costUsd = s.costUsd();
        profile.pricedCalls = s.pricedCalls();
        return profile;
    }

    private double share(long count) {
        return requests == 0 ? Double.NaN : (double) count / requests;
    }

    private static void require(boolean holds, String fault) {
        if (!holds) {
            throw new IllegalArgumentException("invalid call profile: " + fault);
        }
    }

    /** A profile's contents; the sketches are shared, not copied. */
    public record State(long requests, Map<String, Long> errorsByType, long refusals, long contentFiltered,
                        long inputTokens, long outputTokens, long cacheReadTokens, long reasoningTokens,
                        double costUsd, long pricedCalls, QuantileSketch latency, QuantileSketch timeToFirstChunk,
                        QuantileSketch outputTokensPerSecond, QuantileSketch evalScores,
                        QuantileSketch outputTokensPerCall, QuantileSketch inputTokensPerCall) {
    }
}
