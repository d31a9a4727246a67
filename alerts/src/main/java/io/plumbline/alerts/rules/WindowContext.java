package io.plumbline.alerts.rules;

/**
 * Which model, window and baseline a comparison belongs to.
 *
 * @param baseline the baseline kind: warmup, reference or rolling
 * @param baselineEvents events in the baseline profile
 * @param currentEvents events in the window's profile
 */
public record WindowContext(String modelId, String modelVersion, long windowStart, long windowEnd,
                            String baseline, long baselineWindowStart, long baselineWindowEnd,
                            long baselineEvents, long currentEvents) {
}
