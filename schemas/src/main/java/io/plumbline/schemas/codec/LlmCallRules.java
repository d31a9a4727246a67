package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.LlmCallFields.CACHE_READ_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.END_TIME;
import static io.plumbline.schemas.codec.LlmCallFields.INPUT_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.OUTPUT_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.REASONING_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.START_TIME;
import static io.plumbline.schemas.codec.PlausibleTimestamps.Unit.NANOS;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * What an LLM call must satisfy beyond its types, judged the same for JSON and Avro. The number
 * rules take values already known to be finite, and pass NaN (absent) through.
 */
final class LlmCallRules {

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
     * The rules between fields: the call ends no earlier than it starts, and under OTel's token
     * semantics (input includes cache reads, output includes reasoning) no part exceeds its whole
     * or comes without it — the price of the remainder would otherwise be charged negatively or not
     * at all.
     */
    static LlmCallRecord consistent(LlmCallRecord call) throws RejectedRecordException {
        if (call.endTimeNanos() < call.startTimeNanos()) {
            throw Rejections.endBeforeStart(END_TIME, NANOS.show(call.endTimeNanos()), START_TIME,
                    NANOS.show(call.startTimeNanos()));
        }
        part(CACHE_READ_TOKENS, call.cacheReadTokens(), INPUT_TOKENS, call.inputTokens(),
                "input tokens include cache reads");
        part(REASONING_TOKENS, call.reasoningTokens(), OUTPUT_TOKENS, call.outputTokens(),
                "output tokens include reasoning");
        return call;
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
