package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.schemas.Histogram;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.Quantiles;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmStatsRecordsTest {

    private static final CallVariant VARIANT = new CallVariant("openai", "gpt-4o-2024-08-06", "v7");
    private static final long START = 1_764_000_000_000L;
    private static final long END = START + 60_000;

    @Test
    void everyFieldComesFromTheKeyTheVariantTheWindowAndTheProfile() {
        CallProfile profile = new CallProfile();
        // five successes, latencies 1..5 s; the first two streamed; scores on three
        double[] latencies = {3, 1, 5, 2, 4};
        double[] ttft = {0.5, 0.25, Double.NaN, Double.NaN, Double.NaN};
        double[] scores = {0.9, Double.NaN, 0.5, 0.7, Double.NaN};
        for (int i = 0; i < 5; i++) {
            profile.record(new CallObservation().inputTokens(1_000 + i).outputTokens(100).cacheReadTokens(10)
                    .reasoningTokens(i).costUsd(i == 4 ? Double.NaN : 0.25).latencySeconds(latencies[i])
                    .timeToFirstChunkSeconds(ttft[i]).evalScore(scores[i]));
        }
        profile.record(new CallObservation().errorType("timeout").latencySeconds(30).costUsd(0.5));
        profile.record(new CallObservation().errorType("rate_limited").latencySeconds(0.01));
        profile.record(new CallObservation().errorType("timeout").refusal(true).contentFiltered(true));

        LlmStats s = LlmStatsRecords.of(new LlmWindowContext("support-bot", "triage", "chat", START, END), VARIANT, profile);

        assertThat(s.getService()).isEqualTo("support-bot");
        assertThat(s.getOperation()).isEqualTo("chat");
        assertThat(s.getPrompt()).isEqualTo("triage");
        assertThat(s.getProvider()).isEqualTo("openai");
        assertThat(s.getModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(s.getPromptVersion()).isEqualTo("v7");
        assertThat(s.getWindowStart()).isEqualTo(START);
        assertThat(s.getWindowEnd()).isEqualTo(END);
        assertThat(s.getRequests()).isEqualTo(8);
        assertThat(s.getErrors()).isEqualTo(Map.of("timeout", 2L, "rate_limited", 1L));
        assertThat(s.getRefusals()).isEqualTo(1);
        assertThat(s.getContentFiltered()).isEqualTo(1);
        assertThat(s.getInputTokens()).isEqualTo(5_010);
        assertThat(s.getOutputTokens()).isEqualTo(500);
        assertThat(s.getCacheReadTokens()).isEqualTo(50);
        assertThat(s.getReasoningTokens()).isEqualTo(10);
        assertThat(s.getCostUsd()).isEqualTo(1.5);
        assertThat(s.getUnpricedCalls()).isEqualTo(3);
        // successes only, rank ⌈q·n⌉ of 1..5
        assertThat(s.getLatencySeconds()).isEqualTo(quantiles(3, 5, 5, 5));
        assertThat(s.getTtftSeconds()).isEqualTo(quantiles(0.25, 0.5, 0.5, 0.5));
        // 100 tokens over 2.5, 0.75, 5, 2, 4 s of generation: 40, 133.3, 20, 50, 25 per second
        assertThat(s.getOutputTokensPerSecondP50()).isEqualTo(40.0);
        assertThat(s.getOutputTokensPerSecondP10()).isEqualTo(20.0);
        assertThat(s.getEvalScoreMean()).isCloseTo(0.7, within(1e-12));
        assertThat(s.getEvalScoreP10()).isEqualTo(0.5);
        assertThat(s.getEvalScoreP50()).isEqualTo(0.7);
        // OpenTelemetry's buckets, a value on a bound in that bound's bucket: 1 s in (0.64, 1.28], 2 in (1.28, 2.56], 3-5 in (2.56, 5.12]
        assertThat(s.getLatencySecondsHistogram()).isEqualTo(histogram(LlmStatsRecords.SECONDS_BOUNDS, 15,
                0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 0, 0, 0, 0, 0));
        assertThat(s.getTtftSecondsHistogram()).isEqualTo(histogram(LlmStatsRecords.SECONDS_BOUNDS, 0.75,
                0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0));
        // successful calls only, as the sketches: 1 000 to 1 004 input and 100 output tokens each
        assertThat(s.getInputTokensHistogram()).isEqualTo(histogram(LlmStatsRecords.TOKEN_BOUNDS, 5_010,
                0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(s.getOutputTokensHistogram()).isEqualTo(histogram(LlmStatsRecords.TOKEN_BOUNDS, 500,
                0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aValuePastTheLastBoundCountsInTheLastBucketAndTheCountsAddUpToTheCalls() {
        CallProfile profile = new CallProfile();
        for (double latency : new double[] {0.005, 0.01, 81.92, 120, 3_000}) {
            profile.record(new CallObservation().latencySeconds(latency).inputTokens(70_000_000));
        }

        LlmStats s = LlmStatsRecords.of(new LlmWindowContext("support-bot", "triage", "chat", START, END), VARIANT, profile);

        assertThat(s.getLatencySecondsHistogram().getBucketCounts())
                .containsExactly(2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L, 2L);
        assertThat(s.getInputTokensHistogram().getBucketCounts().get(14)).isEqualTo(5);
        assertThat(s.getOutputTokensHistogram()).as("no call reported output tokens").isNull();
    }

    @Test
    void statisticsWithoutDataAreNullNotZero() {
        CallProfile failures = new CallProfile();
        failures.record(new CallObservation().errorType("timeout").latencySeconds(30));

        LlmStats s = LlmStatsRecords.of(new LlmWindowContext("search", "", "embeddings", START, END),
                new CallVariant("cohere", "embed", ""), failures);

        assertThat(s.getRequests()).isEqualTo(1);
        assertThat(s.getUnpricedCalls()).isEqualTo(1);
        assertThat(s.getCostUsd()).isZero();
        assertThat(s.getPrompt()).isEmpty();
        assertThat(s.getLatencySeconds()).isNull();
        assertThat(s.getTtftSeconds()).isNull();
        assertThat(s.getOutputTokensPerSecondP50()).isNull();
        assertThat(s.getEvalScoreMean()).isNull();
        assertThat(s.getEvalScoreP10()).isNull();
        assertThat(s.getOutputTokensPerSecondP10()).isNull();
        assertThat(s.getEvalScoreP50()).isNull();
        assertThat(s.getLatencySecondsHistogram()).isNull();
        assertThat(s.getTtftSecondsHistogram()).isNull();
        assertThat(s.getInputTokensHistogram()).isNull();
        assertThat(s.getOutputTokensHistogram()).isNull();
    }

    @Test
    void totalsOfAbsurdCallsSaturateInsteadOfTurningNegativeOrInfinite() {
        CallProfile profile = new CallProfile();
        for (int i = 0; i < 2; i++) {
            profile.record(new CallObservation().inputTokens(Long.MAX_VALUE).costUsd(1.7e308).latencySeconds(1));
        }

        LlmStats s = LlmStatsRecords.of(new LlmWindowContext("support-bot", "triage", "chat", START, END), VARIANT, profile);

        assertThat(s.getInputTokens()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.getCostUsd()).isEqualTo(Double.MAX_VALUE);
        assertThat(new String(JsonRecordWriter.toJson(s), StandardCharsets.UTF_8))
                .contains("\"input_tokens\":9223372036854775807", "\"cost_usd\":1.7976931348623157E308");
    }

    private static Histogram histogram(List<Double> bounds, double sum, long... counts) {
        return Histogram.newBuilder().setExplicitBounds(bounds).setBucketCounts(Arrays.stream(counts).boxed().toList())
                .setSum(sum).build();
    }

    private static Quantiles quantiles(double p50, double p90, double p95, double p99) {
        return Quantiles.newBuilder().setP50(p50).setP90(p90).setP95(p95).setP99(p99).build();
    }
}
