package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.AvroEventReader.finite;
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
import static io.plumbline.schemas.codec.LlmCallFields.REQUEST_MODEL;
import static io.plumbline.schemas.codec.LlmCallFields.RESPONSE_MODEL;
import static io.plumbline.schemas.codec.LlmCallFields.SERVICE_NAME;
import static io.plumbline.schemas.codec.LlmCallFields.START_TIME;
import static io.plumbline.schemas.codec.LlmCallFields.TENANT;
import static io.plumbline.schemas.codec.LlmCallFields.TIME_TO_FIRST_CHUNK;
import static io.plumbline.schemas.codec.PlausibleTimestamps.Unit.NANOS;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.message.SchemaStore;

/**
 * Reads LlmCallEvents in Avro binary (see {@link AvroEventReader}) into an {@link LlmCallRecord}. A
 * writer schema that still calls the provider {@code gen_ai_system} resolves through the field's
 * alias. The schema enforces presence and types; the rest is {@link LlmCallRules}, as for JSON.
 */
final class AvroLlmCallReader {

    private final AvroEventReader<LlmCallEvent> avro;
    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;
    private final LlmCallLimits limits;
    private final LlmCallRecord.Builder call = LlmCallRecord.builder();
    private final List<String> finishReasons = new ArrayList<>();

    AvroLlmCallReader(SchemaStore writerSchemas, WriterSchemaIds schemaIds, StringInterner interner, PlausibleTimestamps timestamps,
            LlmCallLimits limits) {
        this.avro = new AvroEventReader<>(LlmCallEvent.class, writerSchemas, schemaIds);
        this.interner = interner;
        this.timestamps = timestamps;
        this.limits = limits;
    }

    LlmCallRecord readSingleObject(byte[] payload) throws RejectedRecordException {
        return toRecord(avro.readSingleObject(payload));
    }

    LlmCallRecord readConfluent(byte[] payload) throws RejectedRecordException {
        return toRecord(avro.readConfluent(payload));
    }

    LlmCallRecord readDatum(byte[] payload) throws RejectedRecordException {
        return toRecord(avro.readDatum(payload));
    }

    private LlmCallRecord toRecord(LlmCallEvent e) throws RejectedRecordException {
        call.clear()
                .eventId(Ids.check(EVENT_ID, e.getEventId()))
                .startTimeNanos(timestamps.check(START_TIME, NANOS, e.getStartTimeUnixNano()))
                .endTimeNanos(timestamps.check(END_TIME, NANOS, e.getEndTimeUnixNano()))
                .service(id(SERVICE_NAME, e.getServiceName()))
                .operation(id(OPERATION_NAME, e.getGenAiOperationName()))
                .provider(id(PROVIDER_NAME, e.getGenAiProviderName()))
                .requestModel(id(REQUEST_MODEL, e.getGenAiRequestModel()))
                .responseModel(optionalId(RESPONSE_MODEL, e.getGenAiResponseModel()))
                .promptName(optionalId(PROMPT_NAME, e.getGenAiPromptName()))
                .promptVersion(optionalId(PROMPT_VERSION, e.getPromptVersion()))
                .inputTokens(count(INPUT_TOKENS, e.getGenAiUsageInputTokens()))
                .outputTokens(count(OUTPUT_TOKENS, e.getGenAiUsageOutputTokens()))
                .cacheReadTokens(count(CACHE_READ_TOKENS, e.getGenAiUsageCacheReadInputTokens()))
                .reasoningTokens(count(REASONING_TOKENS, e.getGenAiUsageReasoningOutputTokens()))
                .finishReasons(finishReasons(e.getGenAiResponseFinishReasons()))
                .ttftSeconds(LlmCallRules.nonNegative(TIME_TO_FIRST_CHUNK,
                        number(TIME_TO_FIRST_CHUNK, e.getGenAiResponseTimeToFirstChunk())))
                .errorType(optionalId(ERROR_TYPE, e.getErrorType()))
                .refusal(e.getRefusal())
                .costUsd(LlmCallRules.nonNegative(COST_USD, number(COST_USD, e.getCostUsd())))
                .evalScore(LlmCallRules.unitInterval(EVAL_SCORE, number(EVAL_SCORE, e.getEvalScore())))
                .tenant(optionalId(TENANT, e.getTenant()));
        return LlmCallRules.check(call.build(), limits);
    }

    private String id(String field, String value) throws RejectedRecordException {
        return interner.intern(Ids.check(field, value));
    }

    private String optionalId(String field, String value) throws RejectedRecordException {
        return value == null ? null : id(field, value);
    }

    private static long count(String field, Long value) throws RejectedRecordException {
        return value == null ? LlmCallRecord.NO_COUNT : LlmCallRules.count(field, value);
    }

    /** A finite number, or NaN for null. */
    private static double number(String field, Double value) throws RejectedRecordException {
        return value == null ? Double.NaN : finite(value, field);
    }

    private List<String> finishReasons(List<String> reasons) throws RejectedRecordException {
        finishReasons.clear();
        if (reasons != null) {
            for (String reason : reasons) {
                finishReasons.add(interner.intern(Ids.checkElement(FINISH_REASONS, finishReasons.size(), reason)));
            }
        }
        return finishReasons;
    }
}
