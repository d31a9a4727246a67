package io.plumbline.alerts.llm;

import io.plumbline.detectors.llm.CallProfile;
import io.plumbline.detectors.llm.CallVariant;
import java.util.Objects;

/**
 * One variant's calls in the window, with what they are compared with.
 *
 * @param baselineOrNull null while the variant has no baseline yet: only the rules without one (latency,
 *     error rate, unpriced calls) are judged
 */
public record VariantWindow(CallVariant variant, CallProfile current, LlmBaseline baselineOrNull) {

    public VariantWindow {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(current, "current");
    }
}
