package io.plumbline.schemas.event;

import java.util.List;
import java.util.Objects;

/**
 * A decoded, validated call to an LLM in compact form: the record that crosses the LlmJob's keyBy.
 * Plain fields only (no Avro object inside), so a serializer writes it field by field.
 *
 * <p>Immutable, so a serializer's {@code copy} may return the same instance. Absent optional values
 * are plain sentinels rather than boxes or {@code Optional}s: {@link #NO_COUNT} for token counts,
 * {@code NaN} for the doubles, {@code null} for the error type and tenant, and "" ({@link #NO_PROMPT},
 * {@link #NO_PROMPT_VERSION}) for the prompt, which is part of the job's key.
 */
public final class LlmCallRecord implements SourcePosition {

    /** A token count the producer did not report; every reported count is {@code >= 0}. */
    public static final long NO_COUNT = -1;
    /** The prompt name of a call that names none: those calls of a service and operation share one key. */
    public static final String NO_PROMPT = "";
    /** The prompt version of a call that names none. */
    public static final String NO_PROMPT_VERSION = "";
    /** The finish reason OTel names for a response cut by the provider's content filter. */
    public static final String CONTENT_FILTER = "content_filter";

    private final String eventId;
    private final long startTimeNanos;
    private final long endTimeNanos;
    private final String service;
    private final String operation;
    private final String provider;
    private final String requestModel;
    private final String responseModel;
    private final String promptName;
    private final String promptVersion;
    private final long inputTokens;
    private final long outputTokens;
    private final long cacheReadTokens;
    private final long reasoningTokens;
    private final List<String> finishReasons;
    private final boolean contentFiltered;
    private final double ttftSeconds;
    private final String errorType;
    private final boolean refusal;
    private final double costUsd;
    private final double evalScore;
    private final String tenant;
    /**
     * Not part of the call: where it was read, so it is left out of {@link #equals}. Set once by the source
     * before the record is shared, which keeps the record immutable wherever it is shared.
     */
    private int sourcePartition = UNKNOWN;
    private long sourceOffset = UNKNOWN;

