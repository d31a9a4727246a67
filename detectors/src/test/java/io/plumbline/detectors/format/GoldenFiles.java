package io.plumbline.detectors.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed golden files of format version 1, read from the test classpath. */
final class GoldenFiles {
    static final String PROFILE = "model-profile-v1.bin";
    static final String TYPES = "feature-types-v1.bin";
    static final String REFERENCE_BASELINE = "reference-baseline-v1.bin";
    static final String QUANTILE_SKETCH = "quantile-sketch-v1.bin";
    static final String CALL_PROFILE = "call-profile-v1.bin";
    static final String ROUTE_PROFILE = "route-profile-v1.bin";

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
