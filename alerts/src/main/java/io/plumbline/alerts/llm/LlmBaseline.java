package io.plumbline.alerts.llm;

import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import java.util.Objects;

/**
 * What a variant's window is compared with.
 *
 * @param kind {@link #WARMUP} (the variant's own first complete windows) or {@link #PREVIOUS_VERSION}
 *     (the profile of the variant it replaced, for a release's first windows: a regression present from
 *     its first call has no warm-up of its own to stand out against)
 * @param variant whose calls the profile holds: the variant itself for a warm-up, the replaced one otherwise
 * @param windowStart epoch millis at which the baseline's calls begin
 * @param windowEnd epoch millis at which they end
 */
public record LlmBaseline(String kind, CallVariant variant, long windowStart, long windowEnd, CallProfile profile) {

    public static final String WARMUP = "warmup";
    public static final String PREVIOUS_VERSION = "previous-version";

    public LlmBaseline {
        if (!WARMUP.equals(kind) && !PREVIOUS_VERSION.equals(kind)) {
            throw new IllegalArgumentException("baseline kind must be " + WARMUP + " or " + PREVIOUS_VERSION
                    + ", got " + kind);
        }
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(profile, "profile");
    }
}
