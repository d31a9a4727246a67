package io.plumbline.alerts.llm;

import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.QuantileSketch;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.Quantiles;
import java.util.LinkedHashMap;

/**
 * The LlmStats record of one variant's calls in one window: what {@code plumbline.llm-stats} carries
 * and what the LLM rules read. A statistic without data in the window (no call streamed, none was
 * judged, every call failed) is null, never 0, so that a consumer cannot mistake it for a measurement.
 */
public final class LlmStatsRecords {

    private LlmStatsRecords() {
    }

    /**
     * @param window the route (service, prompt, operation) and the window
     * @param profile the variant's calls in the window; only read
     */
    public static LlmStats of(LlmWindowContext window, CallVariant variant, CallProfile profile) {
        QuantileSketch scores = profile.evalScores();
        boolean judged = scores.count() > 0;
        QuantileSketch speed = profile.outputTokensPerSecond();
        return LlmStats.newBuilder()
                .setService(window.service())
                .setOperation(window.operation())
                .setPrompt(window.prompt())
                .setProvider(variant.provider())
                .setModel(variant.model())
                .setPromptVersion(variant.promptVersion())
                .setWindowStart(window.windowStart())
                .setWindowEnd(window.windowEnd())
                .setRequests(profile.requests())
                .setErrors(new LinkedHashMap<>(profile.errorsByType()))
                .setRefusals(profile.refusals())
                .setContentFiltered(profile.contentFiltered())
                .setInputTokens(profile.inputTokens())
                .setOutputTokens(profile.outputTokens())
                .setCacheReadTokens(profile.cacheReadTokens())
                .setReasoningTokens(profile.reasoningTokens())
                .setCostUsd(profile.costUsd())
                .setUnpricedCalls(profile.unpricedCalls())
                .setLatencySeconds(quantiles(profile.latency()))
                .setTtftSeconds(quantiles(profile.timeToFirstChunk()))
                .setOutputTokensPerSecondP50(speed.count() == 0 ? null : speed.quantile(0.5))
                .setEvalScoreMean(judged ? scores.mean() : null)
                .setEvalScoreP10(judged ? scores.quantile(0.1) : null)
                .build();
    }

    /** p50, p90, p95 and p99 from one snapshot of the sketch; null when it is empty. */
    static Quantiles quantiles(QuantileSketch sketch) {
        if (sketch.count() == 0) {
            return null;
        }
        CumulativeDistribution distribution = sketch.distribution();
        return Quantiles.newBuilder()
                .setP50(distribution.quantile(0.5))
                .setP90(distribution.quantile(0.9))
                .setP95(distribution.quantile(0.95))
                .setP99(distribution.quantile(0.99))
                .build();
    }
}
