package io.plumbline.jobs.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.plumbline.schemas.LlmCallEvent;

/**
 * LLM calls with three incidents in windows 3 and 4, each firing an alert there and resolving it after:
 * support-bot's triage prompt at v1 and v2, v2 ten times slower; billing's mean cost per call tripled, past a
 * window budget of $0.5; checkout's calls failing 1 in 6 (1 in 60 otherwise). Seeded: the same calls every time.
 */
final class LlmIncidents {

    private static final int BILLING_CALLS = 50;
    private static final int CHECKOUT_CALLS = 120;

    private final long t0;
    private final long window;
    private final long seed;
    private int supportBotCallsPerVersion = 60;

    LlmIncidents(long t0, long window, long seed) {
        this.t0 = t0;
        this.window = window;
        this.seed = seed;
    }

    /**
     * Support-bot's route takes {@code share} of the calls (a hot key), its calls per version a window staying
     * within {@link io.plumbline.detectors.sketch.QuantileSketch}'s exact capacity for {@code share} up to 0.9:
     * past it, a sketch depends on the order its values came in.
     */
    LlmIncidents withHotSupportBot(double share) {
        double others = BILLING_CALLS + CHECKOUT_CALLS;
        supportBotCallsPerVersion = (int) Math.ceil(others * share / (1 - share) / 2);
        return this;
    }

    List<LlmCallEvent> windows(int count) {
        Random random = new Random(seed);
        List<LlmCallEvent> calls = new ArrayList<>();
        int n = supportBotCallsPerVersion;
        for (int w = 0; w < count; w++) {
            boolean incident = w == 3 || w == 4;
            for (int i = 0; i < n; i++) {
                calls.add(call(random, w, i, n, "support-bot", "v1", 1, null).build());
                calls.add(call(random, w, i, n, "support-bot", "v2", incident ? 10 : 1, null).build());
            }
            for (int i = 0; i < BILLING_CALLS; i++) {
                double usd = (incident ? 3 : 1) * (0.005 + 0.002 * random.nextDouble());
                calls.add(call(random, w, i, BILLING_CALLS, "billing", "v1", 1, usd).build());
            }
            for (int i = 0; i < CHECKOUT_CALLS; i++) {
                LlmCallEvent.Builder call = call(random, w, i, CHECKOUT_CALLS, "checkout", "v1", 1, null);
                if (i % (incident ? 6 : 60) == 0) {
                    call.setErrorType("timeout").setGenAiUsageOutputTokens(null);
                }
                calls.add(call.build());
            }
        }
        return calls;
    }

    private LlmCallEvent.Builder call(Random random, int w, int i, int n, String service, String version,
                                      double seconds, Double costUsd) {
        long endMillis = t0 + w * window + (i + 1) * (window / (n + 1));
        double latency = seconds * (0.75 + 0.5 * random.nextDouble());
        return LlmCallEvent.newBuilder()
                .setEventId(service + "-" + version + "-" + w + "-" + i)
                .setStartTimeUnixNano(endMillis * 1_000_000L - (long) (latency * 1e9))
                .setEndTimeUnixNano(endMillis * 1_000_000L)
                .setServiceName(service)
                .setGenAiOperationName("chat")
                .setGenAiPromptName("triage")
                .setGenAiProviderName("openai")
                .setGenAiRequestModel("gpt-4o-mini")
                .setPromptVersion(version)
                .setGenAiUsageInputTokens(1_000L + random.nextInt(1_000))
                .setGenAiUsageOutputTokens(100L + random.nextInt(200))
                .setCostUsd(costUsd);
    }
}
