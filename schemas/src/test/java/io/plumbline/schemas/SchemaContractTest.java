package io.plumbline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaContractTest {

    static Stream<Schema> schemas() {
        return Stream.of(PredictionEvent.getClassSchema(), LlmCallEvent.getClassSchema(),
                Alert.getClassSchema(), DriftStats.getClassSchema(), LlmStats.getClassSchema(),
                Quantiles.getClassSchema(), Histogram.getClassSchema(), BudgetStats.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void livesInTheSchemasNamespace(Schema schema) {
        assertThat(schema.getNamespace()).isEqualTo("io.plumbline.schemas");
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void optionalFieldsPutNullFirstAndDefaultToNull(Schema schema) {
        for (Schema.Field f : schema.getFields()) {
            if (f.schema().isNullable()) {
                assertThat(f.schema().getTypes().get(0).getType()).as(f.name()).isEqualTo(Schema.Type.NULL);
                assertThat(f.defaultVal()).as(f.name()).isEqualTo(JsonProperties.NULL_VALUE);
            }
        }
    }

    @Test
    void predictionEventHasTheContractFieldsInOrder() {
        assertThat(PredictionEvent.getClassSchema().getFields()).extracting(Schema.Field::name).containsExactly(
                "event_id", "timestamp", "model_id", "model_version", "features", "prediction",
                "prediction_scores", "latency_ms", "segment", "label");
        Schema features = PredictionEvent.getClassSchema().getField("features").schema();
        assertThat(features.getValueType().getTypes()).extracting(Schema::getType).containsExactly(
                Schema.Type.NULL, Schema.Type.DOUBLE, Schema.Type.STRING, Schema.Type.BOOLEAN);
        assertThat(PredictionEvent.getClassSchema().getField("timestamp").schema().getType())
                .isEqualTo(Schema.Type.LONG);
    }

    @Test
    void driftStatsHasTheContractFieldsInOrder() {
        assertThat(DriftStats.getClassSchema().getFields()).extracting(Schema.Field::name).containsExactly(
                "model_id", "model_version", "feature", "scope", "feature_type", "window_start", "window_end",
                "baseline", "baseline_window_start", "baseline_window_end", "n_baseline", "n_current",
                "missing_current", "type_mismatch_current", "psi", "ks_statistic", "ks_pvalue", "chi2_pvalue",
                "max_share_change", "drifted", "drift_share", "features_total", "features_drifted",
                "prediction_drifted", "robust_linf", "wasserstein_norm",
                "out_of_range_rate", "out_of_range_pvalue", "js_distance", "psi_pvalue",
                "new_category_rate", "new_category_pvalue", "missing_rate_pvalue", "missing_rate_change", "type_mismatch_rate_pvalue",
                "type_mismatch_rate_change", "feature_values_dropped");
    }

    @Test
    void llmStatsHasTheContractFieldsInOrder() {
        assertThat(LlmStats.getClassSchema().getFields()).extracting(Schema.Field::name).containsExactly(
                "service", "operation", "prompt", "provider", "model", "prompt_version", "window_start", "window_end",
                "requests", "errors", "refusals", "content_filtered", "input_tokens", "output_tokens",
                "cache_read_tokens", "reasoning_tokens", "cost_usd", "unpriced_calls", "latency_seconds", "ttft_seconds",
                "output_tokens_per_second_p50", "eval_score_mean", "eval_score_p10", "output_tokens_per_second_p10",
                "eval_score_p50", "latency_seconds_histogram", "ttft_seconds_histogram", "input_tokens_histogram",
                "output_tokens_histogram");
        assertThat(Quantiles.getClassSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("p50", "p90", "p95", "p99");
        assertThat(LlmStats.getClassSchema().getField("ttft_seconds").schema().getTypes().get(1))
                .isEqualTo(Quantiles.getClassSchema());
        assertThat(Histogram.getClassSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("explicit_bounds", "bucket_counts", "sum");
        for (String histogram : List.of("latency_seconds_histogram", "ttft_seconds_histogram", "input_tokens_histogram",
                "output_tokens_histogram")) {
            assertThat(LlmStats.getClassSchema().getField(histogram).schema().getTypes().get(1)).as(histogram)
                    .isEqualTo(Histogram.getClassSchema());
        }
    }

    @Test
    void budgetStatsHasTheContractFieldsInOrderAndAScopeThatLlmStatsHasNot() {
        assertThat(BudgetStats.getClassSchema().getFields()).extracting(Schema.Field::name).containsExactly(
                "scope", "owner", "window_start", "window_end", "window_spend_usd", "window_budget_usd",
                "day_spend_usd", "day_projected_spend_usd", "day_budget_usd");
        assertThat(LlmStats.getClassSchema().getField("scope")).as("what tells the records of llm-stats apart").isNull();
    }

    @Test
    void yesterdaysLlmStatsAndTodaysReadEachOther() {
        Schema current = LlmStats.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (f.pos() <= current.getField("eval_score_p10").pos()) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema yesterday = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, yesterday).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(yesterday, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void alertHasTheContractFieldsInOrder() {
        assertThat(Alert.getClassSchema().getFields()).extracting(Schema.Field::name).containsExactly(
                "fingerprint", "status", "rule", "severity", "labels", "annotations", "starts_at", "ends_at",
                "window_start", "window_end", "value", "threshold");
    }

    @Test
    void llmJsonNamesAreTheOtelNamesOfTheAvroFields() {
        for (Schema.Field f : LlmCallEvent.getClassSchema().getFields()) {
            String jsonName = f.getProp("json_name");
            if (jsonName != null) {
                assertThat(jsonName.replace('.', '_')).isEqualTo(f.name());
            }
        }
        assertThat(LlmCallEvent.getClassSchema().getField("gen_ai_provider_name").aliases())
                .containsExactly("gen_ai_system");
    }

    @Test
    void llmReaderAcceptsAWriterThatStillCallsTheProviderGenAiSystem() {
        Schema writer = SchemaBuilder.record("LlmCallEvent").namespace("io.plumbline.schemas").fields()
                .requiredString("event_id").requiredLong("start_time_unix_nano").requiredLong("end_time_unix_nano")
                .requiredString("service_name").requiredString("gen_ai_operation_name")
                .requiredString("gen_ai_system").requiredString("gen_ai_request_model").endRecord();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(LlmCallEvent.getClassSchema(), writer).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aReaderWithANewOptionalStatisticReadsTodaysDriftStats() {
        Schema current = DriftStats.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("energy_distance",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.DOUBLE)), null,
                Schema.Field.NULL_DEFAULT_VALUE));
        Schema future = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(future, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, future).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void yesterdaysDriftStatsAndTodaysReadEachOther() {
        Schema current = DriftStats.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (f.pos() <= current.getField("prediction_drifted").pos()) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema yesterday = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, yesterday).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(yesterday, current).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
