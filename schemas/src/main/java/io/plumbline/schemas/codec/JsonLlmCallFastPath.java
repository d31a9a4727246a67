package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonByteScanner.NOT_SIMPLE;
import static io.plumbline.schemas.codec.LlmCallFields.CACHE_READ_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.COST_USD;
import static io.plumbline.schemas.codec.LlmCallFields.END_TIME;
import static io.plumbline.schemas.codec.LlmCallFields.ERROR_TYPE;
import static io.plumbline.schemas.codec.LlmCallFields.EVAL_SCORE;
import static io.plumbline.schemas.codec.LlmCallFields.EVENT_ID;
import static io.plumbline.schemas.codec.LlmCallFields.FINISH_REASONS;
import static io.plumbline.schemas.codec.LlmCallFields.INPUT_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.OPERATION_NAME;
import static io.plumbline.schemas.codec.LlmCallFields.OUTPUT_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.PROMPT_NAME;
import static io.plumbline.schemas.codec.LlmCallFields.PROMPT_VERSION;
import static io.plumbline.schemas.codec.LlmCallFields.PROVIDER_NAME;
import static io.plumbline.schemas.codec.LlmCallFields.REASONING_TOKENS;
import static io.plumbline.schemas.codec.LlmCallFields.REFUSAL;
import static io.plumbline.schemas.codec.LlmCallFields.REQUEST_MODEL;
import static io.plumbline.schemas.codec.LlmCallFields.RESPONSE_MODEL;
import static io.plumbline.schemas.codec.LlmCallFields.SERVICE_NAME;
import static io.plumbline.schemas.codec.LlmCallFields.START_TIME;
import static io.plumbline.schemas.codec.LlmCallFields.SYSTEM;
import static io.plumbline.schemas.codec.LlmCallFields.TENANT;
import static io.plumbline.schemas.codec.LlmCallFields.TIME_TO_FIRST_CHUNK;
import static io.plumbline.schemas.codec.PlausibleTimestamps.Unit.NANOS;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.ArrayList;
import java.util.List;

/**
 * The common JSON LLM call read straight from its bytes, as {@link JsonPredictionFastPath} reads predictions:
 * ASCII only, no escapes, each known field at most once, no unknown field, and a valid call. Anything else
 * gets {@code null}, and {@link JsonLlmCallReader} reads it with Jackson, which decides and words any
 * rejection; when this class answers, the record is the one Jackson's reading gives (JsonFastPathAgreementTest).
 */
final class JsonLlmCallFastPath {

    private static final String[] NAMES = {EVENT_ID, START_TIME, END_TIME, SERVICE_NAME, OPERATION_NAME,
        PROVIDER_NAME, SYSTEM, REQUEST_MODEL, RESPONSE_MODEL, PROMPT_NAME, PROMPT_VERSION, INPUT_TOKENS,
        OUTPUT_TOKENS, CACHE_READ_TOKENS, REASONING_TOKENS, FINISH_REASONS, TIME_TO_FIRST_CHUNK, ERROR_TYPE, REFUSAL,
        COST_USD, EVAL_SCORE, TENANT};
    private static final byte[][] FIELDS = JsonByteScanner.names(NAMES);
    /** event_id, the start and end times, service, operation and request model. */
    private static final int REQUIRED = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 7;

    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;
    private final LlmCallLimits limits;
    private final LlmCallRecord.Builder call = LlmCallRecord.builder();
    private final List<String> finishReasons = new ArrayList<>();
    private final JsonByteScanner json = new JsonByteScanner();

    JsonLlmCallFastPath(StringInterner interner, PlausibleTimestamps timestamps, LlmCallLimits limits) {
        this.interner = interner;
        this.timestamps = timestamps;
        this.limits = limits;
    }

    /** The call, or null when Jackson must read it. */
    LlmCallRecord read(byte[] payload) {
        json.reset(payload);
        try {
            return call();
        } catch (RuntimeException | RejectedRecordException notSimple) {
            // NOT_SIMPLE, a rejection, or any surprise on input no test foresaw: Jackson's reading decides
            return null;
        } finally {
            json.release();
        }
    }

