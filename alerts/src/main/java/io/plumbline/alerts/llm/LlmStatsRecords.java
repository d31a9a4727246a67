package io.plumbline.alerts.llm;

import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.QuantileSketch;
import io.plumbline.schemas.Histogram;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.Quantiles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The LlmStats record of one variant's calls in one window: what {@code plumbline.llm-stats} carries
 * and what the LLM rules read. A statistic without data in the window (no call streamed, none was
 * judged, every call failed) is null, never 0, so that a consumer cannot mistake it for a measurement.
 *
 * <p>The histograms count each sketch's values in the buckets OpenTelemetry's GenAI semantic conventions
 * give their metrics ({@code ExplicitBucketBoundaries}), so that a Prometheus histogram built from the
 * windows answers {@code histogram_quantile} as one recorded by OpenTelemetry instrumentation would.
 */
public final class LlmStatsRecords {

    /** {@code gen_ai.client.operation.duration} and {@code gen_ai.client.operation.time_to_first_chunk}, seconds. */
    static final List<Double> SECONDS_BOUNDS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92);
    /** {@code gen_ai.client.token.usage}, tokens. */
    static final List<Double> TOKEN_BOUNDS = List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0,
            262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);

    private LlmStatsRecords() {
    }

    /**
     * @param window the route (service, prompt, operation) and the window
     * @param profile the variant's calls in the window; only read
     */
    public static LlmStats of(LlmWindowContext window, CallVariant variant, CallProfile profile) {
        QuantileSketch scores = profile.evalScores();
        CumulativeDistribution scoreDistribution = scores.count() == 0 ? null : scores.distribution();
        CumulativeDistribution speed = distribution(profile.outputTokensPerSecond());
        CumulativeDistribution latency = distribution(profile.latency());
        CumulativeDistribution firstChunk = distribution(profile.timeToFirstChunk());
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
                .setLatencySeconds(quantiles(latency))
                .setTtftSeconds(quantiles(firstChunk))
                .setOutputTokensPerSecondP50(quantile(speed, 0.5))
                .setEvalScoreMean(scoreDistribution == null ? null : scores.mean())
                .setEvalScoreP10(quantile(scoreDistribution, 0.1))
                .setOutputTokensPerSecondP10(quantile(speed, 0.1))
                .setEvalScoreP50(quantile(scoreDistribution, 0.5))
                .setLatencySecondsHistogram(histogram(profile.latency(), latency, SECONDS_BOUNDS))
                .setTtftSecondsHistogram(histogram(profile.timeToFirstChunk(), firstChunk, SECONDS_BOUNDS))
                .setInputTokensHistogram(histogram(profile.inputTokensPerCall(), TOKEN_BOUNDS))
                .setOutputTokensHistogram(histogram(profile.outputTokensPerCall(), TOKEN_BOUNDS))
                .build();
    }

    /** One snapshot of the sketch, for every statistic read from it; null when it is empty. */
    private static CumulativeDistribution distribution(QuantileSketch sketch) {
        return sketch.count() == 0 ? null : sketch.distribution();
    }

    private static Double quantile(CumulativeDistribution distribution, double q) {
        return distribution == null ? null : distribution.quantile(q);
    }

    /** p50, p90, p95 and p99; null without values. */
    private static Quantiles quantiles(CumulativeDistribution distribution) {
        if (distribution == null) {
            return null;
        }
        return Quantiles.newBuilder()
                .setP50(distribution.quantile(0.5))
                .setP90(distribution.quantile(0.9))
                .setP95(distribution.quantile(0.95))
                .setP99(distribution.quantile(0.99))
                .build();
    }

    private static Histogram histogram(QuantileSketch sketch, List<Double> bounds) {
        return histogram(sketch, distribution(sketch), bounds);
    }

    /** The sketch's values per bucket of {@code bounds}, its sum beside; null without values. */
    private static Histogram histogram(QuantileSketch sketch, CumulativeDistribution distribution, List<Double> bounds) {
        if (distribution == null) {
            return null;
        }
        long[] counts = distribution.bucketCounts(bounds.stream().mapToDouble(Double::doubleValue).toArray());
        return Histogram.newBuilder()
                .setExplicitBounds(bounds)
                .setBucketCounts(Arrays.stream(counts).boxed().toList())
                .setSum(sketch.sum())
                .build();
    }
}
