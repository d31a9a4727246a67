package io.plumbline.jobs.state;

import java.util.List;

import io.plumbline.schemas.event.LlmCallRecord;

/** LLM calls shared by the serializer's tests and its golden file. */
final class LlmCallSamples {

    /** 2025-11-24T16:00:00Z in epoch nanoseconds. */
    static final long T0 = 1_764_000_000_000_000_000L;

    private LlmCallSamples() {
    }

    /** The required fields only: a call that names no prompt and reports nothing. */
    static LlmCallRecord.Builder minimal() {
        return LlmCallRecord.builder().eventId("e-1").startTimeNanos(T0).endTimeNanos(T0 + 2_345_678_901L)
                .service("support-bot").operation("chat").provider("openai").requestModel("gpt-4o");
    }

    /** Every optional field present. */
    static LlmCallRecord.Builder full() {
        return minimal().eventId("e-full").responseModel("gpt-4o-2024-08-06").promptName("triage").promptVersion("v7")
                .inputTokens(1200).outputTokens(350).cacheReadTokens(1024).reasoningTokens(128)
                .finishReasons(List.of("stop", "content_filter")).ttftSeconds(0.4375).errorType("rate_limited")
                .refusal(true).costUsd(0.0061).evalScore(0.875).tenant("acme");
    }

    /** What the version 1 golden file holds, in order. */
    static List<LlmCallRecord> golden() {
        return List.of(minimal().build(), full().build(),
                minimal().eventId("long-call").startTimeNanos(T0 - 3_600_000_000_000L).promptName("summarise")
                        .inputTokens(0).outputTokens(Long.MAX_VALUE).finishReasons(List.of("length")).build());
    }
}
