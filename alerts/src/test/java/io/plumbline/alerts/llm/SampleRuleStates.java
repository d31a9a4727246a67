package io.plumbline.alerts.llm;

import io.plumbline.detectors.llm.CallVariant;

/** A rule state holding every form it can take, for the format tests and the golden file. */
final class SampleRuleStates {

    private static final long HOUR = 3_600_000;

    private SampleRuleStates() {
    }

    /** Streaks of one and of several windows; named, unnamed and overflow variants. */
    static LlmRuleState golden() {
        CallVariant v7 = new CallVariant("openai", "gpt-4o-2024-08-06", "v7");
        CallVariant v8 = new CallVariant("openai", "gpt-4o-2024-08-06", "v8");
        CallVariant unnamed = new CallVariant("", "", "");
        LlmRuleState state = new LlmRuleState();
        state.seen(unnamed, HOUR);
        state.seen(v7, 3 * HOUR);
        state.seen(v8, 3 * HOUR);
        state.seen(CallVariant.OVERFLOW, 2 * HOUR);
        state.extendStreak(v7, LlmRule.LATENCY_P95, HOUR);
        state.extendStreak(v7, LlmRule.LATENCY_P95, 2 * HOUR);
        state.extendStreak(v8, LlmRule.LATENCY_P99, 2 * HOUR);
        return state;
    }
}
