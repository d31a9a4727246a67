package io.plumbline.detectors.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteProfileTest {
    private static final CallVariant V7 = new CallVariant("openai", "gpt-4o-2024-08-06", "v7");
    private static final CallVariant V8 = new CallVariant("openai", "gpt-4o-2024-08-06", "v8");

    private final CallObservation call = new CallObservation();

    @Test
    void aReleaseIsAVariantNextToTheOneItReplaces() {
        RouteProfile route = new RouteProfile();
        route.record(V7, call.clear().latencySeconds(1.0));
        route.record(V8, call.clear().latencySeconds(3.0));
        route.record(V8, call.clear().errorType("timeout"));

        assertThat(route.variants().keySet()).containsExactly(V7, V8);
        assertThat(route.variants().get(V8).errorRate()).isEqualTo(0.5);
        assertThat(route.variants().get(V7).latency().quantile(0.5)).isEqualTo(1.0);
        assertThat(route.requests()).isEqualTo(3);
    }

    @Test
    void variantsPastTheLimitShareTheOverflowProfile() {
        RouteProfile route = new RouteProfile(2);
        int named = 0;
        for (int i = 0; i < 10; i++) {
            named += route.record(new CallVariant("openai", "model-" + i, "v1"), call.clear().latencySeconds(i)) ? 1 : 0;
        }

        assertThat(named).as("calls counted under their own variant").isEqualTo(2);
        assertThat(route.record(new CallVariant("openai", "model-0", "v1"), call.clear())).isTrue();
        assertThat(route.variants()).hasSize(3);
        assertThat(route.variants()).containsKey(CallVariant.OVERFLOW);
        assertThat(route.variants().get(CallVariant.OVERFLOW).requests()).isEqualTo(8);
        assertThat(route.requests()).isEqualTo(11);
        assertThat(route.variants().keySet()).contains(new CallVariant("openai", "model-0", "v1"));
    }

    @Test
    void mergingAddsCallsPerVariantAndRespectsTheLimit() {
        RouteProfile a = new RouteProfile(2);
        a.record(V7, call.clear().latencySeconds(1.0));
        RouteProfile b = new RouteProfile(2);
        b.record(V7, call.clear().latencySeconds(2.0));
        b.record(V8, call.clear().latencySeconds(3.0));
        RouteProfile c = new RouteProfile(2);
        c.record(new CallVariant("anthropic", "claude", "v8"), call.clear().latencySeconds(4.0));

        a.merge(b);
        a.merge(c);

        assertThat(a.variants().get(V7).requests()).isEqualTo(2);
        assertThat(a.variants().get(V7).latency().quantile(1)).isEqualTo(2.0);
        assertThat(a.variants().get(CallVariant.OVERFLOW).requests()).isEqualTo(1);
        assertThat(a.requests()).isEqualTo(4);
        assertThat(b.requests()).isEqualTo(2);
        assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsAndPartsAreValidated() {
        CallProfile one = new CallProfile();
        one.record(call.clear());

        assertThatThrownBy(() -> new RouteProfile(0)).hasMessageStartingWith("maxVariants must be at least 1, got 0");
        assertThatThrownBy(() -> RouteProfile.of(1, Map.of(V7, one, V8, one))).hasMessageContaining("2 variants exceed the limit of 1");
        assertThatThrownBy(() -> RouteProfile.of(1, Map.of(V7, new CallProfile()))).hasMessageContaining("has no calls");
        assertThatThrownBy(() -> new CallVariant("openai", null, "v1")).hasMessageContaining("model is null");
        assertThat(RouteProfile.of(1, Map.of(V7, one, CallVariant.OVERFLOW, one)).requests()).isEqualTo(2);
    }

    @Test
    void theRoutesCallsSaturateAtTheLargestLong() {
        CallProfile.State s = new CallProfile().state();
        CallProfile huge = CallProfile.of(new CallProfile.State(Long.MAX_VALUE, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0,
                s.latency(), s.timeToFirstChunk(), s.outputTokensPerSecond(), s.evalScores(), s.outputTokensPerCall(), s.inputTokensPerCall()));
        CallProfile one = new CallProfile();
        one.record(call.clear());

        assertThat(RouteProfile.of(2, Map.of(V7, huge, V8, one)).requests()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anEmptyRouteIsSmallOnTheHeap() {
        RouteProfile route = new RouteProfile();
        assertThat(route.isEmpty()).isTrue();
        assertThat(route.estimatedHeapBytes()).isLessThan(200);

        route.record(V7, call.clear().latencySeconds(1));

        assertThat(route.estimatedHeapBytes()).isBetween(route.variants().get(V7).estimatedHeapBytes(), 2_000L);
    }
}
