package io.plumbline.delivery.metrics;

import static io.plumbline.delivery.testing.Records.WINDOW_MS;
import static io.plumbline.delivery.testing.Records.alert;
import static io.plumbline.delivery.testing.Records.budget;
import static io.plumbline.delivery.testing.Records.drift;
import static io.plumbline.delivery.testing.Records.histogram;
import static io.plumbline.delivery.testing.Records.json;
import static io.plumbline.delivery.testing.Records.llm;
import static io.plumbline.delivery.testing.Records.quantiles;
import static io.plumbline.delivery.testing.Records.retirement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
    /** OpenTelemetry's GenAI buckets of durations and of token counts, as the jobs write them. */
    private static final List<Double> SECONDS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92);
    private static final List<Double> TOKENS = List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0,
            65536.0, 262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);

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
                .setNCurrent(950).setMissingCurrent(50).setPsi(0.31).setKsStatistic(0.12).setKsPvalue(0.001)
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

    /** As the jobs count them: n_current values, beside them missing_current missing and type_mismatch_current mismatched. */
    @Test
    void theMissingRateIsOfEveryEventOfTheFeatureAsTheMissingRateRuleCountsIt() throws Exception {
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END).setNCurrent(900).setMissingCurrent(80)
                .setTypeMismatchCurrent(20).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "email", "feature", END).setNCurrent(0).setMissingCurrent(40)
                .build()));

        assertThat(Scrape.of(endpoint).samples).contains(
                entry("plumbline_feature_missing_rate{feature=\"amount\"," + M1 + "}", 0.08),
                entry("plumbline_feature_missing_rate{feature=\"email\"," + M1 + "}", 1.0));
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

    /**
     * One statistic per feature, so that a feature is one series: 60 000 features are 60 000 series wanted,
     * 50 000 (the default cap) kept and 10 000 dropped. Retiring the version frees the room.
     */
    @Test
    void seriesPastMaxSeriesAreDroppedAndCountedUntilARetirementFreesTheirRoom() throws Exception {
        start(StatsMetrics.DEFAULT_MAX_SERIES);
        for (int i = 0; i < 60_000; i++) {
            metrics.onDriftStats(json(drift("fraud", "v1", "f" + i, "feature", END).setPsi(0.1).build()));
        }

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.count("plumbline_feature_psi{")).isEqualTo(50_000);
        assertThat(scrape.samples).contains(entry("plumbline_metrics_series_dropped_total", 10_000.0));
        assertThat(metrics.seriesCount()).isEqualTo(50_000);

        metrics.onAlert(json(retirement("drift_share", Map.of("alertname", "drift_share", "model_id", "fraud",
                "model_version", "v1", "severity", "warning"), END + 60 * WINDOW_MS, Instant.ofEpochMilli(END + 60 * WINDOW_MS))));
        metrics.onDriftStats(json(drift("fraud", "v2", "f0", "feature", END + 61 * WINDOW_MS).setPsi(0.2).build()));

        Scrape after = Scrape.of(endpoint);
        assertThat(after.count("plumbline_feature_psi{")).isOne();
        assertThat(after.samples).contains(entry("plumbline_metrics_series_dropped_total", 10_000.0),
                entry("plumbline_feature_psi{feature=\"f0\",model_id=\"fraud\",model_version=\"v2\"}", 0.2));
        assertThat(metrics.seriesCount()).isOne();
    }

    @Test
    void outputSpeedAndEvalScoreShowTheirQuantilesOfTheLatestWindow() throws Exception {
        metrics.onLlmStats(json(llm("checkout", "gpt-4o", END).setRequests(10).setOutputTokensPerSecondP10(20.0)
                .setOutputTokensPerSecondP50(45.5).setEvalScoreP10(0.4).setEvalScoreP50(0.8).setEvalScoreMean(0.75).build()));
        metrics.onLlmStats(json(llm("checkout", "gpt-4o", END + WINDOW_MS).setRequests(10).setOutputTokensPerSecondP10(30.0)
                .setOutputTokensPerSecondP50(50.0).build()));

        Map<String, Double> samples = Scrape.of(endpoint).samples;
        assertThat(samples).contains(
                entry(series("plumbline_llm_output_tokens_per_second", "quantile=\"0.1\""), 30.0),
                entry(series("plumbline_llm_output_tokens_per_second", "quantile=\"0.5\""), 50.0));
        // the latest window judged nothing: no score, rather than the older window's
        assertThat(samples.keySet()).noneMatch(series -> series.startsWith("plumbline_llm_eval_score{"));
    }

    @Test
    void evalScoreQuantilesAreTheWindowsP10AndMedian() throws Exception {
        metrics.onLlmStats(json(llm("checkout", "gpt-4o", END).setRequests(10).setEvalScoreP10(0.4).setEvalScoreP50(0.8)
                .build()));

        assertThat(Scrape.of(endpoint).samples).contains(
                entry(series("plumbline_llm_eval_score", "quantile=\"0.1\""), 0.4),
                entry(series("plumbline_llm_eval_score", "quantile=\"0.5\""), 0.8));
    }

    @Test
    void theGenAiHistogramsAddEachWindowsBucketsOnceUnderOpenTelemetrysNamesAndBounds() throws Exception {
        // window 1: three calls of 0.5, 1 and 3 s, two streamed; 1 000 and 3 000 input tokens, 200 output each
        LlmStats first = llm("checkout", "gpt-4o", END).setRequests(3)
                .setLatencySecondsHistogram(histogram(SECONDS, 4.5, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0))
                .setTtftSecondsHistogram(histogram(SECONDS, 0.3, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .setInputTokensHistogram(histogram(TOKENS, 4_000, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0))
                .setOutputTokensHistogram(histogram(TOKENS, 400, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).build();
        // window 2: one call of 100 s, past the last bound
        LlmStats second = llm("checkout", "gpt-4o", END + WINDOW_MS).setRequests(1)
                .setLatencySecondsHistogram(histogram(SECONDS, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)).build();

        metrics.onLlmStats(json(first));
        metrics.onLlmStats(json(second));
        Scrape once = Scrape.of(endpoint);
        metrics.onLlmStats(json(first));
        metrics.onLlmStats(json(second));

        Scrape replayed = Scrape.of(endpoint);
        String duration = "gen_ai_client_operation_duration_seconds";
        assertThat(once.text).contains("# TYPE " + duration + " histogram",
                "# TYPE gen_ai_client_operation_time_to_first_chunk_seconds histogram",
                "# TYPE gen_ai_client_token_usage histogram");
        assertThat(once.samples).contains(
                entry(otel(duration + "_bucket", null, "0.64"), 1.0),
                entry(otel(duration + "_bucket", null, "1.28"), 2.0),
                entry(otel(duration + "_bucket", null, "5.12"), 3.0),
                entry(otel(duration + "_bucket", null, "81.92"), 3.0),
                entry(otel(duration + "_bucket", null, "+Inf"), 4.0),
                entry(otel(duration + "_count", null, null), 4.0),
                entry(otel(duration + "_sum", null, null), 104.5),
                entry(otel("gen_ai_client_operation_time_to_first_chunk_seconds_bucket", null, "0.16"), 1.0),
                entry(otel("gen_ai_client_operation_time_to_first_chunk_seconds_bucket", null, "+Inf"), 2.0),
                entry(otel("gen_ai_client_token_usage_bucket", "input", "1024.0"), 1.0),
                entry(otel("gen_ai_client_token_usage_bucket", "input", "4096.0"), 2.0),
                entry(otel("gen_ai_client_token_usage_sum", "input", null), 4_000.0),
                entry(otel("gen_ai_client_token_usage_bucket", "output", "256.0"), 2.0),
                entry(otel("gen_ai_client_token_usage_count", "output", null), 2.0));
        assertThat(once.count(duration + "_bucket{")).isEqualTo(15);
        assertThat(replayed.samples).isEqualTo(once.samples);
    }

    @Test
    void aHistogramWhoseBoundsChangedOrWhoseCountsDoNotFitIsRefusedAndChangesNothing() throws Exception {
        metrics.onLlmStats(json(llm("checkout", "gpt-4o", END).setRequests(1)
                .setLatencySecondsHistogram(histogram(List.of(1.0, 2.0), 1.5, 0, 1, 0)).build()));
        Map<String, Double> before = Scrape.of(endpoint).samples;

        assertThatThrownBy(() -> metrics.onLlmStats(json(llm("checkout", "gpt-4o", END + WINDOW_MS).setRequests(1)
                .setCostUsd(2.0).setLatencySecondsHistogram(histogram(List.of(1.0, 3.0), 1.5, 0, 1, 0)).build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gen_ai_client_operation_duration_seconds").hasMessageContaining("[1.0, 2.0]");
        ObjectNode ragged = (ObjectNode) json(llm("checkout", "gpt-4o", END + WINDOW_MS).setRequests(1)
                .setLatencySecondsHistogram(histogram(List.of(1.0, 2.0), 1.5, 0, 1, 0)).build());
        ((ArrayNode) ragged.get("latency_seconds_histogram").get("bucket_counts")).remove(2);
        assertThatThrownBy(() -> metrics.onLlmStats(ragged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'latency_seconds_histogram'").hasMessageContaining("one more bucket_counts");
        assertThat(Scrape.of(endpoint).samples).isEqualTo(before);
    }

    @Test
    void aHistogramCountsEachBucketItsSumAndItsCountTowardMaxSeries() throws Exception {
        // 7 counters (requests by outcome, tokens by type, cost) and a histogram of 2 bounds: 3 buckets, _sum, _count
        LlmStats stats = llm("checkout", "gpt-4o", END).setRequests(0)
                .setLatencySecondsHistogram(histogram(List.of(1.0, 2.0), 0, 0, 0, 0)).build();
        start(11);
        metrics.onLlmStats(json(stats));
        Scrape dropped = Scrape.of(endpoint);
        start(12);
        metrics.onLlmStats(json(stats));
        Scrape kept = Scrape.of(endpoint);

        assertThat(dropped.count("gen_ai_client_operation_duration_seconds")).isZero();
        assertThat(dropped.samples).contains(entry("plumbline_metrics_series_dropped_total", 5.0));
        assertThat(kept.count("gen_ai_client_operation_duration_seconds")).isEqualTo(5);
        assertThat(kept.samples).contains(entry("plumbline_metrics_series_dropped_total", 0.0));
        assertThat(metrics.seriesCount()).isEqualTo(12);
    }

    @Test
    void aBudgetsSpendProjectionAndBudgetsShowWhileNothingFires() throws Exception {
        metrics.onLlmStats(json(budget("service", "support-bot", END).setWindowSpendUsd(1.5).setWindowBudgetUsd(2.0)
                .setDaySpendUsd(120.0).setDayProjectedSpendUsd(480.0).build()));
        metrics.onLlmStats(json(budget("tenant", "acme", END).setWindowSpendUsd(0.25).setDaySpendUsd(3.0)
                .setDayProjectedSpendUsd(12.0).setDayBudgetUsd(50.0).build()));
        metrics.onLlmStats(json(budget("service", "support-bot", END + WINDOW_MS).setWindowSpendUsd(0.5)
                .setWindowBudgetUsd(2.0).setDaySpendUsd(120.5).setDayProjectedSpendUsd(481.0).build()));
        // a replay of the older window changes nothing
        metrics.onLlmStats(json(budget("service", "support-bot", END).setWindowSpendUsd(1.5).setWindowBudgetUsd(2.0)
                .setDaySpendUsd(120.0).setDayProjectedSpendUsd(480.0).build()));

        Map<String, Double> samples = Scrape.of(endpoint).samples;
        String bot = "scope=\"service\",service=\"support-bot\"";
        String acme = "scope=\"tenant\",tenant=\"acme\"";
        assertThat(samples).contains(
                entry("plumbline_llm_budget_spend_usd{" + bot + ",window=\"window\"}", 0.5),
                entry("plumbline_llm_budget_spend_usd{" + bot + ",window=\"day\"}", 120.5),
                entry("plumbline_llm_budget_projected_spend_usd{" + bot + ",window=\"day\"}", 481.0),
                entry("plumbline_llm_budget_usd{" + bot + ",window=\"window\"}", 2.0),
                entry("plumbline_llm_budget_spend_usd{" + acme + ",window=\"window\"}", 0.25),
                entry("plumbline_llm_budget_spend_usd{" + acme + ",window=\"day\"}", 3.0),
                entry("plumbline_llm_budget_projected_spend_usd{" + acme + ",window=\"day\"}", 12.0),
                entry("plumbline_llm_budget_usd{" + acme + ",window=\"day\"}", 50.0));
        // a budget that is off has no series
        assertThat(samples).doesNotContainKeys("plumbline_llm_budget_usd{" + bot + ",window=\"day\"}",
                "plumbline_llm_budget_usd{" + acme + ",window=\"window\"}");
    }

    @Test
    void aBudgetRecordOfAnotherScopeIsRefusedNamingTheField() {
        ObjectNode record = (ObjectNode) json(budget("service", "support-bot", END).build());
        record.put("scope", "team");

        assertThatThrownBy(() -> metrics.onLlmStats(record)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plumbline.llm-stats").hasMessageContaining("'scope' must be service or tenant");
    }

    @Test
    void aResolutionSayingTheModelVersionWasRetiredRemovesItsSeriesFromTheScrape() throws Exception {
        Map<String, String> labels = Map.of("alertname", "psi", "model_id", "fraud", "model_version", "v1",
                "feature", "amount", "severity", "warning");
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END).setPsi(0.4).setNCurrent(10).build()));
        metrics.onDriftStats(json(drift("fraud", "v1", "", "model", END).setDriftShare(1.0).setNCurrent(10).build()));
        metrics.onDriftStats(json(drift("fraud", "v2", "amount", "feature", END).setPsi(0.1).build()));
        metrics.onAlert(json(alert("firing", "psi", labels, END)));
        assertThat(Scrape.of(endpoint).samples.keySet()).anyMatch(series -> series.contains("model_version=\"v1\""));

        metrics.onAlert(json(retirement("psi", labels, END + 60 * WINDOW_MS, Instant.ofEpochMilli(END + 60 * WINDOW_MS))));

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.samples.keySet()).noneMatch(series -> series.contains("model_version=\"v1\""));
        assertThat(scrape.samples).contains(entry(
                "plumbline_feature_psi{feature=\"amount\",model_id=\"fraud\",model_version=\"v2\"}", 0.1));
    }

    @Test
    void aResolutionSayingTheLlmVariantWasRetiredRemovesItsSeriesItsHistogramsIncluded() throws Exception {
        // a variant without a prompt name: its alert's labels leave the empty prompt out
        LlmStats unnamed = LlmStats.newBuilder(llm("checkout", "gpt-4o", END).setPrompt("").setRequests(4)
                .setErrors(Map.of("timeout", 1L)).setLatencySeconds(quantiles(1, 2, 3, 4))
                .setLatencySecondsHistogram(histogram(SECONDS, 6, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0)).build())
                .build();
        metrics.onLlmStats(json(unnamed));
        metrics.onLlmStats(json(llm("checkout", "gpt-5", END).setRequests(5)
                .setLatencySecondsHistogram(histogram(SECONDS, 5, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0)).build()));
        Map<String, String> labels = Map.of("alertname", "llm_error_rate", "service", "checkout", "operation", "chat",
                "provider", "openai", "model", "gpt-4o", "prompt_version", "7", "severity", "critical");
        metrics.onAlert(json(alert("firing", "llm_error_rate", labels, END)));

        metrics.onAlert(json(retirement("llm_error_rate", labels, END + 60 * WINDOW_MS,
                Instant.ofEpochMilli(END + 60 * WINDOW_MS))));

        Scrape scrape = Scrape.of(endpoint);
        assertThat(scrape.samples.keySet()).noneMatch(series -> series.contains("\"gpt-4o\""));
        assertThat(scrape.count("gen_ai_client_operation_duration_seconds_bucket{")).isEqualTo(15);
        assertThat(scrape.count("plumbline_llm_requests_total{")).isEqualTo(2);
    }

    @Test
    void aRetirementReadAfterTheVersionCameBackKeepsTheSeriesOfItsNewWindows() throws Exception {
        Map<String, String> labels = Map.of("alertname", "psi", "model_id", "fraud", "model_version", "v1",
                "feature", "amount", "severity", "warning");
        Instant retired = Instant.ofEpochMilli(END + 60 * WINDOW_MS);
        metrics.onDriftStats(json(drift("fraud", "v1", "amount", "feature", END + 90 * WINDOW_MS).setPsi(0.3).build()));

        metrics.onAlert(json(retirement("psi", labels, END + 60 * WINDOW_MS, retired)));

        assertThat(Scrape.of(endpoint).samples).contains(entry("plumbline_feature_psi{feature=\"amount\"," + M1 + "}", 0.3));
    }

    @Test
    void aRetirementWithoutATimeOrWithoutWhatWasRetiredIsRefusedAfterTheAlertResolves() throws Exception {
        Map<String, String> labels = Map.of("alertname", "psi", "model_id", "fraud", "model_version", "v1",
                "feature", "amount", "severity", "warning");
        metrics.onAlert(json(alert("firing", "psi", labels, END)));
        ObjectNode noTime = (ObjectNode) json(retirement("psi", labels, END + WINDOW_MS, Instant.ofEpochMilli(END)));
        ((ObjectNode) noTime.get("annotations")).put("retired_at", "yesterday");

        assertThatThrownBy(() -> metrics.onAlert(noTime)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'retired_at' is an RFC 3339 time").hasMessageContaining("'yesterday'");
        assertThat(Scrape.of(endpoint).count("plumbline_alert_firing{")).as("resolved all the same").isZero();
        assertThatThrownBy(() -> metrics.onAlert(json(retirement("llm_cost_budget_day", Map.of("alertname",
                "llm_cost_budget_day", "tenant", "acme", "severity", "warning"), END, Instant.ofEpochMilli(END)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'labels'")
                .hasMessageContaining("model_id, model_version").hasMessageContaining("service, operation");
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

    /**
     * An OpenTelemetry histogram series of the test's variant, with its labels in exposition order (le last).
     *
     * @param tokenType gen_ai_token_type, or null for none
     * @param le the bucket's bound as exposed, or null for _sum and _count
     */
    private static String otel(String name, String tokenType, String le) {
        return name + "{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_response_model=\"gpt-4o\","
                + (tokenType == null ? "" : "gen_ai_token_type=\"" + tokenType + "\",")
                + "prompt=\"support\",prompt_version=\"7\",service=\"checkout\"" + (le == null ? "" : ",le=\"" + le + "\"") + "}";
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