    private LlmCallRecord(Builder b) {
        this.eventId = b.eventId;
        this.startTimeNanos = b.startTimeNanos;
        this.endTimeNanos = b.endTimeNanos;
        this.service = b.service;
        this.operation = b.operation;
        this.provider = b.provider;
        this.requestModel = b.requestModel;
        this.responseModel = b.responseModel != null ? b.responseModel : b.requestModel;
        this.promptName = b.promptName != null ? b.promptName : NO_PROMPT;
        this.promptVersion = b.promptVersion != null ? b.promptVersion : NO_PROMPT_VERSION;
        this.inputTokens = b.inputTokens;
        this.outputTokens = b.outputTokens;
        this.cacheReadTokens = b.cacheReadTokens;
        this.reasoningTokens = b.reasoningTokens;
        this.finishReasons = b.finishReasons;
        this.contentFiltered = b.finishReasons.contains(CONTENT_FILTER);
        this.ttftSeconds = b.ttftSeconds;
        this.errorType = b.errorType;
        this.refusal = b.refusal;
        this.costUsd = b.costUsd;
        this.evalScore = b.evalScore;
        this.tenant = b.tenant;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The producer's id of the call: the dedup key. */
    public String eventId() { return eventId; }
    /** Epoch nanoseconds. */
    public long startTimeNanos() { return startTimeNanos; }
    /** Epoch nanoseconds; never before the start. */
    public long endTimeNanos() { return endTimeNanos; }
    /** {@code service.name}. */
    public String service() { return service; }
    /** {@code gen_ai.operation.name}, such as "chat" or "embeddings". */
    public String operation() { return operation; }
    /** {@code gen_ai.provider.name}, or the older {@code gen_ai.system} it replaced. */
    public String provider() { return provider; }
    public String requestModel() { return requestModel; }
    /** The model that answered: {@code gen_ai.response.model}, or the requested model when the producer sent none. */
    public String responseModel() { return responseModel; }
    /** {@code gen_ai.prompt.name}, or {@link #NO_PROMPT}. */
    public String promptName() { return promptName; }
    /** {@code prompt.version}, or {@link #NO_PROMPT_VERSION}. */
    public String promptVersion() { return promptVersion; }
    /** Every input token, cache reads included (OTel semantics); {@link #NO_COUNT} when not reported. */
    public long inputTokens() { return inputTokens; }
    /** Every output token, reasoning included (OTel semantics); {@link #NO_COUNT} when not reported. */
    public long outputTokens() { return outputTokens; }
    /** The part of {@link #inputTokens()} read from the provider's cache; {@link #NO_COUNT} when not reported. */
    public long cacheReadTokens() { return cacheReadTokens; }
    /** The part of {@link #outputTokens()} spent reasoning; {@link #NO_COUNT} when not reported. */
    public long reasoningTokens() { return reasoningTokens; }
    /** {@code gen_ai.response.finish_reasons} in the producer's order; empty when not reported. Unmodifiable. */
    public List<String> finishReasons() { return finishReasons; }
    /** Whether a finish reason is {@link #CONTENT_FILTER}. */
    public boolean contentFiltered() { return contentFiltered; }
    /** Seconds from the request to the first chunk of a streamed response; {@code NaN} when not sent. */
    public double ttftSeconds() { return ttftSeconds; }
    /** {@code error.type}; {@code null} when the call succeeded. */
    public String errorType() { return errorType; }
    public boolean refusal() { return refusal; }
    /** The producer's own cost of the call, which wins over the price table; {@code NaN} when not sent. */
    public double costUsd() { return costUsd; }
    /** An LLM-as-judge score in [0, 1]; {@code NaN} when not sent. */
    public double evalScore() { return evalScore; }
    /** For budgets only, never a metric label; {@code null} when not sent. */
    public String tenant() { return tenant; }

    @Override
    public void locate(int partition, long offset) {
        this.sourcePartition = partition;
        this.sourceOffset = offset;
    }

    @Override
    public int sourcePartition() { return sourcePartition; }
    @Override
    public long sourceOffset() { return sourceOffset; }

    /** End minus start, in seconds. */
    public double latencySeconds() {
        return (endTimeNanos - startTimeNanos) / 1e9;
    }

    /**
     * The event time in epoch milliseconds: the end of the call, not its start, because a call is
     * known only when it ends — a producer emits it then, so end times follow the order of arrival
     * and keep watermarks honest, whereas a long call's start would arrive as if late.
     */
    public long eventTimeMillis() {
        return Math.floorDiv(endTimeNanos, 1_000_000L);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof LlmCallRecord r
                && startTimeNanos == r.startTimeNanos && endTimeNanos == r.endTimeNanos
                && inputTokens == r.inputTokens && outputTokens == r.outputTokens
                && cacheReadTokens == r.cacheReadTokens && reasoningTokens == r.reasoningTokens
                && refusal == r.refusal
                && Double.compare(ttftSeconds, r.ttftSeconds) == 0 && Double.compare(costUsd, r.costUsd) == 0
                && Double.compare(evalScore, r.evalScore) == 0
                && eventId.equals(r.eventId) && service.equals(r.service) && operation.equals(r.operation)
                && provider.equals(r.provider) && requestModel.equals(r.requestModel)
                && responseModel.equals(r.responseModel) && promptName.equals(r.promptName)
                && promptVersion.equals(r.promptVersion) && finishReasons.equals(r.finishReasons)
                && Objects.equals(errorType, r.errorType) && Objects.equals(tenant, r.tenant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, startTimeNanos, endTimeNanos, service, operation, provider, requestModel,
                responseModel, promptName, promptVersion, inputTokens, outputTokens, cacheReadTokens,
                reasoningTokens, finishReasons, ttftSeconds, errorType, refusal, costUsd, evalScore, tenant);
    }

    @Override
    public String toString() {
        return "LlmCallRecord{eventId=" + eventId + ", start=" + startTimeNanos + ", end=" + endTimeNanos
                + ", service=" + service + ", operation=" + operation + ", provider=" + provider
                + ", requestModel=" + requestModel + ", responseModel=" + responseModel
                + ", prompt=" + promptName + ", promptVersion=" + promptVersion
                + ", tokens(input=" + inputTokens + ", output=" + outputTokens + ", cacheRead=" + cacheReadTokens
                + ", reasoning=" + reasoningTokens + "), finishReasons=" + finishReasons
                + ", ttftSeconds=" + ttftSeconds + ", errorType=" + errorType + ", refusal=" + refusal
                + ", costUsd=" + costUsd + ", evalScore=" + evalScore + ", tenant=" + tenant + "}";
    }

    /**
     * Collects the fields of one call. Reusable: {@link #clear()} restores every optional field to
     * absent, so a decoder keeps one builder and allocates only the record per call.
     */
    public static final class Builder {

        private String eventId;
        private long startTimeNanos;
        private long endTimeNanos;
        private String service;
        private String operation;
        private String provider;
        private String requestModel;
        private String responseModel;
        private String promptName;
        private String promptVersion;
        private long inputTokens;
        private long outputTokens;
        private long cacheReadTokens;
        private long reasoningTokens;
        private List<String> finishReasons;
        private double ttftSeconds;
        private String errorType;
        private boolean refusal;
        private double costUsd;
        private double evalScore;
        private String tenant;

        private Builder() {
            clear();
        }

        /** Forgets every field: required ones unset, optional ones absent. */
        public Builder clear() {
            eventId = null;
            startTimeNanos = 0;
            endTimeNanos = 0;
            service = null;
            operation = null;
            provider = null;
            requestModel = null;
            responseModel = null;
            promptName = null;
            promptVersion = null;
            inputTokens = NO_COUNT;
            outputTokens = NO_COUNT;
            cacheReadTokens = NO_COUNT;
            reasoningTokens = NO_COUNT;
            finishReasons = List.of();
            ttftSeconds = Double.NaN;
            errorType = null;
            refusal = false;
            costUsd = Double.NaN;
            evalScore = Double.NaN;
            tenant = null;
            return this;
        }

        public Builder eventId(String v) { eventId = v; return this; }
        public Builder startTimeNanos(long v) { startTimeNanos = v; return this; }
        public Builder endTimeNanos(long v) { endTimeNanos = v; return this; }
        public Builder service(String v) { service = v; return this; }
        public Builder operation(String v) { operation = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder requestModel(String v) { requestModel = v; return this; }
        /** {@code null}: the response model is the requested one. */
        public Builder responseModel(String v) { responseModel = v; return this; }
        /** {@code null}: {@link #NO_PROMPT}. */
        public Builder promptName(String v) { promptName = v; return this; }
        /** {@code null}: {@link #NO_PROMPT_VERSION}. */
        public Builder promptVersion(String v) { promptVersion = v; return this; }
        public Builder inputTokens(long v) { inputTokens = v; return this; }
        public Builder outputTokens(long v) { outputTokens = v; return this; }
        public Builder cacheReadTokens(long v) { cacheReadTokens = v; return this; }
        public Builder reasoningTokens(long v) { reasoningTokens = v; return this; }
        /** Copied; no element may be null. */
        public Builder finishReasons(List<String> v) { finishReasons = List.copyOf(v); return this; }
        public Builder ttftSeconds(double v) { ttftSeconds = v; return this; }
        public Builder errorType(String v) { errorType = v; return this; }
        public Builder refusal(boolean v) { refusal = v; return this; }
        public Builder costUsd(double v) { costUsd = v; return this; }
        public Builder evalScore(double v) { evalScore = v; return this; }
        public Builder tenant(String v) { tenant = v; return this; }

        /**
         * A record of the fields set so far; the builder keeps them.
         *
         * @throws NullPointerException when a required field (event id, service, operation, provider,
         *     request model) is unset
         * @throws IllegalArgumentException when a token count is below {@link #NO_COUNT}
         */
        public LlmCallRecord build() {
            Objects.requireNonNull(eventId, "eventId is required");
            Objects.requireNonNull(service, "service is required");
            Objects.requireNonNull(operation, "operation is required");
            Objects.requireNonNull(provider, "provider is required");
            Objects.requireNonNull(requestModel, "requestModel is required");
            checkCount("inputTokens", inputTokens);
            checkCount("outputTokens", outputTokens);
            checkCount("cacheReadTokens", cacheReadTokens);
            checkCount("reasoningTokens", reasoningTokens);
            return new LlmCallRecord(this);
        }

        private static void checkCount(String name, long v) {
            if (v < NO_COUNT) {
                throw new IllegalArgumentException(name + " is " + v + ": a token count is >= 0, or NO_COUNT ("
                        + NO_COUNT + ") when not reported");
            }
        }
    }
}
