package io.plumbline.delivery.metrics;

import static io.plumbline.delivery.testing.Records.WINDOW_MS;
import static io.plumbline.delivery.testing.Records.alert;
import static io.plumbline.delivery.testing.Records.drift;
import static io.plumbline.delivery.testing.Records.json;
import static io.plumbline.delivery.testing.Records.llm;
import static io.plumbline.delivery.testing.Records.quantiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.delivery.testing.ManualClock;
import io.plumbline.delivery.testing.Scrape;
import io.plumbline.schemas.LlmStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatsMetricsTest {

    private static final long END = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final String M1 = "model_id=\"fraud\",model_version=\"v1\"";
    private static final String LLM = "model=\"gpt-4o\",operation=\"chat\",prompt=\"support\",prompt_version=\"7\","
            + "provider=\"openai\"";

    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(END));
    private StatsMetrics metrics;
    private MetricsEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        start(StatsMetrics.DEFAULT_MAX_SERIES);
    }

    private void start(int maxSeries) throws Exception {
        stop();
        metrics = new StatsMetrics(Duration.ofMinutes(3), maxSeries, clock);
        endpoint = new MetricsEndpoint(metrics.registry(), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void driftStatsBecomeTheLatestWindowsGaugesUnderDesignsNames() throws Exception {
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END).setFeatureType("numeric")
                .setNCurrent(1000).setMissingCurrent(50).setPsi(0.31).setKsStatistic(0.12).setKsPvalue(0.001)
                .setRobustLinf(0.05).setWassersteinNorm(0.4).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "country", "feature", END).setFeatureType("categorical")
                .setNCurrent(1000).setPsi(0.02).setChi2Pvalue(0.5).setJsDistance(0.07).setNewCategoryRate(0.01).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "prediction", "prediction", END).setNCurrent(1000)
                .setPsi(0.25).setKsStatistic(0.2).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "", "model", END).setNCurrent(5000).setDriftShare(0.5)
                .setBaselineWindowEnd(END - 3_600_000).build()));

        Map<String, Double> samples = Scrape.of(endpoint).samples;

        String amount = "{feature=\"amount\"," + M1 + "}";
        String country = "{feature=\"country\"," + M1 + "}";
        assertThat(samples).contains(
                entry("plumbline_feature_psi" + amount, 0.31),
                entry("plumbline_feature_ks_statistic" + amount, 0.12),
                entry("plumbline_feature_ks_pvalue" + amount, 0.001),
                entry("plumbline_feature_robust_linf" + amount, 0.05),
                entry("plumbline_feature_wasserstein_norm" + amount, 0.4),
                entry("plumbline_feature_missing_rate" + amount, 0.05),
                entry("plumbline_feature_psi" + country, 0.02),
                entry("plumbline_feature_chi2_pvalue" + country, 0.5),
                entry("plumbline_feature_js_distance" + country, 0.07),
                entry("plumbline_feature_new_category_rate" + country, 0.01),
                entry("plumbline_feature_missing_rate" + country, 0.0),
                entry("plumbline_feature_psi{feature=\"prediction\"," + M1 + "}", 0.25),
                entry("plumbline_model_drift_share{" + M1 + "}", 0.5),
                entry("plumbline_model_events{" + M1 + "}", 5000.0),
                entry("plumbline_window_end_timestamp_seconds{" + M1 + "}", END / 1000.0),
                entry("plumbline_baseline_age_seconds{" + M1 + "}", 3600.0));
        // a statistic that does not apply to a feature type has no series
        assertThat(samples).doesNotContainKey("plumbline_feature_js_distance" + amount)
                .doesNotContainKey("plumbline_feature_ks_statistic" + country);
    }

    @Test
    void aNewerWindowReplacesTheValueAndAReplayedOlderOneDoesNot() throws Exception {
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END).setPsi(0.1).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END + WINDOW_MS).setPsi(0.3).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END).setPsi(0.1).build()));

        assertThat(Scrape.of(endpoint).samples).contains(entry("plumbline_feature_psi{feature=\"amount\"," + M1 + "}", 0.3));
    }

    @Test
    void llmStatsBecomeQuantilesRatiosAndCountersThatAReplayDoesNotChange() throws Exception {
        LlmStats first = llm("checkout", "gpt-4o", END).setRequests(100).setErrors(Map.of("timeout", 3L, "429", 2L))
                .setRefusals(4).setContentFiltered(1).setInputTokens(12_000).setOutputTokens(3_000)
                .setCacheReadTokens(500).setReasoningTokens(250).setCostUsd(1.25)
                .setLatencySeconds(quantiles(0.8, 1.5, 2.0, 4.0)).setTtftSeconds(quantiles(0.2, 0.4, 0.5, 0.9)).build();
        LlmStats second = llm("checkout", "gpt-4o", END + WINDOW_MS).setRequests(10).setInputTokens(1_000)
                .setCostUsd(0.5).setLatencySeconds(quantiles(1.0, 2.0, 3.0, 5.0)).build();

        metrics.onLlmStats(json(first));
        metrics.onLlmStats(json(second));
        Map<String, Double> once = Scrape.of(endpoint).samples;
        metrics.onLlmStats(json(first));
        metrics.onLlmStats(json(second));
        metrics.onLlmStats(json(first));
        Map<String, Double> replayed = Scrape.of(endpoint).samples;

        assertThat(once).contains(
                entry(series("plumbline_llm_latency_seconds", "quantile=\"0.5\""), 1.0),
                entry(series("plumbline_llm_latency_seconds", "quantile=\"0.99\""), 5.0),
                entry(series("plumbline_llm_refusal_ratio", null), 0.0),
                entry(series("plumbline_llm_content_filter_ratio", null), 0.0),
                entry(series("plumbline_llm_requests_total", "outcome=\"success\""), 105.0),
                entry(series("plumbline_llm_requests_total", "outcome=\"error\""), 5.0),
                entry(series("plumbline_llm_errors_total", "error_type=\"timeout\""), 3.0),
                entry(series("plumbline_llm_errors_total", "error_type=\"429\""), 2.0),
                entry(series("plumbline_llm_tokens_total", "type=\"input\""), 13_000.0),
                entry(series("plumbline_llm_tokens_total", "type=\"output\""), 3_000.0),
                entry(series("plumbline_llm_tokens_total", "type=\"cache_read\""), 500.0),
                entry(series("plumbline_llm_tokens_total", "type=\"reasoning\""), 250.0),
                entry(series("plumbline_llm_cost_usd_total", null), 1.75));
        // the latest window did not stream: no time-to-first-chunk, and replaying an older one that did brings none back
        assertThat(once.keySet()).noneMatch(series -> series.startsWith("plumbline_llm_ttft_seconds{"));
        assertThat(replayed).isEqualTo(once);
    }

    @Test
    void theRatiosAreOfTheLatestWindow() throws Exception {
        metrics.onLlmStats(json(llm("checkout", "gpt-4o", END).setRequests(50).setRefusals(5).setContentFiltered(2)
                .setTtftSeconds(quantiles(0.1, 0.2, 0.3, 0.4)).build()));

        assertThat(Scrape.of(endpoint).samples).contains(
                entry(series("plumbline_llm_refusal_ratio", null), 0.1),
                entry(series("plumbline_llm_content_filter_ratio", null), 0.04),
                entry(series("plumbline_llm_ttft_seconds", "quantile=\"0.95\""), 0.3));
    }

    @Test
    void aFiringAlertIsOneUntilItResolves() throws Exception {
        Map<String, String> labels = Map.of("alertname", "psi", "model_id", "fraud", "model_version", "v1",
                "feature", "amount", "severity", "warning");
        String firing = "plumbline_alert_firing{alertname=\"psi\",feature=\"amount\"," + M1 + ",severity=\"warning\"}";

        metrics.onAlert(json(alert("firing", "psi", labels, END)));
        assertThat(Scrape.of(endpoint).samples).contains(entry(firing, 1.0));

        metrics.onAlert(json(alert("resolved", "psi", labels, END + WINDOW_MS)));
        assertThat(Scrape.of(endpoint).count("plumbline_alert_firing{")).isZero();
    }

    @Test
    void aFiringAlertOutlivesStalenessAndAnInfoNoticeNeverFires() throws Exception {
        Map<String, String> labels = Map.of("alertname", "llm_latency_p95", "service", "checkout", "severity", "page");
        metrics.onAlert(json(alert("firing", "llm_latency_p95", labels, END)));
        metrics.onAlert(json(alert("info", "llm_version_change", Map.of("alertname", "llm_version_change",
                "severity", "info"), END)));

        metrics.sweep(clock.advance(Duration.ofHours(1)));

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.samples).contains(entry(
                "plumbline_alert_firing{alertname=\"llm_latency_p95\",service=\"checkout\",severity=\"page\"}", 1.0));
        assertThat(scrape.count("plumbline_alert_firing{")).isEqualTo(1);
    }

    @Test
    void retiringAModelVersionRemovesAllItsSeriesAndNoOthers() throws Exception {
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END).setPsi(0.1).setNCurrent(10).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "", "model", END).setDriftShare(0.0).build()));
        metrics.onDriftStats(json(drift("fraud", "v2", "amount", "feature", END).setPsi(0.2).build()));
        metrics.onAlert(json(alert("firing", "psi", Map.of("alertname", "psi", "model_id", "fraud",
                "model_version", "v1", "feature", "amount", "severity", "warning"), END)));

        metrics.retireModel("fraud", "v1");

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.samples.keySet()).noneMatch(series -> series.contains("model_version=\"v1\""));
        assertThat(scrape.samples).contains(entry(
                "plumbline_feature_psi{feature=\"amount\",model_id=\"fraud\",model_version=\"v2\"}", 0.2));
        assertThat(metrics.seriesCount()).isEqualTo(1);
    }

    @Test
    void retiringAnLlmVariantRemovesAllItsSeries() throws Exception {
        metrics.onLlmStats(json(llm("checkout", "gpt-4o", END).setRequests(5).setErrors(Map.of("timeout", 1L))
                .setLatencySeconds(quantiles(1, 2, 3, 4)).build()));
        metrics.onLlmStats(json(llm("checkout", "gpt-5", END).setRequests(5).build()));

        metrics.retireLlmVariant("checkout", "chat", "support", "openai", "gpt-4o", "7");

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.samples.keySet()).noneMatch(series -> series.contains("model=\"gpt-4o\""));
        assertThat(scrape.count("plumbline_llm_requests_total{")).isEqualTo(2);
    }

    @Test
    void seriesPastMaxSeriesAreDroppedAndCounted() throws Exception {
        start(50_000);
        for (int i = 0; i < 60_000; i++) {
            metrics.onDriftStats(json(drift("fraud", "v1", "f" + i, "feature", END).setPsi(0.1).build()));
        }

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.count("plumbline_feature_psi{")).isEqualTo(50_000);
        assertThat(scrape.samples).contains(entry("plumbline_metrics_series_dropped_total", 10_000.0));
    }

    @Test
    void aSweepRemovesSeriesNotUpdatedForStaleAfter() throws Exception {
        metrics.onDriftStats(json(drift("fraud", "v1", "quiet", "feature", END).setPsi(0.1).build()));
        clock.advance(Duration.ofMinutes(2));
        metrics.onDriftStats(json(drift("fraud", "v1", "busy", "feature", END).setPsi(0.2).build()));
        metrics.onLlmStats(json(llm("checkout", "gpt-4o", END).setRequests(5).build()));

        metrics.sweep(clock.advance(Duration.ofMinutes(2)));

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.samples).doesNotContainKey("plumbline_feature_psi{feature=\"quiet\"," + M1 + "}")
                .containsKey("plumbline_feature_psi{feature=\"busy\"," + M1 + "}")
                .containsKey(series("plumbline_llm_requests_total", "outcome=\"success\""));

        metrics.sweep(clock.advance(Duration.ofMinutes(2)));
        assertThat(metrics.seriesCount()).isZero();
    }

    @Test
    void aRecordMissingAFieldIsRefusedNamingTheField() {
        ObjectNode record = (ObjectNode) json(drift("fraud", "v1", "amount", "feature", END).setPsi(0.1).build());
        record.remove("model_version");

        assertThatThrownBy(() -> metrics.onDriftStats(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plumbline.drift-stats").hasMessageContaining("'model_version'");
        ObjectNode llm = (ObjectNode) json(llm("checkout", "gpt-4o", END).build());
        llm.put("requests", "many");
        assertThatThrownBy(() -> metrics.onLlmStats(llm)).hasMessageContaining("'requests' must be an integer");
    }

    /** An LLM series of the test's variant, service checkout, with its labels in exposition order. */
    private static String series(String name, String extra) {
        String labels = LLM + ",service=\"checkout\"";
        if (extra != null) {
            labels = insertSorted(labels, extra);
        }
        return name + "{" + labels + "}";
    }

    private static String insertSorted(String labels, String extra) {
        List<String> parts = new ArrayList<>(List.of(labels.split(",")));
        parts.add(extra);
        parts.sort(Comparator.comparing(part -> part.substring(0, part.indexOf('='))));
        return String.join(",", parts);
    }
}
