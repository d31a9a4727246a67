package io.plumbline.detectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.detectors.sketch.QuantileSketch;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmProfileFormatTest {
    private static final double[] LEVELS = {0, 0.1, 0.5, 0.9, 0.95, 0.99, 1};

    @Test
    void aSketchRoundTripsInEitherForm() {
        QuantileSketch exact = new QuantileSketch();
        for (int i = 1; i <= 300; i++) {
            exact.add(i / 7.0);
        }
        for (QuantileSketch original : new QuantileSketch[] {new QuantileSketch(), exact, SampleRoutes.digestedSketch()}) {
            byte[] bytes = LlmProfileFormat.write(original);
            QuantileSketch read = LlmProfileFormat.readQuantileSketch(bytes);

            assertThat(LlmProfileFormat.write(read)).isEqualTo(bytes);
            assertThat(read.isExact()).isEqualTo(original.isExact());
            assertThat(read.count()).isEqualTo(original.count());
            assertThat(read.sum()).isEqualTo(original.sum());
            for (double q : LEVELS) {
                assertThat((Object) read.quantile(q)).as("q %s of %d values", q, original.count()).isEqualTo(original.quantile(q));
            }
        }
    }

    @Test
    void aRouteRoundTripsWithEveryVariantIntact() {
        RouteProfile original = SampleRoutes.everyForm();

        byte[] bytes = LlmProfileFormat.write(original);
        RouteProfile read = LlmProfileFormat.readRouteProfile(bytes);

        assertThat(LlmProfileFormat.write(read)).isEqualTo(bytes);
        assertThat(read.maxVariants()).isEqualTo(SampleRoutes.MAX_VARIANTS);
        assertThat(read.variants().keySet()).isEqualTo(original.variants().keySet());
        for (Map.Entry<CallVariant, CallProfile> e : original.variants().entrySet()) {
            assertSameProfile(read.variants().get(e.getKey()), e.getValue());
        }
    }

    @Test
    void aReadProfileKeepsRecordingAndMerging() {
        RouteProfile read = LlmProfileFormat.readRouteProfile(LlmProfileFormat.write(SampleRoutes.everyForm()));
        RouteProfile fresh = SampleRoutes.everyForm();

        read.record(SampleRoutes.GPT_V8, new CallObservation().latencySeconds(9.0));
        read.merge(fresh);

        assertThat(read.variants().get(SampleRoutes.GPT_V8).requests()).isEqualTo(41);
        assertThat(read.variants().get(SampleRoutes.GPT_V8).latency().quantile(1)).isEqualTo(9.0);
        assertThat(read.requests()).isEqualTo(2 * fresh.requests() + 1);
    }

    @Test
    void aCallProfileRoundTrips() {
        CallProfile original = SampleRoutes.everyForm().variants().get(SampleRoutes.CLAUDE_V7);

        byte[] bytes = LlmProfileFormat.write(original);

        assertSameProfile(LlmProfileFormat.readCallProfile(bytes), original);
        assertThat(LlmProfileFormat.write(LlmProfileFormat.readCallProfile(bytes))).isEqualTo(bytes);
    }

    @Test
    void aProfileOfHugeCallsRoundTripsWithItsTotalsSaturated() {
        CallProfile original = new CallProfile();
        for (int i = 0; i < 2; i++) {
            original.record(new CallObservation().inputTokens(Long.MAX_VALUE).outputTokens(Long.MAX_VALUE)
                    .costUsd(1.7e308).latencySeconds(1.7e308));
        }

        CallProfile read = LlmProfileFormat.readCallProfile(LlmProfileFormat.write(original));

        assertSameProfile(read, original);
        assertThat(read.inputTokens()).isEqualTo(Long.MAX_VALUE);
        assertThat(read.costUsd()).isEqualTo(Double.MAX_VALUE);
        assertThat(read.latency().sum()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void serialisedSizesStayNearTheirContents() {
        RouteProfile route = SampleRoutes.everyForm();
        RouteProfile small = new RouteProfile();
        small.record(SampleRoutes.GPT_V7, new CallObservation().inputTokens(1_000).outputTokens(80).latencySeconds(1.2).costUsd(0.01));
        byte[] digested = LlmProfileFormat.write(SampleRoutes.digestedSketch());
        byte[] busyCall = LlmProfileFormat.write(route.variants().get(SampleRoutes.GPT_V7));
        byte[] wholeRoute = LlmProfileFormat.write(route);
        byte[] oneCall = LlmProfileFormat.write(small);
        System.out.printf("serialised: digested sketch %d B, busy call profile %d B, sample route %d B, one-call route %d B%n",
                digested.length, busyCall.length, wholeRoute.length, oneCall.length);

        assertThat(digested.length).as("top values plus centroids").isBetween(QuantileSketch.TOP_VALUE_CAPACITY * 8, 12 * 1024);
        assertThat(oneCall.length).isLessThan(144);
        assertThat(wholeRoute.length).isLessThan(busyCall.length + 8 * 1024);
    }

    @Test
    void refusesBytesWithoutTheMagicOrOfAnotherVersion() {
        byte[] call = LlmProfileFormat.write(new CallProfile());
        byte[] route = LlmProfileFormat.write(new RouteProfile());
        route[4] = 4;

        assertThatThrownBy(() -> LlmProfileFormat.readRouteProfile(call)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a route profile: expected magic bytes 50 4C 52 50 (\"PLRP\"), found 50 4C 43 50 (\"PLCP\", the magic of a call profile)");
        assertThatThrownBy(() -> LlmProfileFormat.readQuantileSketch(new byte[] {'P', 'L', 'Q'})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a quantile sketch: 3 bytes, too short for the 5-byte header (\"PLQS\" and a version)");
        assertThatThrownBy(() -> LlmProfileFormat.readRouteProfile(route)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported route profile format version 4: this reader knows versions 1 to 3");
    }

    @Test
    void refusesInputCutAnywhereOrOverlong() {
        byte[] bytes = LlmProfileFormat.write(SampleRoutes.everyForm());

        for (int length = 5; length < bytes.length; length += 1 + length / 8) {
            int cut = length;
            assertThatThrownBy(() -> LlmProfileFormat.readRouteProfile(Arrays.copyOf(bytes, cut)))
                    .as("cut at %d of %d", cut, bytes.length)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("corrupt route profile: ");
        }
        assertThatThrownBy(() -> LlmProfileFormat.readRouteProfile(Arrays.copyOf(bytes, bytes.length + 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt route profile: 2 unexpected bytes after the end, at offset " + bytes.length);
    }

    @Test
    void namesTheVariantAndSketchWhoseContentsAreCorrupt() {
        RouteProfile route = new RouteProfile();
        route.record(SampleRoutes.GPT_V8, new CallObservation().latencySeconds(1.0));
        route.record(SampleRoutes.GPT_V8, new CallObservation().latencySeconds(2.0));
        byte[] bytes = LlmProfileFormat.write(route);
        // The latency sketch's last exact value (2.0) precedes five empty sketches (count and form: 2 bytes each).
        int lastLatency = bytes.length - 5 * 2 - 8;
        byte[] half = {0x3F, (byte) 0xE0, 0, 0, 0, 0, 0, 0};
        System.arraycopy(half, 0, bytes, lastLatency, 8);

        assertThatThrownBy(() -> LlmProfileFormat.readRouteProfile(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt route profile: variant " + SampleRoutes.GPT_V8
                        + ", latency: invalid quantile sketch: exact values are not sorted at index 1");
    }

    @Test
    void refusesAProfileWhoseCountsContradictEachOther() {
        CallProfile profile = new CallProfile();
        profile.record(new CallObservation().refusal(true));
        byte[] bytes = LlmProfileFormat.write(profile);
        bytes[5] = 0; // requests: 1 -> 0, leaving one refusal

        assertThatThrownBy(() -> LlmProfileFormat.readCallProfile(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt call profile: the profile: invalid call profile: more refused, filtered or priced calls than the 0 requests");
    }

    static void assertSameProfile(CallProfile read, CallProfile original) {
        assertThat(read.requests()).isEqualTo(original.requests());
        assertThat(read.errorsByType()).isEqualTo(original.errorsByType());
        assertThat(read.refusals()).isEqualTo(original.refusals());
        assertThat(read.contentFiltered()).isEqualTo(original.contentFiltered());
        assertThat(read.inputTokens()).isEqualTo(original.inputTokens());
        assertThat(read.outputTokens()).isEqualTo(original.outputTokens());
        assertThat(read.cacheReadTokens()).isEqualTo(original.cacheReadTokens());
        assertThat(read.reasoningTokens()).isEqualTo(original.reasoningTokens());
        assertThat(read.costUsd()).isEqualTo(original.costUsd());
        assertThat(read.pricedCalls()).isEqualTo(original.pricedCalls());
        QuantileSketch[] theirs = {original.latency(), original.timeToFirstChunk(), original.outputTokensPerSecond(),
            original.evalScores(), original.outputTokensPerCall(), original.inputTokensPerCall()};
        QuantileSketch[] ours = {read.latency(), read.timeToFirstChunk(), read.outputTokensPerSecond(), read.evalScores(),
            read.outputTokensPerCall(), read.inputTokensPerCall()};
        for (int i = 0; i < ours.length; i++) {
            assertThat(ours[i].count()).isEqualTo(theirs[i].count());
            assertThat(ours[i].sum()).isEqualTo(theirs[i].sum());
            for (double q : LEVELS) {
                assertThat((Object) ours[i].quantile(q)).as("sketch %d, q %s", i, q).isEqualTo(theirs[i].quantile(q));
            }
        }
    }
}
