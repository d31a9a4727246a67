package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.PlausibleTimestamps.Unit.NANOS;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * Turns an OTLP span into the LLM call it records, by the OpenTelemetry GenAI semantic conventions, taking the
 * older names those replaced, and OpenLLMetry's and OpenLIT's where they differ, as aliases (the first name
 * given wins). A span that is no model call is none: one without GenAI attributes, and the agent and tool
 * spans of the conventions ({@code invoke_agent}, {@code create_agent}, {@code execute_tool}), which call no
 * model themselves. A call is checked as the JSON and Avro readers check theirs, each rejection naming the
 * attribute and the span.
 */
final class GenAiSpans {

    static final String OPERATION = "gen_ai.operation.name";
    /** OpenLLMetry's operation: chat, completion, embedding, rerank. */
    static final String REQUEST_TYPE = "llm.request.type";
    static final List<String> PROVIDER = List.of("gen_ai.provider.name", "gen_ai.system");
    static final String REQUEST_MODEL = "gen_ai.request.model";
    static final String RESPONSE_MODEL = "gen_ai.response.model";
    /** The model asked for, else the one that answered: some instrumentations record only that. */
    private static final List<String> REQUEST_OR_RESPONSE_MODEL = List.of(REQUEST_MODEL, RESPONSE_MODEL);
    static final String SERVICE = "service.name";
    static final List<String> PROMPT_NAME = List.of("gen_ai.prompt.name");
    static final List<String> PROMPT_VERSION = List.of("gen_ai.prompt.version", "prompt.version");
    static final List<String> INPUT_TOKENS = List.of("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
    static final List<String> OUTPUT_TOKENS = List.of("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
    static final List<String> CACHE_READ_TOKENS = List.of("gen_ai.usage.cache_read.input_tokens",
            "gen_ai.usage.cache_read_input_tokens");
    static final List<String> REASONING_TOKENS = List.of("gen_ai.usage.reasoning.output_tokens",
            "gen_ai.usage.reasoning_tokens");
    static final String FINISH_REASONS = "gen_ai.response.finish_reasons";
    /** Seconds from the request to the first chunk of a streamed answer; OpenLIT's name second. */
    static final List<String> TIME_TO_FIRST_CHUNK = List.of("gen_ai.response.time_to_first_chunk",
            "gen_ai.server.time_to_first_token");
    /** Span events a streamed answer's chunks are recorded as: the first one's time is the first chunk's. */
    static final Set<String> CHUNK_EVENTS = Set.of("gen_ai.content.chunk", "llm.content.completion.chunk",
            "first_token");
    static final String ERROR_TYPE = "error.type";
    static final String EXCEPTION_EVENT = "exception";
    static final String EXCEPTION_TYPE = "exception.type";
    /** What the conventions call an error of no known type. */
    static final String OTHER_ERROR = "_OTHER";
    static final String REFUSAL = "refusal";
    static final List<String> COST_USD = List.of("cost.usd", "gen_ai.usage.cost");
    static final String EVAL_SCORE = "eval.score";
    static final String TENANT = "tenant";
    static final Set<String> NO_MODEL_CALL = Set.of("invoke_agent", "create_agent", "execute_tool");
    private static final Map<String, String> OPENLLMETRY_OPERATIONS = Map.of("chat", "chat", "completion",
            "text_completion", "embedding", "embeddings", "rerank", "rerank");

    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;
    private final LlmCallLimits limits;
    private final List<String> promptName;
    private final List<String> promptVersion;
    private final LlmCallRecord.Builder call = LlmCallRecord.builder();

    GenAiSpans(StringInterner interner, PlausibleTimestamps timestamps, LlmCallLimits limits, OtlpOptions options) {
        this.interner = interner;
        this.timestamps = timestamps;
        this.limits = limits;
        this.promptName = withConfigured(PROMPT_NAME, options.promptNameAttribute());
        this.promptVersion = withConfigured(PROMPT_VERSION, options.promptVersionAttribute());
    }

    /**
     * The call {@code span} records, or null when it records no model call.
     *
     * @throws RejectedRecordException naming the span and the attribute that is missing or wrong
     */
    LlmCallRecord toCall(OtlpSpan span) throws RejectedRecordException {
        Map<String, Object> attributes = span.attributes();
        String operation = operation(attributes);
        if (operation == null ? firstSet(attributes, PROVIDER) == null : NO_MODEL_CALL.contains(operation)) {
            return null;
        }
        try {
            return call(span, operation);
        } catch (RejectedRecordException e) {
            throw new RejectedRecordException(e.reason(), "span " + span.spanId() + " of trace " + span.traceId()
                    + ": " + e.detail());
        }
    }

    private LlmCallRecord call(OtlpSpan span, String operation) throws RejectedRecordException {
        Map<String, Object> attributes = span.attributes();
        if (operation == null) {
            throw Rejections.missing(OPERATION, "the GenAI operation, such as chat or embeddings");
        }
        String requestModel = string(attributes, REQUEST_OR_RESPONSE_MODEL);
        String service = string(span.resource(), SERVICE);
        if (service == null) {
            service = string(attributes, SERVICE);
        }
        List<String> finishReasons = finishReasons(attributes);
        call.clear()
                .eventId(Ids.check("span_id", span.traceId() + "-" + span.spanId()))
                .startTimeNanos(timestamps.check("start_time_unix_nano", NANOS, span.startNanos()))
                .endTimeNanos(timestamps.check("end_time_unix_nano", NANOS, span.endNanos()))
                .service(id(SERVICE, required(service, SERVICE, "the resource's service name")))
                .operation(id(OPERATION, operation))
                .provider(id(PROVIDER.get(0), required(string(attributes, PROVIDER), PROVIDER.get(0),
                        "the provider, such as openai (or under its older name " + PROVIDER.get(1) + ")")))
                .requestModel(id(REQUEST_MODEL, required(requestModel, REQUEST_MODEL, "the model asked for")))
                .responseModel(optionalId(RESPONSE_MODEL, string(attributes, RESPONSE_MODEL)))
                .promptName(optionalId(promptName.get(0), prompt(span, promptName)))
                .promptVersion(optionalId(promptVersion.get(0), prompt(span, promptVersion)))
                .inputTokens(count(attributes, INPUT_TOKENS))
                .outputTokens(count(attributes, OUTPUT_TOKENS))
                .cacheReadTokens(count(attributes, CACHE_READ_TOKENS))
                .reasoningTokens(count(attributes, REASONING_TOKENS))
                .finishReasons(finishReasons)
                .ttftSeconds(LlmCallRules.nonNegative(TIME_TO_FIRST_CHUNK.get(0), timeToFirstChunk(span)))
                .errorType(span.error() ? id(ERROR_TYPE, errorType(span)) : null)
                .refusal(finishReasons.contains(REFUSAL))
                .costUsd(LlmCallRules.nonNegative(COST_USD.get(0), number(attributes, COST_USD)))
                .evalScore(LlmCallRules.unitInterval(EVAL_SCORE, number(attributes, EVAL_SCORE)))
                .tenant(optionalId(TENANT, string(attributes, TENANT)));
        return LlmCallRules.check(call.build(), limits);
    }

    private static String operation(Map<String, Object> attributes) {
        if (attributes.get(OPERATION) instanceof String operation) {
            return operation;
        }
        return attributes.get(REQUEST_TYPE) instanceof String type ? OPENLLMETRY_OPERATIONS.getOrDefault(type, type)
                : null;
    }

    /**
     * The span's, else its resource's: an application may name its prompt once for all its spans. A version may be
     * a number, as prompt registries count them.
     */
    private static String prompt(OtlpSpan span, List<String> names) throws RejectedRecordException {
        String value = label(span.attributes(), names);
        return value != null ? value : label(span.resource(), names);
    }

    /** The first of {@code names} that is set, a string, or a number read as its digits. */
    private static String label(Map<String, Object> attributes, List<String> names) throws RejectedRecordException {
        String name = firstSet(attributes, names);
        if (name == null) {
            return null;
        }
        return attributes.get(name) instanceof Long number ? Long.toString(number) : string(attributes, name);
    }

    /**
     * {@code gen_ai.response.time_to_first_chunk} or OpenLIT's name, in seconds; else the time from the span's
     * start to its first chunk event; NaN when neither tells.
     */
    private static double timeToFirstChunk(OtlpSpan span) throws RejectedRecordException {
        double given = number(span.attributes(), TIME_TO_FIRST_CHUNK);
        if (!Double.isNaN(given)) {
            return given;
        }
        long first = Long.MAX_VALUE;
        for (OtlpSpan.Event event : span.events()) {
            if (CHUNK_EVENTS.contains(event.name())) {
                first = Math.min(first, event.timeNanos());
            }
        }
        return first == Long.MAX_VALUE ? Double.NaN : (first - span.startNanos()) / 1e9;
    }

    /** {@code error.type}, else the type of the span's exception event, else {@value #OTHER_ERROR}. */
    private static String errorType(OtlpSpan span) throws RejectedRecordException {
        String type = string(span.attributes(), ERROR_TYPE);
        if (type != null) {
            return type;
        }
        for (OtlpSpan.Event event : span.events()) {
            if (event.name().equals(EXCEPTION_EVENT) && event.attributes().get(EXCEPTION_TYPE) instanceof String t) {
                return t;
            }
        }
        return OTHER_ERROR;
    }

    private List<String> finishReasons(Map<String, Object> attributes) throws RejectedRecordException {
        Object value = attributes.get(FINISH_REASONS);
        List<String> reasons = new ArrayList<>();
        if (value instanceof String reason) {
            reasons.add(interner.intern(Ids.checkElement(FINISH_REASONS, 0, reason)));
        } else if (value instanceof List<?> list) {
            for (Object reason : list) {
                if (!(reason instanceof String s)) {
                    throw Rejections.wrongType(FINISH_REASONS + "[" + reasons.size() + "]", typeOf(reason),
                            "a string");
                }
                reasons.add(interner.intern(Ids.checkElement(FINISH_REASONS, reasons.size(), s)));
            }
        } else if (value != null) {
            throw Rejections.wrongType(FINISH_REASONS, typeOf(value), "an array of strings");
        }
        return reasons;
    }

    /** The first of {@code names} that is set on {@code attributes}; null for none. */
    private static String firstSet(Map<String, Object> attributes, List<String> names) {
        for (String name : names) {
            if (attributes.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    /** The first of {@code names} that is set, which must be a string. */
    private static String string(Map<String, Object> attributes, List<String> names) throws RejectedRecordException {
        String name = firstSet(attributes, names);
        return name == null ? null : string(attributes, name);
    }

    private static String string(Map<String, Object> attributes, String name) throws RejectedRecordException {
        Object value = attributes.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw Rejections.wrongType(name, typeOf(value), "a string");
    }

    /** A token count: an integer, or a double that is one; {@link LlmCallRecord#NO_COUNT} when absent. */
    private static long count(Map<String, Object> attributes, List<String> names) throws RejectedRecordException {
        String name = firstSet(attributes, names);
        if (name == null) {
            return LlmCallRecord.NO_COUNT;
        }
        Object value = attributes.get(name);
        if (value instanceof Long l) {
            return LlmCallRules.count(name, l);
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return LlmCallRules.count(name, d.longValue());
        }
        throw Rejections.wrongType(name, typeOf(value), "an integer count");
    }

    /** The first of {@code names} that is set, a finite number; NaN when none is. */
    private static double number(Map<String, Object> attributes, List<String> names) throws RejectedRecordException {
        String name = firstSet(attributes, names);
        return name == null ? Double.NaN : number(attributes, name);
    }

    /** A finite number, integer or double; NaN when absent. */
    private static double number(Map<String, Object> attributes, String name) throws RejectedRecordException {
        Object value = attributes.get(name);
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Double d) {
            return AvroEventReader.finite(d, name);
        }
        if (value instanceof Long l) {
            return l;
        }
        throw Rejections.wrongType(name, typeOf(value), "a number");
    }

    private static String required(String value, String name, String expected) throws RejectedRecordException {
        if (value == null) {
            throw Rejections.missing(name, expected);
        }
        return value;
    }

    private String id(String field, String value) throws RejectedRecordException {
        return interner.intern(Ids.check(field, value));
    }

    private String optionalId(String field, String value) throws RejectedRecordException {
        return value == null ? null : id(field, value);
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "an empty value";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Long) {
            return "an integer";
        }
        if (value instanceof Double) {
            return "a double";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof List ? "an array" : value.getClass().getSimpleName();
    }

    private static List<String> withConfigured(List<String> names, String configured) {
        if (configured == null) {
            return names;
        }
        List<String> all = new ArrayList<>(names);
        all.add(configured);
        return List.copyOf(all);
    }
}
