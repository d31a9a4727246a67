package io.plumbline.alerts.llm;

import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.schemas.Alert;

/**
 * A variant with a model or prompt version its key had not seen: the release, what it replaced, and the
 * {@code info} notice that says so. The job compares the release's first windows with
 * {@code replaced}'s profile ({@link LlmBaseline#PREVIOUS_VERSION}).
 */
public record VersionChange(CallVariant variant, CallVariant replaced, Alert notice) {

    /** The notice's rule, its {@code alertname}. */
    public static final String RULE = "llm_version_change";
}
