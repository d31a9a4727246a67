package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonTokens.A_STRING;
import static io.plumbline.schemas.codec.JsonTokens.describe;
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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON form of an LlmCallEvent (OTel's dotted names) token by token into an
 * {@link LlmCallRecord}. Accepted is what could have been written with the Avro schema, with these
 * leniencies: unknown fields are ignored, {@code gen_ai.system} stands for {@code gen_ai.provider.name}
 * (which wins when both are sent), and a null {@code refusal} is false, as an absent one is. A field
 * given twice is rejected. The common call is read first by {@link JsonLlmCallFastPath}, several times
 * faster; what it leaves, Jackson reads here.
 */
final class JsonLlmCallReader {

    private static final String EPOCH_NANOS = "integer " + NANOS.expected();
    private static final String PROVIDER = "a string (or under its older name '" + SYSTEM + "')";
    private static final String STRING_OR_NULL = "a string or null";
    private static final String COUNT_OR_NULL = "an integer count or null";
    private static final String NUMBER_OR_NULL = "a number or null";
    private static final String STRINGS_OR_NULL = "an array of strings, or null";
    private static final String BOOLEAN_OR_NULL = "a boolean or null";

    private final JsonFactory factory = JsonTokens.newFactory();
    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;
    private final LlmCallLimits limits;
    private final LlmCallRecord.Builder call = LlmCallRecord.builder();
    private final List<String> finishReasons = new ArrayList<>();
    private final JsonKeySet fields = new JsonKeySet();
    /** Reads the common call first; Jackson reads the rest. */
    private final JsonLlmCallFastPath fastPath;

    JsonLlmCallReader(StringInterner interner, PlausibleTimestamps timestamps, LlmCallLimits limits) {
        this.interner = interner;
        this.timestamps = timestamps;
        this.limits = limits;
        this.fastPath = new JsonLlmCallFastPath(interner, timestamps, limits);
    }

    LlmCallRecord read(byte[] payload) throws RejectedRecordException {
        LlmCallRecord simple = fastPath.read(payload);
        return simple != null ? simple : readWithJackson(payload);
    }

    /** Every call, the rejected ones included, as Jackson's tokens give it. */
    LlmCallRecord readWithJackson(byte[] payload) throws RejectedRecordException {
        JsonTokens.requireUtf8(payload);
        try (JsonParser p = factory.createParser(payload)) {
            return readCall(p);
        } catch (IOException e) {
            throw JsonTokens.malformed(e);
        }
    }

    private LlmCallRecord readCall(JsonParser p) throws IOException, RejectedRecordException {
        JsonTokens.startObject(p);
        call.clear();
        String eventId = null;
        String service = null;
        String operation = null;
        String provider = null;
        String system = null;
        String requestModel = null;
        boolean hasStart = false;
        boolean hasEnd = false;
        fields.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = JsonTokens.uniqueName(p, fields, null);
            JsonToken value = p.nextToken();
            switch (field) {
                case EVENT_ID -> {
                    JsonTokens.requireString(p, value, EVENT_ID);
                    // unique per call: interning would only evict vocabulary
                    eventId = Ids.check(EVENT_ID, p.getText());
                }
                case START_TIME -> {
                    call.startTimeNanos(JsonTokens.timestamp(p, value, START_TIME, NANOS, timestamps));
                    hasStart = true;
                }
                case END_TIME -> {
                    call.endTimeNanos(JsonTokens.timestamp(p, value, END_TIME, NANOS, timestamps));
                    hasEnd = true;
                }
                case SERVICE_NAME -> service = requiredText(p, value, SERVICE_NAME);
                case OPERATION_NAME -> operation = requiredText(p, value, OPERATION_NAME);
                case PROVIDER_NAME -> provider = requiredText(p, value, PROVIDER_NAME);
                case SYSTEM -> system = optionalText(p, value, SYSTEM);
                case REQUEST_MODEL -> requestModel = requiredText(p, value, REQUEST_MODEL);
                case RESPONSE_MODEL -> call.responseModel(optionalText(p, value, RESPONSE_MODEL));
                case PROMPT_NAME -> call.promptName(optionalText(p, value, PROMPT_NAME));
                case PROMPT_VERSION -> call.promptVersion(optionalText(p, value, PROMPT_VERSION));
                case INPUT_TOKENS -> call.inputTokens(count(p, value, INPUT_TOKENS));
                case OUTPUT_TOKENS -> call.outputTokens(count(p, value, OUTPUT_TOKENS));
                case CACHE_READ_TOKENS -> call.cacheReadTokens(count(p, value, CACHE_READ_TOKENS));
                case REASONING_TOKENS -> call.reasoningTokens(count(p, value, REASONING_TOKENS));
                case FINISH_REASONS -> call.finishReasons(finishReasons(p, value));
                case TIME_TO_FIRST_CHUNK -> call.ttftSeconds(
                        LlmCallRules.nonNegative(TIME_TO_FIRST_CHUNK, number(p, value, TIME_TO_FIRST_CHUNK)));
                case ERROR_TYPE -> call.errorType(optionalText(p, value, ERROR_TYPE));
                case REFUSAL -> call.refusal(refusal(p, value));
                case COST_USD -> call.costUsd(LlmCallRules.nonNegative(COST_USD, number(p, value, COST_USD)));
                case EVAL_SCORE -> call.evalScore(LlmCallRules.unitInterval(EVAL_SCORE, number(p, value, EVAL_SCORE)));
                case TENANT -> call.tenant(optionalText(p, value, TENANT));
                default -> p.skipChildren(); // unknown fields are the producer's business
            }
        }
        JsonTokens.endOfInput(p);
        if (eventId == null) {
            throw Rejections.missing(EVENT_ID, A_STRING);
        }
        if (!hasStart) {
            throw Rejections.missing(START_TIME, EPOCH_NANOS);
        }
        if (!hasEnd) {
            throw Rejections.missing(END_TIME, EPOCH_NANOS);
        }
        if (service == null) {
            throw Rejections.missing(SERVICE_NAME, A_STRING);
        }
        if (operation == null) {
            throw Rejections.missing(OPERATION_NAME, A_STRING);
        }
        if (provider == null && system == null) {
            throw Rejections.missing(PROVIDER_NAME, PROVIDER);
        }
        if (requestModel == null) {
            throw Rejections.missing(REQUEST_MODEL, A_STRING);
        }
        return LlmCallRules.check(call.eventId(eventId).service(service).operation(operation)
                .provider(provider != null ? provider : system).requestModel(requestModel).build(), limits);
    }

    private String requiredText(JsonParser p, JsonToken value, String field)
            throws IOException, RejectedRecordException {
        JsonTokens.requireString(p, value, field);
        return Ids.check(field, JsonTokens.internedText(p, interner));
    }

    private String optionalText(JsonParser p, JsonToken value, String field)
            throws IOException, RejectedRecordException {
        return switch (value) {
            case VALUE_STRING -> Ids.check(field, JsonTokens.internedText(p, interner));
            case VALUE_NULL -> null;
            default -> throw Rejections.wrongType(field, describe(p, value), STRING_OR_NULL);
        };
    }

    private static long count(JsonParser p, JsonToken value, String field)
            throws IOException, RejectedRecordException {
        switch (value) {
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw Rejections.outOfRange(field, p.getText(), "a count within 64 bits");
                }
                return LlmCallRules.count(field, p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> throw JsonTokens.notAnInteger(p, field, COUNT_OR_NULL);
            case VALUE_NULL -> {
                return LlmCallRecord.NO_COUNT;
            }
            default -> throw Rejections.wrongType(field, describe(p, value), COUNT_OR_NULL);
        }
    }

    /** A finite number, or NaN for null. */
    private static double number(JsonParser p, JsonToken value, String field)
            throws IOException, RejectedRecordException {
        if (value.isNumeric()) {
            return JsonTokens.finite(p, field);
        }
        if (value == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        throw Rejections.wrongType(field, describe(p, value), NUMBER_OR_NULL);
    }

    private static boolean refusal(JsonParser p, JsonToken value) throws IOException, RejectedRecordException {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw Rejections.wrongType(REFUSAL, describe(p, value), BOOLEAN_OR_NULL);
        };
    }

    private List<String> finishReasons(JsonParser p, JsonToken value) throws IOException, RejectedRecordException {
        finishReasons.clear();
        if (value == JsonToken.VALUE_NULL) {
            return finishReasons;
        }
        if (value != JsonToken.START_ARRAY) {
            throw Rejections.wrongType(FINISH_REASONS, describe(p, value), STRINGS_OR_NULL);
        }
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
            if (item != JsonToken.VALUE_STRING) {
                throw Rejections.wrongType(FINISH_REASONS + "[" + finishReasons.size() + "]", describe(p, item),
                        A_STRING);
            }
            finishReasons.add(Ids.checkElement(FINISH_REASONS, finishReasons.size(),
                    JsonTokens.internedText(p, interner)));
        }
        return finishReasons;
    }
}
