package io.plumbline.detectors.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.sketch.QuantileSketch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallProfileTest {
    private final CallObservation call = new CallObservation();

    @Test
    void anEmptyProfileHasNoRates() {
        CallProfile profile = new CallProfile();

        assertThat(profile.isEmpty()).isTrue();
        assertThat(profile.errorRate()).isNaN();
        assertThat(profile.refusalRate()).isNaN();
        assertThat(profile.contentFilterRate()).isNaN();
        assertThat(profile.meanCostPerPricedCall()).isNaN();
        assertThat(profile.latency().quantile(0.99)).isNaN();
    }

    @Test
    void countsEveryKindOfCall() {
        CallProfile profile = new CallProfile();
        profile.record(call.clear().inputTokens(1_200).cacheReadTokens(1_000).outputTokens(300).reasoningTokens(100)
                .costUsd(0.004).latencySeconds(2.0).timeToFirstChunkSeconds(0.5).evalScore(0.9));
        profile.record(call.clear().inputTokens(800).outputTokens(0).refusal(true).costUsd(0.001).latencySeconds(0.7));
        profile.record(call.clear().inputTokens(900).errorType("rate_limit_exceeded").latencySeconds(0.02));
        profile.record(call.clear().inputTokens(50).outputTokens(10).contentFiltered(true).latencySeconds(0.4).evalScore(0.1));

        assertThat(profile.requests()).isEqualTo(4);
        assertThat(profile.errors()).isEqualTo(1);
        assertThat(profile.errorsByType()).containsExactly(entry("rate_limit_exceeded", 1L));
        assertThat(profile.errorRate()).isEqualTo(0.25);
        assertThat(profile.refusals()).isEqualTo(1);
        assertThat(profile.refusalRate()).isEqualTo(0.25);
        assertThat(profile.contentFiltered()).isEqualTo(1);
        assertThat(profile.contentFilterRate()).isEqualTo(0.25);
        assertThat(profile.inputTokens()).isEqualTo(2_950);
        assertThat(profile.outputTokens()).isEqualTo(310);
        assertThat(profile.cacheReadTokens()).isEqualTo(1_000);
        assertThat(profile.reasoningTokens()).isEqualTo(100);
        assertThat(profile.costUsd()).isCloseTo(0.005, within(1e-15));
        assertThat(profile.pricedCalls()).isEqualTo(2);
        assertThat(profile.unpricedCalls()).isEqualTo(2);
        assertThat(profile.meanCostPerPricedCall()).isCloseTo(0.0025, within(1e-15));
        assertThat(profile.evalScores().count()).isEqualTo(2);
        assertThat(profile.evalScores().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(profile.evalScores().quantile(0.1)).isEqualTo(0.1);
    }

    @Test
    void timingsCountOnlyCallsThatSucceeded() {
        CallProfile profile = new CallProfile();
        profile.record(call.clear().latencySeconds(3.0));
        profile.record(call.clear().latencySeconds(0.01).timeToFirstChunkSeconds(0.005).errorType("timeout"));

        assertThat(profile.latency().count()).isEqualTo(1);
        assertThat(profile.latency().quantile(0.5)).isEqualTo(3.0);
        assertThat(profile.timeToFirstChunk().count()).isZero();
    }

    @Test
    void promptAndAnswerLengthsCountTheSuccessfulCallsThatReportTokens() {
        CallProfile profile = new CallProfile();
        profile.record(call.clear().inputTokens(1_200).outputTokens(300).latencySeconds(1.0));
        profile.record(call.clear().inputTokens(800).latencySeconds(1.0));
        profile.record(call.clear().latencySeconds(1.0));
        profile.record(call.clear().inputTokens(5_000).outputTokens(10).errorType("timeout"));

        assertThat(profile.inputTokensPerCall().count()).isEqualTo(2);
        assertThat(profile.inputTokensPerCall().sum()).isEqualTo(2_000.0);
        assertThat(profile.inputTokensPerCall().quantile(0)).isEqualTo(800.0);
        assertThat(profile.inputTokensPerCall().quantile(1)).isEqualTo(1_200.0);
        assertThat(profile.outputTokensPerCall().count()).isEqualTo(1);
        assertThat(profile.inputTokens()).as("the totals count every call").isEqualTo(7_000);
    }

    @Test
    void outputSpeedDividesByTheTimeAfterTheFirstChunkWhenStreamed() {
        CallProfile profile = new CallProfile();
        profile.record(call.clear().outputTokens(400).latencySeconds(5.0).timeToFirstChunkSeconds(1.0));
        profile.record(call.clear().outputTokens(100).latencySeconds(4.0));

        assertThat(profile.outputTokensPerSecond().count()).isEqualTo(2);
        assertThat(profile.outputTokensPerSecond().quantile(1)).isEqualTo(100.0);
        assertThat(profile.outputTokensPerSecond().quantile(0)).isEqualTo(25.0);
        assertThat(profile.timeToFirstChunk().quantile(1)).isEqualTo(1.0);
    }

    @Test
    void outputSpeedIsNotMeasuredWithoutTokensOrAGenerationTime() {
        CallProfile profile = new CallProfile();
        profile.record(call.clear().outputTokens(0).latencySeconds(1.0));
        profile.record(call.clear().outputTokens(50));
        profile.record(call.clear().outputTokens(50).latencySeconds(1.0).timeToFirstChunkSeconds(1.0));
        profile.record(call.clear().outputTokens(50).latencySeconds(1.0).timeToFirstChunkSeconds(1.2));
        profile.record(call.clear().outputTokens(50).latencySeconds(0.0004));

        assertThat(profile.outputTokensPerSecond().count()).isZero();
        assertThat(profile.latency().count()).isEqualTo(4);
        assertThat(profile.requests()).isEqualTo(5);
    }

    @Test
    void mergingEqualsRecordingEveryCallInOne() {
        CallProfile a = new CallProfile();
        CallProfile b = new CallProfile();
        CallProfile both = new CallProfile();
        for (int i = 0; i < 3_000; i++) {
            call.clear().inputTokens(100 + i).outputTokens(10 + i % 7).latencySeconds(0.5 + (i * 37 % 1000) / 100.0)
                    .costUsd(i % 5 == 0 ? Double.NaN : 0.001 * (i % 3)).errorType(i % 50 == 0 ? "timeout" : null)
                    .evalScore(i % 10 == 0 ? (i % 4) / 4.0 : Double.NaN);
            (i % 3 == 0 ? a : b).record(call);
            both.record(call);
        }

        a.merge(b);

        assertThat(a.requests()).isEqualTo(both.requests());
        assertThat(a.errorsByType()).isEqualTo(both.errorsByType());
        assertThat(a.inputTokens()).isEqualTo(both.inputTokens());
        assertThat(a.outputTokens()).isEqualTo(both.outputTokens());
        assertThat(a.pricedCalls()).isEqualTo(both.pricedCalls());
        assertThat(a.costUsd()).isCloseTo(both.costUsd(), within(1e-12));
        assertThat(a.latency().count()).isEqualTo(both.latency().count());
        assertThat(a.latency().quantile(0.99)).as("p99 is among the exact top values").isEqualTo(both.latency().quantile(0.99));
        assertThat(a.evalScores().quantile(0.1)).isEqualTo(both.evalScores().quantile(0.1));
        assertThat(a.inputTokensPerCall().count()).isEqualTo(both.inputTokensPerCall().count());
        assertThat(a.inputTokensPerCall().quantile(0.99)).isEqualTo(both.inputTokensPerCall().quantile(0.99));
        assertThat(b.requests()).as("the merged profile is left as it was").isEqualTo(2_000);
        assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenTotalsSaturateAtTheLargestLongInsteadOfWrappingNegative() {
        CallProfile profile = new CallProfile();
        for (int i = 0; i < 2; i++) {
            profile.record(call.clear().inputTokens(Long.MAX_VALUE).cacheReadTokens(Long.MAX_VALUE)
                    .outputTokens(Long.MAX_VALUE).reasoningTokens(Long.MAX_VALUE).latencySeconds(1));
        }
        CallProfile merged = new CallProfile();

        merged.merge(profile);
        merged.merge(profile);

        for (CallProfile p : new CallProfile[] {profile, merged}) {
            assertThat(p.inputTokens()).isEqualTo(Long.MAX_VALUE);
            assertThat(p.cacheReadTokens()).isEqualTo(Long.MAX_VALUE);
            assertThat(p.outputTokens()).isEqualTo(Long.MAX_VALUE);
            assertThat(p.reasoningTokens()).isEqualTo(Long.MAX_VALUE);
        }
        assertThat(merged.requests()).isEqualTo(4);
    }

    @Test
    void callCountsSaturateWhenMerged() {
        CallProfile huge = countsOnly(Long.MAX_VALUE, Map.of("timeout", Long.MAX_VALUE));

        huge.merge(countsOnly(Long.MAX_VALUE, Map.of("timeout", 1L)));

        assertThat(huge.requests()).isEqualTo(Long.MAX_VALUE);
        assertThat(huge.errors()).isEqualTo(Long.MAX_VALUE);
        assertThat(huge.errorsByType()).containsExactly(entry("timeout", Long.MAX_VALUE));
        assertThat(huge.refusals()).isEqualTo(Long.MAX_VALUE);
        assertThat(huge.contentFiltered()).isEqualTo(Long.MAX_VALUE);
        assertThat(huge.pricedCalls()).isEqualTo(Long.MAX_VALUE);
        assertThat(huge.unpricedCalls()).isZero();
    }

    @Test
    void costAndTimingSumsStayFiniteAndTheProfileStillRebuilds() {
        CallProfile profile = new CallProfile();
        for (int i = 0; i < 2; i++) {
            profile.record(call.clear().costUsd(1.7e308).latencySeconds(1.7e308).outputTokens(Long.MAX_VALUE));
        }
        CallProfile merged = new CallProfile();

        merged.merge(profile);
        merged.merge(profile);

        for (CallProfile p : new CallProfile[] {profile, merged}) {
            assertThat(p.costUsd()).isEqualTo(Double.MAX_VALUE);
            assertThat(p.meanCostPerPricedCall()).isFinite();
            assertThat(p.latency().sum()).isEqualTo(Double.MAX_VALUE);
            assertThat(p.latency().quantile(0.5)).isEqualTo(1.7e308);
        }
        assertThat(merged.pricedCalls()).isEqualTo(4);
        assertThat(CallProfile.of(merged.state()).costUsd()).as("a saturated profile is a valid one")
                .isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void aStateRebuildsTheProfileAndBadStatesAreRefused() {
        CallProfile profile = new CallProfile();
        profile.record(call.clear().latencySeconds(1).costUsd(0.5));
        profile.record(call.clear().errorType("timeout"));

        CallProfile rebuilt = CallProfile.of(profile.state());

        assertThat(rebuilt.requests()).isEqualTo(2);
        assertThat(rebuilt.errorsByType()).containsExactly(entry("timeout", 1L));
        assertThat(rebuilt.meanCostPerPricedCall()).isEqualTo(0.5);
        CallProfile.State s = profile.state();
        assertThatThrownBy(() -> CallProfile.of(new CallProfile.State(2, Map.of("timeout", 3L), 0, 0, 0, 0, 0, 0, 0, 0,
                s.latency(), s.timeToFirstChunk(), s.outputTokensPerSecond(), s.evalScores(), s.outputTokensPerCall(), s.inputTokensPerCall())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 errors exceed the 2 requests");
        assertThatThrownBy(() -> CallProfile.of(new CallProfile.State(2, Map.of(), 0, 0, 0, 0, 0, 0, Double.NaN, 1,
                s.latency(), s.timeToFirstChunk(), s.outputTokensPerSecond(), s.evalScores(), s.outputTokensPerCall(), s.inputTokensPerCall())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost NaN");
        assertThatThrownBy(() -> CallProfile.of(new CallProfile.State(0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0,
                s.latency(), s.timeToFirstChunk(), s.outputTokensPerSecond(), s.evalScores(), s.outputTokensPerCall(), s.inputTokensPerCall())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more timed calls than the 0 that succeeded");
    }

    /** A profile of {@code n} calls, each refused, filtered and priced (at $0), with these errors and nothing else. */
    private static CallProfile countsOnly(long n, Map<String, Long> errors) {
        CallProfile.State s = new CallProfile().state();
        return CallProfile.of(new CallProfile.State(n, errors, n, n, 0, 0, 0, 0, 0, n, s.latency(), s.timeToFirstChunk(),
                s.outputTokensPerSecond(), s.evalScores(), s.outputTokensPerCall(), s.inputTokensPerCall()));
    }

    @Test
    void heapGrowsWithTheCallsUpToABound() {
        CallProfile small = new CallProfile();
        small.record(call.clear().latencySeconds(1).outputTokens(10));
        CallProfile busy = new CallProfile();
        for (int i = 0; i < 50_000; i++) {
            busy.record(call.clear().outputTokens(100).latencySeconds(1 + i % 977 / 100.0).timeToFirstChunkSeconds(0.2 + i % 13 / 100.0)
                    .evalScore(i % 89 / 88.0));
        }

        assertThat(small.estimatedHeapBytes()).isLessThan(1_400);
        // Five digested sketches: latency, first chunk, output speed, output length, eval scores.
        assertThat(busy.estimatedHeapBytes()).isLessThan(5 * 32 * 1024);
        assertThat(busy.estimatedHeapBytes()).isGreaterThan(5 * QuantileSketch.TOP_VALUE_CAPACITY * 8L);
    }
}
