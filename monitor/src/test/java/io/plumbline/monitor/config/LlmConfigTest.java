package io.plumbline.monitor.config;

import static io.plumbline.monitor.config.KeysOnly.load;
import static io.plumbline.monitor.config.KeysOnly.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plumbline.alerts.llm.LlmRuleSetting;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.detectors.stats.MultipleTesting.Correction;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.monitor.pricing.ModelPrice;
import io.plumbline.schemas.codec.PayloadFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM job's keys: topics.llm-*, llm.*, and job.enabled. */
class LlmConfigTest {

    private static final long MARCH_2025 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void everyLlmKeyHasADefaultAndBothJobsRun() throws Exception {
        PlumblineConfig c = load(Map.of());

        PlumblineConfig.Llm llm = c.llm();
        assertThat(llm.callsTopic()).isEqualTo("plumbline.llm-calls");
        assertThat(llm.callsFormat()).isEqualTo(PayloadFormat.AUTO);
        assertThat(llm.statsTopic()).isEqualTo("plumbline.llm-stats");
        assertThat(llm.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(llm.variantIdleAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(llm.jobName()).isEqualTo("plumbline-llm");
        assertThat(llm.groupId()).isEqualTo("plumbline-llm");
        assertThat(c.job().enabled()).containsExactlyInAnyOrder(JobKind.DRIFT, JobKind.LLM);
        assertThat(llm.rules()).isEqualTo(LlmThresholds.DEFAULTS);
        // the built-in table alone: gpt-4o-mini at 0.15 USD per million input tokens
        assertThat(llm.prices().lookup("openai", "gpt-4o-mini", null, MARCH_2025))
                .hasValueSatisfying(p -> assertThat(p.base().input() * 1e6).isCloseTo(0.15, within(1e-12)));
    }

    @Test
    void everyLlmKeyCanBeSetAndThePriceFilesAreReadWhenTheConfigIs() throws Exception {
        Path overlay = write("prices.yaml", """
                - match: 'gpt-4o-mini'
                  effective_from: 2025-01-01
                  input: 0.10
                  output: 0.40
                """);
        Path liteLlm = write("litellm.json", """
                {"acme-small": {"input_cost_per_token": 2e-07, "output_cost_per_token": 8e-07}}
                """);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("topics.llm-calls", "in.llm");
        keys.put("topics.llm-calls-format", "avro-datum");
        keys.put("topics.llm-stats", "out.llm-stats");
        keys.put("llm.window.size", "10s");
        keys.put("llm.variant-idle-after", "30m");
        keys.put("llm.prices.file", overlay.toString());
        keys.put("llm.prices.litellm-file", liteLlm.toString());
        keys.put("llm.job-name", "llm-prod");
        keys.put("llm.group-id", "llm-readers");
        keys.put("job.enabled", "llm");

        PlumblineConfig c = load(keys);

        PlumblineConfig.Llm llm = c.llm();
        assertThat(llm.callsTopic()).isEqualTo("in.llm");
        assertThat(llm.callsFormat()).isEqualTo(PayloadFormat.AVRO_DATUM);
        assertThat(llm.statsTopic()).isEqualTo("out.llm-stats");
        assertThat(llm.windowSize()).isEqualTo(Duration.ofSeconds(10));
        assertThat(llm.variantIdleAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(llm.jobName()).isEqualTo("llm-prod");
        assertThat(llm.groupId()).isEqualTo("llm-readers");
        assertThat(c.job().enabled()).containsExactly(JobKind.LLM);
        assertThat(llm.prices().lookup("openai", "gpt-4o-mini", null, MARCH_2025).map(ModelPrice::source))
                .hasValueSatisfying(source -> assertThat(source).startsWith(overlay.toString()));
        assertThat(llm.prices().lookup("acme", "acme-small", null, MARCH_2025).map(ModelPrice::source))
                .hasValueSatisfying(source -> assertThat(source).startsWith(liteLlm.toString()));
    }

    @Test
    void theLlmRulesAreSetUnderLlmRulesAndCheckedWithTheirRanges() throws Exception {
        PlumblineConfig c = load(Map.of(
                "llm.rules.latency-p95.seconds", "8",
                "llm.rules.error-rate.threshold", "0.02",
                "llm.rules.multiple-testing", "bonferroni"));

        assertThat(c.llm().rules()).isEqualTo(new LlmThresholds(8, 3, 30, 3, 20, 0.02, 100, 2, 30, 0.05, 0.001,
                0.05, 0.001, 0.001, 0.1, 1, Correction.BONFERRONI));
        assertThat(problems(Map.of("llm.rules.error-rate.threshold", "5%", "llm.rules.latency-p95.second", "8",
                "llm.rules.multiple-testing", "holm"))).containsExactlyInAnyOrder(
                "llm.rules.error-rate.threshold: expected " + LlmRuleSetting.ERROR_RATE_THRESHOLD.expectation()
                        + ", got '5%'",
                "llm.rules.multiple-testing: expected benjamini-hochberg, bonferroni or none, got 'holm'",
                "unknown key 'llm.rules.latency-p95.second' (did you mean 'llm.rules.latency-p95.seconds'?)");
    }

    @Test
    void jobEnabledNamesDriftLlmOrBothInAnyOrder() throws Exception {
        assertThat(load(Map.of("job.enabled", "drift")).job().enabled()).isEqualTo(Set.of(JobKind.DRIFT));
        assertThat(load(Map.of("job.enabled", " LLM , drift")).job().enabled())
                .isEqualTo(Set.of(JobKind.DRIFT, JobKind.LLM));
        assertThat(load(Map.of("job.enabled", "llm")).job().runs(JobKind.DRIFT)).isFalse();
    }

    @Test
    void badValuesAreNamedWithWhatIsExpected() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("topics.llm-calls", "calls with spaces");
        keys.put("topics.llm-calls-format", "protobuf");
        keys.put("llm.window.size", "0s");
        keys.put("llm.job-name", " ");
        keys.put("job.enabled", "drift, drift");
        keys.put("llm.windw.size", "1m");

        assertThat(problems(keys)).containsExactlyInAnyOrder(
                "topics.llm-calls: expected a Kafka topic name of letters, digits, '.', '_' and '-' (at most 249),"
                        + " got 'calls with spaces'",
                "topics.llm-calls-format: expected auto, json, avro-single-object, confluent-avro, avro-datum,"
                        + " otlp-proto or otlp-json, got 'protobuf'",
                "llm.window.size: expected a positive duration such as 10s or 1m, got '0s'",
                "llm.job-name: expected a name (it also prefixes the LLM job's Kafka transactional ids), got ' '",
                "job.enabled: expected drift, llm, or both as 'drift, llm', got 'drift, drift'",
                "unknown key 'llm.windw' (did you mean 'llm.window'?)");
        assertThat(problems(Map.of("job.enabled", "spark"))).containsExactly(
                "job.enabled: expected drift, llm, or both as 'drift, llm', got 'spark'");
    }

    @Test
    void aVariantIsRetiredAfterAtLeastOneWindowWithoutCalls() throws Exception {
        assertThat(load(Map.of("llm.window.size", "1m", "llm.variant-idle-after", "1m")).llm().variantIdleAfter())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(load(Map.of("llm.window.size", "2h")).llm().variantIdleAfter())
                .as("unset, an hour or one window if they are longer").isEqualTo(Duration.ofHours(2));

        assertThat(problems(Map.of("llm.variant-idle-after", "30s"))).containsExactly(
                "llm.variant-idle-after: 30s is shorter than llm.window.size 1m; a variant is retired after whole"
                        + " windows without calls: set it to at least 1m, or leave it out for 1h");
        assertThat(problems(Map.of("llm.window.size", "2h", "llm.variant-idle-after", "90m"))).containsExactly(
                "llm.variant-idle-after: 90m is shorter than llm.window.size 2h; a variant is retired after whole"
                        + " windows without calls: set it to at least 2h, or leave it out for 2h");
        assertThat(problems(Map.of("llm.variant-idle-after", "soon"))).containsExactly(
                "llm.variant-idle-after: expected a positive duration such as 10s or 1m, got 'soon'");
    }

    @Test
    void theLlmTopicsAreDistinctFromEveryOther() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("topics.llm-calls", "plumbline.predictions");
        keys.put("topics.llm-stats", "plumbline.drift-stats");

        assertThat(problems(keys)).containsExactlyInAnyOrder(
                "topics.llm-calls: 'plumbline.predictions' is already topics.predictions; give each topic its own name",
                "topics.llm-stats: 'plumbline.drift-stats' is already topics.drift-stats; give each topic its own name");
    }

    @Test
    void aBadPriceFileIsRefusedWithItsKeyAndEveryProblemOfBothFiles() throws Exception {
        Path overlay = write("prices.yaml", "- match: 'gpt-4o'\n  input: 2.5\n  output: 10\n");
        Path missing = dir.resolve("nowhere.json");

        List<String> problems = problems(Map.of("llm.prices.file", overlay.toString(),
                "llm.prices.litellm-file", missing.toString()));

        assertThat(problems).hasSize(2).contains(
                "llm.prices.litellm-file: " + missing + ": no such file; give the path of the price file");
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("llm.prices.file: " + overlay + ": entry 1 (match 'gpt-4o'): effective_from: missing"));
    }

    @Test
    void aBadLiteLlmFileIsNamedByItsKey() throws Exception {
        Path liteLlm = write("litellm.json", "{\"gpt-4o\": ");

        assertThat(problems(Map.of("llm.prices.litellm-file", liteLlm.toString())))
                .singleElement().asString().startsWith("llm.prices.litellm-file: " + liteLlm + " line 1");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
