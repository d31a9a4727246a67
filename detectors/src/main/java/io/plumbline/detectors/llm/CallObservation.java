package io.plumbline.detectors.llm;

/**
 * What one LLM call reports, as plain values: a mutable carrier the job fills per event and reuses, so
 * recording a call allocates nothing. Absent values are NaN (durations, cost, score) or 0 (token
 * counts). Setters check their value and name the event field at fault; {@link #clear()} makes every
 * value absent again.
 */
public final class CallObservation {
    private String errorType;
    private boolean refusal;
    private boolean contentFiltered;
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long reasoningTokens;
    private double costUsd;
    private double latencySeconds;
    private double timeToFirstChunkSeconds;
    private double evalScore;

    public CallObservation() {
        clear();
    }

    /** Forgets every value, for the next call. */
    public CallObservation clear() {
        errorType = null;
        refusal = false;
        contentFiltered = false;
        inputTokens = 0;
        outputTokens = 0;
        cacheReadTokens = 0;
        reasoningTokens = 0;
        costUsd = Double.NaN;
        latencySeconds = Double.NaN;
        timeToFirstChunkSeconds = Double.NaN;
        evalScore = Double.NaN;
        return this;
    }

    /** {@code error.type}; null for a call that succeeded. */
    public CallObservation errorType(String type) {
        errorType = type;
        return this;
    }

    public CallObservation refusal(boolean refused) {
        refusal = refused;
        return this;
    }

    /** The provider's content filter stopped the answer (a finish reason of {@code content_filter}). */
    public CallObservation contentFiltered(boolean filtered) {
        contentFiltered = filtered;
        return this;
    }

    /** {@code gen_ai.usage.input_tokens}, cache reads included (OpenTelemetry's semantics). */
    public CallObservation inputTokens(long tokens) {
        inputTokens = tokens(tokens, "gen_ai.usage.input_tokens");
        return this;
    }

    /** {@code gen_ai.usage.output_tokens}, reasoning included. */
    public CallObservation outputTokens(long tokens) {
        outputTokens = tokens(tokens, "gen_ai.usage.output_tokens");
        return this;
    }

    public CallObservation cacheReadTokens(long tokens) {
        cacheReadTokens = tokens(tokens, "gen_ai.usage.cache_read.input_tokens");
        return this;
    }

    public CallObservation reasoningTokens(long tokens) {
        reasoningTokens = tokens(tokens, "gen_ai.usage.reasoning.output_tokens");
        return this;
    }

    /** The call's cost in USD, from the sender or the price table; NaN when neither prices it. */
    public CallObservation costUsd(double usd) {
        costUsd = absentOrAtLeastZero(usd, "cost.usd");
        return this;
    }

    /** End minus start time, in seconds; NaN when unknown. */
    public CallObservation latencySeconds(double seconds) {
        latencySeconds = absentOrAtLeastZero(seconds, "latency (end_time_unix_nano - start_time_unix_nano)");
        return this;
    }

    /** {@code gen_ai.response.time_to_first_chunk}; NaN for a call that did not stream. */
    public CallObservation timeToFirstChunkSeconds(double seconds) {
        timeToFirstChunkSeconds = absentOrAtLeastZero(seconds, "gen_ai.response.time_to_first_chunk");
        return this;
    }

    /** {@code eval.score} in [0, 1]; NaN when the call was not judged. */
    public CallObservation evalScore(double score) {
        if (!Double.isNaN(score) && !(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("eval.score must be within [0, 1] (or absent), got " + score);
        }
        evalScore = score;
        return this;
    }

    public String errorType() {
        return errorType;
    }

    public boolean isError() {
        return errorType != null;
    }

    public boolean refusal() {
        return refusal;
    }

    public boolean contentFiltered() {
        return contentFiltered;
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public long cacheReadTokens() {
        return cacheReadTokens;
    }

    public long reasoningTokens() {
        return reasoningTokens;
    }

    public double costUsd() {
        return costUsd;
    }

    public double latencySeconds() {
        return latencySeconds;
    }

    public double timeToFirstChunkSeconds() {
        return timeToFirstChunkSeconds;
    }

    public double evalScore() {
        return evalScore;
    }

    private static long tokens(long tokens, String field) {
        if (tokens < 0) {
            throw new IllegalArgumentException(field + " must be ≥ 0, got " + tokens);
        }
        return tokens;
    }

    private static double absentOrAtLeastZero(double v, String field) {
        if (!Double.isNaN(v) && !(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(field + " must be finite and ≥ 0 (or absent), got " + v);
        }
        return v;
    }
}
