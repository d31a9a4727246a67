package io.plumbline.detectors.format;

import static io.plumbline.detectors.format.LlmProfileFormatTest.assertSameProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.detectors.sketch.QuantileSketch;
import org.junit.jupiter.api.Test;

/** The LLM window state's files of every version, written by {@link GoldenFileGenerator} and committed: every later reader must read them. */
class LlmGoldenFilesTest {

    @Test
    void readsTheVersionOneQuantileSketch() {
        QuantileSketch sketch = LlmProfileFormat.readQuantileSketch(GoldenFiles.read(GoldenFiles.QUANTILE_SKETCH));

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.count()).isEqualTo(5_000);
        assertThat(sketch.sum()).isCloseTo(8_437.859971560076, within(1e-9));
        assertThat(sketch.quantile(0.5)).isCloseTo(1.02498487679083, within(1e-12));
        assertThat(sketch.quantile(0.95)).isCloseTo(5.413854274135526, within(1e-12));
        assertThat(sketch.quantile(0.99)).isCloseTo(10.127800290282165, within(1e-12));
    }

    @Test
    void readsTheVersionOneRouteProfile() {
        RouteProfile route = LlmProfileFormat.readRouteProfile(GoldenFiles.read(GoldenFiles.ROUTE_PROFILE_V1));

        assertThat(route.maxVariants()).isEqualTo(3);
        assertThat(route.requests()).isEqualTo(3_230);
        assertThat(route.variants().keySet()).containsExactly(CallVariant.OVERFLOW, SampleRoutes.CLAUDE_V7, SampleRoutes.GPT_V7, SampleRoutes.GPT_V8);
        assertThat(route.variants().get(CallVariant.OVERFLOW).errorsByType()).containsExactly(entry("bad_request", 10L));

        CallProfile gpt = route.variants().get(SampleRoutes.GPT_V7);
        assertThat(gpt.requests()).isEqualTo(3_000);
        assertThat(gpt.errorsByType()).containsExactly(entry("rate_limit_exceeded", 75L), entry("timeout", 12L));
        assertThat(gpt.refusals()).isEqualTo(30);
        assertThat(gpt.inputTokens()).isEqualTo(5_265_779);
        assertThat(gpt.outputTokens()).isEqualTo(1_201_536);
        assertThat(gpt.cacheReadTokens()).isEqualTo(3_072_000);
        assertThat(gpt.reasoningTokens()).isEqualTo(64_000);
        assertThat(gpt.costUsd()).isCloseTo(7.482388, within(1e-9));
        assertThat(gpt.latency().count()).isEqualTo(2_913);
        assertThat(gpt.latency().isExact()).isFalse();
        assertThat(gpt.latency().quantile(0.5)).isCloseTo(2.300259117620999, within(1e-12));
        assertThat(gpt.latency().quantile(0.99)).isCloseTo(8.757491639302993, within(1e-12));
        assertThat(gpt.timeToFirstChunk().quantile(0.99)).isCloseTo(0.76993636650064, within(1e-12));
        assertThat(gpt.outputTokensPerSecond().quantile(0.5)).isCloseTo(197.48964417316046, within(1e-9));
        assertThat(gpt.evalScores().count()).isEqualTo(300);
        assertThat(gpt.evalScores().mean()).isCloseTo(0.4816666666666667, within(1e-12));
        assertThat(gpt.evalScores().quantile(0.1)).isZero();

        CallProfile claude = route.variants().get(SampleRoutes.CLAUDE_V7);
        assertThat(claude.contentFiltered()).isEqualTo(4);
        assertThat(claude.unpricedCalls()).isEqualTo(100);
        assertThat(claude.meanCostPerPricedCall()).isCloseTo(0.003, within(1e-12));
        assertThat(claude.latency().quantile(0.95)).isEqualTo(2.8899999999999997);
        assertThat(claude.timeToFirstChunk().count()).isZero();
        assertThat(route.variants().values()).as("version 1 had no output-length sketch")
                .allSatisfy(p -> assertThat(p.outputTokensPerCall().count()).isZero());
        assertThat(LlmProfileFormat.readCallProfile(GoldenFiles.read(GoldenFiles.CALL_PROFILE_V1)).requests())
                .isEqualTo(3_000);
    }

    @Test
    void versionTwoAddsTheOutputLengthOfEachSuccessfulCall() {
        RouteProfile route = LlmProfileFormat.readRouteProfile(GoldenFiles.read(GoldenFiles.ROUTE_PROFILE_V2));
        CallProfile gpt = route.variants().get(SampleRoutes.GPT_V7);

        assertThat(gpt.outputTokensPerCall().count()).isPositive().isLessThanOrEqualTo(gpt.latency().count());
        assertThat(gpt.outputTokensPerCall().sum()).isLessThanOrEqualTo(gpt.outputTokens());
        assertThat(gpt.latency().quantile(0.99)).as("the rest as in version 1").isCloseTo(8.757491639302993, within(1e-12));
        assertThat(route.variants().values()).as("version 2 had no input-length sketch")
                .allSatisfy(p -> assertThat(p.inputTokensPerCall().count()).isZero());
        assertThat(LlmProfileFormat.readCallProfile(GoldenFiles.read(GoldenFiles.CALL_PROFILE_V2))
                .outputTokensPerCall().count()).isEqualTo(gpt.outputTokensPerCall().count());
    }

    @Test
    void versionThreeAddsTheInputLengthOfEachSuccessfulCall() {
        RouteProfile route = LlmProfileFormat.readRouteProfile(GoldenFiles.read(GoldenFiles.ROUTE_PROFILE));
        CallProfile gpt = route.variants().get(SampleRoutes.GPT_V7);

        assertThat(gpt.inputTokensPerCall().count()).isEqualTo(gpt.latency().count());
        assertThat(gpt.inputTokensPerCall().sum()).isLessThanOrEqualTo(gpt.inputTokens());
        assertThat(gpt.inputTokensPerCall().quantile(0)).isGreaterThanOrEqualTo(1_500);
        assertThat(gpt.inputTokensPerCall().quantile(1)).isLessThan(2_000);
        assertThat(gpt.outputTokensPerCall().count()).as("the rest as in version 2")
                .isEqualTo(LlmProfileFormat.readRouteProfile(GoldenFiles.read(GoldenFiles.ROUTE_PROFILE_V2))
                        .variants().get(SampleRoutes.GPT_V7).outputTokensPerCall().count());
    }

    @Test
    void theCurrentFilesEqualFreshlyBuiltState() {
        RouteProfile fresh = SampleRoutes.everyForm();
        RouteProfile golden = LlmProfileFormat.readRouteProfile(GoldenFiles.read(GoldenFiles.ROUTE_PROFILE));

        for (CallVariant variant : fresh.variants().keySet()) {
            assertSameProfile(golden.variants().get(variant), fresh.variants().get(variant));
        }
        assertSameProfile(LlmProfileFormat.readCallProfile(GoldenFiles.read(GoldenFiles.CALL_PROFILE)),
                fresh.variants().get(SampleRoutes.GPT_V7));
    }

    @Test
    void todaysWriterWritesTheCurrentFilesByteForByte() {
        RouteProfile fresh = SampleRoutes.everyForm();

        assertThat(LlmProfileFormat.write(SampleRoutes.digestedSketch())).isEqualTo(GoldenFiles.read(GoldenFiles.QUANTILE_SKETCH));
        assertThat(LlmProfileFormat.write(fresh.variants().get(SampleRoutes.GPT_V7))).isEqualTo(GoldenFiles.read(GoldenFiles.CALL_PROFILE));
        assertThat(LlmProfileFormat.write(fresh)).isEqualTo(GoldenFiles.read(GoldenFiles.ROUTE_PROFILE));
    }
}
