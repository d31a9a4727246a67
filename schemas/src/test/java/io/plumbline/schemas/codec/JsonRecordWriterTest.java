package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.schemas.Alert;
import io.plumbline.schemas.DriftStats;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
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
