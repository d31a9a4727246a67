package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.Alert;
import io.plumbline.schemas.BudgetStats;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.Histogram;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.Quantiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class JsonRecordWriterTest {

    @Test
    void writesAnAlertAsPlainJson() {
        Alert alert = Alert.newBuilder()
                .setFingerprint("2b1f8c7e9d0a4f63").setStatus("firing").setRule("psi").setSeverity("warning")
                .setLabels(new TreeMap<>(Map.of("alertname", "psi", "model_id", "churn", "feature", "age")))
                .setAnnotations(new TreeMap<>(Map.of("summary", "age drifted")))
                .setStartsAt("2025-06-01T00:00:00Z")
                .setWindowStart(1_748_735_990_000L).setWindowEnd(1_748_736_000_000L)
                .setValue(0.31).setThreshold(0.2)
                .build();

        assertThat(json(alert)).isEqualTo("{\"fingerprint\":\"2b1f8c7e9d0a4f63\",\"status\":\"firing\",\"rule\":\"psi\","
                + "\"severity\":\"warning\",\"labels\":{\"alertname\":\"psi\",\"feature\":\"age\",\"model_id\":\"churn\"},"
                + "\"annotations\":{\"summary\":\"age drifted\"},\"starts_at\":\"2025-06-01T00:00:00Z\","
                + "\"window_start\":1748735990000,\"window_end\":1748736000000,\"value\":0.31,\"threshold\":0.2}");
    }

    @Test
    void omitsNullAndNonFiniteStatistics() {
        DriftStats stats = DriftStats.newBuilder()
                .setModelId("churn").setModelVersion("v3").setFeature("plan").setScope("feature")
                .setFeatureType("categorical").setWindowStart(0L).setWindowEnd(10_000L).setBaseline("warmup")
                .setNBaseline(1000L).setNCurrent(990L).setMissingCurrent(3L)
                .setPsi(Double.NaN).setChi2Pvalue(0.0004).setMaxShareChange(0.07).setDrifted(true)
                .build();

        assertThat(json(stats)).isEqualTo("{\"model_id\":\"churn\",\"model_version\":\"v3\",\"feature\":\"plan\","
                + "\"scope\":\"feature\",\"feature_type\":\"categorical\",\"window_start\":0,\"window_end\":10000,"
                + "\"baseline\":\"warmup\",\"n_baseline\":1000,\"n_current\":990,\"missing_current\":3,"
                + "\"type_mismatch_current\":0,\"chi2_pvalue\":4.0E-4,\"max_share_change\":0.07,\"drifted\":true}");
    }

    @Test
    void writesTheModelScopeRecordsIntegers() {
        DriftStats model = DriftStats.newBuilder()
                .setModelId("churn").setModelVersion("v3").setFeature("").setScope("model")
                .setWindowStart(0L).setWindowEnd(10_000L).setBaseline("rolling")
                .setDriftShare(0.25).setFeaturesTotal(20).setFeaturesDrifted(5).setPredictionDrifted(false)
                .build();

        assertThat(json(model)).endsWith("\"drift_share\":0.25,\"features_total\":20,\"features_drifted\":5,"
                + "\"prediction_drifted\":false}");
    }

    @Test
    void unwrapsUnionsAndKeepsNullEntriesOfMaps() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", 42.0);
        features.put("plan", "pro");
        features.put("trial", false);
        features.put("referrer", null);
        features.put("broken", Double.NaN);
        PredictionEvent event = PredictionEvent.newBuilder().setEventId("e-1").setTimestamp(1_748_735_940_000L)
                .setModelId("churn").setModelVersion("v3").setFeatures(features).setPrediction("stay")
                .setPredictionScores(Map.of("stay", 0.9)).setLabel(1.0).build();

        assertThat(json(event)).isEqualTo("{\"event_id\":\"e-1\",\"timestamp\":1748735940000,\"model_id\":\"churn\","
                + "\"model_version\":\"v3\",\"features\":{\"age\":42.0,\"plan\":\"pro\",\"trial\":false,"
                + "\"referrer\":null,\"broken\":null},\"prediction\":\"stay\",\"prediction_scores\":{\"stay\":0.9},"
                + "\"label\":1.0}");
    }

    @Test
    void usesTheOtelNamesOfLlmCallEvents() {
        LlmCallEvent call = LlmCallEvent.newBuilder()
                .setEventId("c-1").setStartTimeUnixNano(1L).setEndTimeUnixNano(2L).setServiceName("support-bot")
                .setGenAiOperationName("chat").setGenAiProviderName("openai").setGenAiRequestModel("gpt-4o")
                .setGenAiUsageInputTokens(120L).setGenAiResponseFinishReasons(List.of("stop")).setCostUsd(0.002)
                .build();

        assertThat(json(call)).isEqualTo("{\"event_id\":\"c-1\",\"start_time_unix_nano\":1,\"end_time_unix_nano\":2,"
                + "\"service.name\":\"support-bot\",\"gen_ai.operation.name\":\"chat\",\"gen_ai.provider.name\":\"openai\","
                + "\"gen_ai.request.model\":\"gpt-4o\",\"gen_ai.usage.input_tokens\":120,"
                + "\"gen_ai.response.finish_reasons\":[\"stop\"],\"refusal\":false,\"cost.usd\":0.002}");
    }

    @Test
    void writesLlmStatsAsPlainJsonWithNestedQuantilesAndWithoutAbsentOnes() {
        LlmStats stats = LlmStats.newBuilder()
                .setService("support-bot").setOperation("chat").setPrompt("triage").setProvider("openai")
                .setModel("gpt-4o-2024-08-06").setPromptVersion("v7")
                .setWindowStart(1_748_735_940_000L).setWindowEnd(1_748_736_000_000L)
                .setRequests(120L).setErrors(new TreeMap<>(Map.of("timeout", 2L, "rate_limit", 1L)))
                .setRefusals(4L).setContentFiltered(1L)
                .setInputTokens(150_000L).setOutputTokens(42_000L).setCacheReadTokens(90_000L).setReasoningTokens(8_000L)
                .setCostUsd(0.75).setUnpricedCalls(0L)
                .setLatencySeconds(Quantiles.newBuilder().setP50(1.25).setP90(2.5).setP95(3.0).setP99(6.5).build())
                .setOutputTokensPerSecondP50(85.5)
                .build();

        assertThat(json(stats)).isEqualTo("{\"service\":\"support-bot\",\"operation\":\"chat\",\"prompt\":\"triage\","
                + "\"provider\":\"openai\",\"model\":\"gpt-4o-2024-08-06\",\"prompt_version\":\"v7\","
                + "\"window_start\":1748735940000,\"window_end\":1748736000000,\"requests\":120,"
                + "\"errors\":{\"rate_limit\":1,\"timeout\":2},\"refusals\":4,\"content_filtered\":1,"
                + "\"input_tokens\":150000,\"output_tokens\":42000,\"cache_read_tokens\":90000,\"reasoning_tokens\":8000,"
                + "\"cost_usd\":0.75,\"unpriced_calls\":0,"
                + "\"latency_seconds\":{\"p50\":1.25,\"p90\":2.5,\"p95\":3.0,\"p99\":6.5},"
                + "\"output_tokens_per_second_p50\":85.5}");
    }

    @Test
    void leavesOutTheAbsentAndNonFiniteStatisticsOfLlmStats() {
        LlmStats stats = LlmStats.newBuilder()
                .setService("s").setOperation("chat").setPrompt("").setProvider("openai").setModel("m")
                .setPromptVersion("").setWindowStart(0L).setWindowEnd(60_000L).setRequests(3L)
                .setErrors(Map.of("timeout", 3L)).setEvalScoreMean(Double.NaN)
                .setTtftSeconds(Quantiles.newBuilder().setP50(0.5).setP90(0.5).setP95(0.5).setP99(Double.NaN).build())
                .build();

        assertThat(json(stats)).isEqualTo("{\"service\":\"s\",\"operation\":\"chat\",\"prompt\":\"\","
                + "\"provider\":\"openai\",\"model\":\"m\",\"prompt_version\":\"\",\"window_start\":0,"
                + "\"window_end\":60000,\"requests\":3,\"errors\":{\"timeout\":3},\"refusals\":0,"
                + "\"content_filtered\":0,\"input_tokens\":0,\"output_tokens\":0,\"cache_read_tokens\":0,"
                + "\"reasoning_tokens\":0,\"cost_usd\":0.0,\"unpriced_calls\":0,"
                + "\"ttft_seconds\":{\"p50\":0.5,\"p90\":0.5,\"p95\":0.5}}");
    }

    @Test
    void writesAHistogramAsArraysOfBoundsAndCountsAndBudgetStatsWithoutTheBudgetsThatAreOff() {
        LlmStats stats = LlmStats.newBuilder()
                .setService("s").setOperation("chat").setPrompt("").setProvider("openai").setModel("m")
                .setPromptVersion("").setWindowStart(0L).setWindowEnd(60_000L).setRequests(3L)
                .setInputTokensHistogram(Histogram.newBuilder().setExplicitBounds(List.of(1.0, 4.0))
                        .setBucketCounts(List.of(0L, 2L, 1L)).setSum(11.0).build())
                .build();
        BudgetStats budget = BudgetStats.newBuilder().setScope("tenant").setOwner("acme").setWindowStart(0L)
                .setWindowEnd(60_000L).setWindowSpendUsd(1.5).setWindowBudgetUsd(10.0).setDaySpendUsd(1.5)
                .setDayProjectedSpendUsd(36.0).build();

        assertThat(json(stats)).endsWith("\"unpriced_calls\":0,"
                + "\"input_tokens_histogram\":{\"explicit_bounds\":[1.0,4.0],\"bucket_counts\":[0,2,1],\"sum\":11.0}}");
        assertThat(json(budget)).isEqualTo("{\"scope\":\"tenant\",\"owner\":\"acme\",\"window_start\":0,"
                + "\"window_end\":60000,\"window_spend_usd\":1.5,\"window_budget_usd\":10.0,\"day_spend_usd\":1.5,"
                + "\"day_projected_spend_usd\":36.0}");
    }

    @Test
    void walksEveryAvroTypeGenerically() {
        Schema color = SchemaBuilder.enumeration("Color").symbols("RED", "GREEN");
        Schema hash = SchemaBuilder.fixed("Hash").size(2);
        Schema point = SchemaBuilder.record("Point").fields().requiredFloat("x").requiredInt("y").endRecord();
        Schema schema = SchemaBuilder.record("Everything").fields()
                .name("color").type(color).noDefault()
                .name("hash").type(hash).noDefault()
                .requiredBytes("payload")
                .name("where").type().unionOf().nullType().and().type(point).endUnion().nullDefault()
                .name("points").type().array().items(point).noDefault()
                .name("values").type().array().items().unionOf().nullType().and().doubleType().endUnion().noDefault()
                .optionalFloat("ratio")
                .endRecord();
        GenericRecord p = new GenericData.Record(point);
        p.put("x", 1.5f);
        p.put("y", -2);
        GenericRecord r = new GenericData.Record(schema);
        r.put("color", new GenericData.EnumSymbol(color, "GREEN"));
        r.put("hash", new GenericData.Fixed(hash, new byte[] {(byte) 0xCA, (byte) 0xFE}));
        r.put("payload", ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
        r.put("where", p);
        r.put("points", List.of(p, p));
        r.put("values", Arrays.asList(1.0, null, Double.POSITIVE_INFINITY));
        r.put("ratio", Float.NaN);

        assertThat(new String(JsonRecordWriter.toJson(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"color\":\"GREEN\",\"hash\":\"yv4=\",\"payload\":\"aGk=\",\"where\":{\"x\":1.5,\"y\":-2},"
                        + "\"points\":[{\"x\":1.5,\"y\":-2},{\"x\":1.5,\"y\":-2}],\"values\":[1.0,null,null]}");
    }

    private static String json(SpecificRecord record) {
        return new String(JsonRecordWriter.toJson(record), StandardCharsets.UTF_8);
    }
}
