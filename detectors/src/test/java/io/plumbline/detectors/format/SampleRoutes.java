package io.plumbline.detectors.format;

import io.plumbline.detectors.llm.CallObservation;
import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.detectors.sketch.QuantileSketch;
import java.util.Random;

/** A seeded route profile holding every form of the LLM window state, for format tests and the golden files. */
final class SampleRoutes {
    static final CallVariant GPT_V7 = new CallVariant("openai", "gpt-4o-2024-08-06", "v7");
    static final CallVariant CLAUDE_V7 = new CallVariant("anthropic", "claude-sonnet-4-5", "v7");
    static final CallVariant GPT_V8 = new CallVariant("openai", "gpt-4o-2024-08-06", "v8");
    static final int MAX_VARIANTS = 3;

    private SampleRoutes() {
    }

    /**
     * A limit of 3 variants. GPT_V7: 3 000 streamed calls (latency and time to first chunk digested), one in
     * 40 rate-limited and one in 250 timed out, one in 100 refused, one in 10 judged on a 5-level scale,
     * priced. CLAUDE_V7: 200 calls, not streamed, every other unpriced, one content-filtered in 50. GPT_V8:
     * 20 calls, empty strings nowhere. Two more variants, 5 calls each, fold into the overflow.
     */
    static RouteProfile everyForm() {
        Random random = new Random(20_251_123);
        RouteProfile route = new RouteProfile(MAX_VARIANTS);
        CallObservation call = new CallObservation();
        for (int i = 0; i < 3_000; i++) {
            double firstChunk = 0.3 * StrictMath.exp(0.4 * random.nextGaussian());
            call.clear().inputTokens(1_500 + random.nextInt(500)).cacheReadTokens(1_024).outputTokens(200 + random.nextInt(400))
                    .reasoningTokens(i % 3 == 0 ? 64 : 0).costUsd(0.002 + random.nextInt(1_000) / 1e6)
                    .timeToFirstChunkSeconds(firstChunk).latencySeconds(firstChunk + 2 * StrictMath.exp(0.6 * random.nextGaussian()))
                    .refusal(i % 100 == 3).errorType(i % 40 == 1 ? "rate_limit_exceeded" : i % 250 == 2 ? "timeout" : null)
                    .evalScore(i % 10 == 0 ? random.nextInt(5) / 4.0 : Double.NaN);
            route.record(GPT_V7, call);
        }
        for (int i = 0; i < 200; i++) {
            call.clear().inputTokens(900).outputTokens(100 + i).latencySeconds(1 + i / 100.0)
                    .costUsd(i % 2 == 0 ? 0.003 : Double.NaN).contentFiltered(i % 50 == 0);
            route.record(CLAUDE_V7, call);
        }
        for (int i = 0; i < 20; i++) {
            route.record(GPT_V8, call.clear().inputTokens(1_000).outputTokens(50).latencySeconds(0.5 + i / 20.0).costUsd(0.001));
        }
        for (int i = 0; i < 10; i++) {
            route.record(new CallVariant("openai", "gpt-4o-mini", "v" + (9 + i % 2)), call.clear().latencySeconds(0.2).errorType("bad_request"));
        }
        return route;
    }

    /** 5 000 values of a lognormal latency (σ = 1): a digested sketch. */
    static QuantileSketch digestedSketch() {
        Random random = new Random(7);
        QuantileSketch sketch = new QuantileSketch();
        for (int i = 0; i < 5_000; i++) {
            sketch.add(StrictMath.exp(random.nextGaussian()));
        }
        return sketch;
    }
}
