package io.plumbline.detectors.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed golden files, one per format version, read from the test classpath. */
final class GoldenFiles {
    /** The current profile version, whose categorical sketches keep the heaviest categories past K. */
    static final String PROFILE = "model-profile-v4.bin";
    /** With the categorical sketches' samples of distinct categories. */
    static final String PROFILE_V3 = "model-profile-v3.bin";
    /** With extremes beside the digest. */
    static final String PROFILE_V2 = "model-profile-v2.bin";
    static final String PROFILE_V1 = "model-profile-v1.bin";
    /** Types with the evidence counted since the last rebalance: candidates, dropped values, events. */
    static final String TYPES = "feature-types-v3.bin";
    /** Types without flags are still written at version 1. */
    static final String TYPES_V1 = "feature-types-v1.bin";
    /** Authoritative types, a published reference's, without evidence: still written at version 2. */
    static final String TYPES_AUTHORITATIVE = "feature-types-v2.bin";
    static final String REFERENCE_BASELINE = "reference-baseline-v4.bin";
    static final String REFERENCE_BASELINE_V3 = "reference-baseline-v3.bin";
    static final String REFERENCE_BASELINE_V2 = "reference-baseline-v2.bin";
    static final String REFERENCE_BASELINE_V1 = "reference-baseline-v1.bin";
    static final String QUANTILE_SKETCH = "quantile-sketch-v1.bin";
    /** The current LLM profile versions, with the input-length sketch. */
    static final String CALL_PROFILE = "call-profile-v3.bin";
    /** With the output-length sketch. */
    static final String CALL_PROFILE_V2 = "call-profile-v2.bin";
    static final String CALL_PROFILE_V1 = "call-profile-v1.bin";
    static final String ROUTE_PROFILE = "route-profile-v3.bin";
    static final String ROUTE_PROFILE_V2 = "route-profile-v2.bin";
    static final String ROUTE_PROFILE_V1 = "route-profile-v1.bin";

    private GoldenFiles() {
    }

    static byte[] read(String name) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + name + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