    private LlmCallRecord call() throws RejectedRecordException {
        json.skipWhitespace();
        json.expect('{');
        call.clear();
        String provider = null;
        String system = null;
        int seen = 0;
        json.skipWhitespace();
        if (json.peek() != '}') {
            do {
                int index = json.memberName(FIELDS);
                if ((seen & 1 << index) != 0) {
                    throw NOT_SIMPLE;
                }
                seen |= 1 << index;
                String field = NAMES[index];
                switch (field) {
                    case EVENT_ID -> call.eventId(Ids.check(EVENT_ID, json.newString()));
                    case START_TIME -> call.startTimeNanos(timestamps.check(START_TIME, NANOS, json.integer()));
                    case END_TIME -> call.endTimeNanos(timestamps.check(END_TIME, NANOS, json.integer()));
                    case SERVICE_NAME -> call.service(requiredText(field));
                    case OPERATION_NAME -> call.operation(requiredText(field));
                    case PROVIDER_NAME -> provider = requiredText(field);
                    case SYSTEM -> system = optionalText(field);
                    case REQUEST_MODEL -> call.requestModel(requiredText(field));
                    case RESPONSE_MODEL -> call.responseModel(optionalText(field));
                    case PROMPT_NAME -> call.promptName(optionalText(field));
                    case PROMPT_VERSION -> call.promptVersion(optionalText(field));
                    case INPUT_TOKENS -> call.inputTokens(count(field));
                    case OUTPUT_TOKENS -> call.outputTokens(count(field));
                    case CACHE_READ_TOKENS -> call.cacheReadTokens(count(field));
                    case REASONING_TOKENS -> call.reasoningTokens(count(field));
                    case FINISH_REASONS -> call.finishReasons(finishReasons());
                    case TIME_TO_FIRST_CHUNK -> call.ttftSeconds(LlmCallRules.nonNegative(field, number()));
                    case ERROR_TYPE -> call.errorType(optionalText(field));
                    case REFUSAL -> call.refusal(!json.consumeNull() && json.bool());
                    case COST_USD -> call.costUsd(LlmCallRules.nonNegative(field, number()));
                    case EVAL_SCORE -> call.evalScore(LlmCallRules.unitInterval(field, number()));
                    case TENANT -> call.tenant(optionalText(field));
                    default -> throw new IllegalStateException(field);
                }
                json.skipWhitespace();
            } while (json.consume(','));
        }
        json.expect('}');
        json.requireEnd();
        if (provider == null) {
            provider = system;
        }
        if ((seen & REQUIRED) != REQUIRED || provider == null) {
            throw NOT_SIMPLE;
        }
        return LlmCallRules.check(call.provider(provider).build(), limits);
    }

    private String requiredText(String field) throws RejectedRecordException {
        return Ids.check(field, json.internedString(interner));
    }

    private String optionalText(String field) throws RejectedRecordException {
        return json.consumeNull() ? null : requiredText(field);
    }

    private long count(String field) throws RejectedRecordException {
        return json.consumeNull() ? LlmCallRecord.NO_COUNT : LlmCallRules.count(field, json.integer());
    }

    /** A finite number, or NaN for null. */
    private double number() {
        return json.consumeNull() ? Double.NaN : json.finiteNumber();
    }

    private List<String> finishReasons() throws RejectedRecordException {
        finishReasons.clear();
        if (json.consumeNull()) {
            return finishReasons;
        }
        json.expect('[');
        json.skipWhitespace();
        if (!json.consume(']')) {
            do {
                json.skipWhitespace();
                finishReasons.add(Ids.checkElement(FINISH_REASONS, finishReasons.size(),
                        json.internedString(interner)));
                json.skipWhitespace();
            } while (json.consume(','));
            json.expect(']');
        }
        return finishReasons;
    }
}
