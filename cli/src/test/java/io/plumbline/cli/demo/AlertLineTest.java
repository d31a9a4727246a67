package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AlertLineTest {

    static final String FIRING = """
            {"fingerprint":"a1b2c3d4e5f60718","status":"firing","rule":"ks","severity":"warning",
             "labels":{"alertname":"ks","model_id":"credit-risk","model_version":"v3","feature":"income","severity":"warning"},
             "annotations":{"summary":"credit-risk v3: feature 'income' drifted (ks)",
               "description":"The distribution of feature 'income' moved away from its baseline: D=0.081, p=2.1e-09 (fires when D >= 0.05 and p < 0.001) in window ...",
               "value":"0.081","threshold":"0.05","evidence":"D=0.081, p=2.1e-09",
               "condition":"D >= 0.05 and p < 0.001"},
             "starts_at":"2026-11-23T14:03:10Z","window_start":1795442590000,"window_end":1795442600000,
             "value":0.081,"threshold":0.05}
            """;
    static final String RESOLVED = """
            {"fingerprint":"0011223344556677","status":"resolved","rule":"psi","severity":"warning",
             "labels":{"alertname":"psi","model_id":"credit-risk","model_version":"v3","feature":"prediction","scope":"prediction"},
             "annotations":{},
             "starts_at":"2026-11-23T14:03:10Z","ends_at":"2026-11-23T14:04:10Z",
             "window_start":1795442650000,"window_end":1795442660000,"value":0.03,"threshold":0.2}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void firingLineSaysWhatWhereHowMuchAndWhen() throws Exception {
        String line = AlertLine.format(JSON.readTree(FIRING), Instant.parse("2026-11-23T14:07:02Z"), UTC);

        assertThat(line).startsWith("14:07:02  FIRING   credit-risk v3  feature=income")
                .contains(" ks ")
                .contains("D=0.081, p=2.1e-09")
                .contains("(rule D >= 0.05 and p < 0.001)")
                .endsWith("window 14:03:10–14:03:20");
    }

    @Test
    void resolvedPredictionLineFallsBackToValueAndThreshold() throws Exception {
        String line = AlertLine.format(JSON.readTree(RESOLVED), Instant.parse("2026-11-23T14:07:09Z"), UTC);

        assertThat(line).startsWith("14:07:09  RESOLVED credit-risk v3  prediction ")
                .contains(" psi ")
                .contains("value=0.03")
                .contains("(threshold 0.2)")
                .endsWith("window 14:04:10–14:04:20");
    }
}
