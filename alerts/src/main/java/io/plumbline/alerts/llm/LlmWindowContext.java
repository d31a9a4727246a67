package io.plumbline.alerts.llm;

import java.util.Objects;

/**
 * Which key and window an evaluation belongs to. The key is the LLM job's: (service, prompt name,
 * operation); {@code prompt} is "" for calls that name none.
 *
 * @param windowStart epoch millis, inclusive
 * @param windowEnd epoch millis, exclusive
 */
public record LlmWindowContext(String service, String prompt, String operation, long windowStart, long windowEnd) {

    public LlmWindowContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(prompt, "prompt is null: pass \"\" for calls that name none");
        Objects.requireNonNull(operation, "operation");
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("window end " + windowEnd + " is not after its start " + windowStart);
        }
    }
}
