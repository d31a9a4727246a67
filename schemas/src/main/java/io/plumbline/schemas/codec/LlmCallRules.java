package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.LlmCallFields.CACHE_READ_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.COST_USD;
import static io.plumbline.schemas.codec.LlmCallFields.END_TIME;
import static io.plumbline.schemas.codec.LlmCallFields.INPUT_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.OUTPUT_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.REASONING_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.START_TIME;
import static io.plumbline.schemas.codec.LlmCallFields.TIME_TO_FIRST_CHUNK;
import static io.plumbline.schemas.codec.PlausibleTimestamps.Unit.NANOS;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.math.BigDecimal;

/**
 * What an LLM call must satisfy beyond its types, judged the same for JSON and Avro. The number
 * rules take values already known to be finite, and pass NaN (absent) through.
 */
final class LlmCallRules {

    /** The configuration keys of {@link LlmCallLimits}, named in details so that a rejection says what to raise. */
    private static final String MAX_TOKENS_KEY = "limits.llm.max-tokens-per-call";
    private static final String MAX_COST_KEY = "limits.llm.max-cost-usd-per-call";
    private static final String MAX_DURATION_KEY = "limits.llm.max-call-duration";
    /**
     * How far the time to first chunk may pass the call's duration: a producer that times the call in
     * epoch milliseconds and the first chunk with a finer clock can see a one-chunk response arrive up
     * to a millisecond after the call ended.
     */
    private static final long TTFT_SLACK_NANOS = 1_000_000;

    /** A reported token count. */
    static long count(String field, long value) throws RejectedRecordException {
        if (value < 0) {
            throw Rejections.negativeCount(field, value);
        }
        return value;
    }

    /** A cost or a duration. */
    static double nonNegative(String field, double value) throws RejectedRecordException {
        if (value < 0) {
            throw Rejections.outOfRange(field, Double.toString(value), "a number >= 0");
        }
        return value;
    }

    /** A judge's score. */
    static double unitInterval(String field, double value) throws RejectedRecordException {
        if (value < 0 || value > 1) {
            throw Rejections.outOfRange(field, Double.toString(value), "a number in [0, 1]");
        }
        return value;
    }

    /**
     * The rules between fields and the plausible ranges of one call: the call ends no earlier than it
     * starts; no token count, cost or duration exceeds {@code limits}, nor the time to first chunk the
     * call's duration; and under OTel's token semantics (input includes cache reads, output includes
     * reasoning) no part exceeds its whole or comes without it — the price of the remainder would
     * otherwise be charged negatively or not at all.
     */
    static LlmCallRecord check(LlmCallRecord call, LlmCallLimits limits) throws RejectedRecordException {
        if (call.endTimeNanos() < call.startTimeNanos()) {
            throw Rejections.endBeforeStart(END_TIME, NANOS.show(call.endTimeNanos()), START_TIME,
                    NANOS.show(call.startTimeNanos()));
        }
        withinLimits(call, limits);
        part(CACHE_READ_TOKENS, call.cacheReadTokens(), INPUT_TOKENS, call.inputTokens(),
                "input tokens include cache reads");
        part(REASONING_TOKENS, call.reasoningTokens(), OUTPUT_TOKENS, call.outputTokens(),
                "output tokens include reasoning");
        return call;
    }

    /** Absent counts and numbers (NO_COUNT, NaN) pass every comparison here. */
    private static void withinLimits(LlmCallRecord call, LlmCallLimits limits) throws RejectedRecordException {
        long maxTokens = limits.maxTokensPerCall();
        tokens(INPUT_TOKENS, call.inputTokens(), maxTokens);
        tokens(OUTPUT_TOKENS, call.outputTokens(), maxTokens);
        tokens(CACHE_READ_TOKENS, call.cacheReadTokens(), maxTokens);
        tokens(REASONING_TOKENS, call.reasoningTokens(), maxTokens);
        if (call.costUsd() > limits.maxCostUsdPerCall()) {
            throw Rejections.outOfRange(COST_USD, Double.toString(call.costUsd()),
                    "at most " + limits.maxCostUsdPerCall() + " USD per call (" + MAX_COST_KEY + ")");
        }
        long nanos = call.endTimeNanos() - call.startTimeNanos(); // both plausible, so no overflow
        long maxNanos = limits.maxCallDuration().toNanos();
        if (nanos > maxNanos) {
            throw Rejections.outOfRange(END_TIME, seconds(nanos) + " s after '" + START_TIME + "'",
                    "a call of at most " + seconds(maxNanos) + " s (" + MAX_DURATION_KEY + ")");
        }
        if (call.ttftSeconds() * 1e9 > nanos + TTFT_SLACK_NANOS) {
            throw Rejections.outOfRange(TIME_TO_FIRST_CHUNK, Double.toString(call.ttftSeconds()),
                    "at most the call's duration, " + seconds(nanos) + " s");
        }
    }

    private static void tokens(String field, long count, long max) throws RejectedRecordException {
        if (count > max) {
            throw Rejections.outOfRange(field, Long.toString(count),
                    "at most " + max + " tokens per call (" + MAX_TOKENS_KEY + ")");
        }
    }

    /** Exact decimal seconds, e.g. "2.5" or "3600.000000001". */
    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    private static void part(String partField, long part, String wholeField, long whole, String semantics)
            throws RejectedRecordException {
        if (part == LlmCallRecord.NO_COUNT) {
            return;
        }
        if (whole == LlmCallRecord.NO_COUNT) {
            throw Rejections.inconsistentTokens(partField, part, wholeField, "absent", semantics + ", so send both");
        }
        if (part > whole) {
            throw Rejections.inconsistentTokens(partField, part, wholeField, Long.toString(whole),
                    semantics + ", so a part cannot exceed its whole");
        }
    }

    private LlmCallRules() {
    }
}
