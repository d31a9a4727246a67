package io.plumbline.jobs.testing;

import io.plumbline.schemas.event.LlmCallRecord;

/** The LLM call the keyed-stage tests and benchmarks start from, to change what they are about. */
public final class TriageCalls {

    private TriageCalls() {
    }

    /** A successful 1.5-second gpt-4o-mini call of support-bot's triage prompt that ended at {@code endMillis}. */
    public static LlmCallRecord.Builder ending(String eventId, long endMillis) {
        return LlmCallRecord.builder()
                .eventId(eventId)
                .startTimeNanos((endMillis - 1_500) * 1_000_000L)
                .endTimeNanos(endMillis * 1_000_000L)
                .service("support-bot")
                .operation("chat")
                .promptName("triage")
                .provider("openai")
                .requestModel("gpt-4o-mini")
                .inputTokens(1_000)
                .outputTokens(200);
    }
}
