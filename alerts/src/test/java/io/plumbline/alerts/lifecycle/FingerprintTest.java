package io.plumbline.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    // Expected values from an independent FNV-1a 64 implementation of Prometheus' labelSetToFingerprint.
    @Test
    void matchesPrometheusLabelSetFingerprint() {
        assertThat(Fingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
        assertThat(Fingerprint.of(Map.of("alertname", "ks", "model_id", "credit-risk", "model_version", "v3",
                "feature", "income", "severity", "warning"))).isEqualTo("af1fa87de1568227");
        assertThat(Fingerprint.of(Map.of("alertname", "psi", "feature", "région"))).isEqualTo("cbedeec915dfd5fd");
    }

    @Test
    void doesNotDependOnInsertionOrder() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("b", "2");
        a.put("a", "1");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("a", "1");
        b.put("b", "2");
        assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(b));
    }

    @Test
    void separatorKeepsNameAndValueBoundariesApart() {
        assertThat(Fingerprint.of(Map.of("ab", "c"))).isNotEqualTo(Fingerprint.of(Map.of("a", "bc")));
    }
}
