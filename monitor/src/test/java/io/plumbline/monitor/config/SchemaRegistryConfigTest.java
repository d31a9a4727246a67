package io.plumbline.monitor.config;

import static io.plumbline.monitor.config.KeysOnly.load;
import static io.plumbline.monitor.config.KeysOnly.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.registry.SchemaRegistrySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema-registry section, and the input formats. */
class SchemaRegistryConfigTest {

    @TempDir
    Path dir;

    @Test
    void noRegistryByDefault() throws Exception {
        assertThat(load(Map.of()).schemaRegistry()).isNull();
    }

    @Test
    void everyKeyCanBeSet() throws Exception {
        Path truststore = dir.resolve("ca.p12");
        java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        try (var out = Files.newOutputStream(truststore)) {
            empty.store(out, "changeit".toCharArray());
        }

        PlumblineConfig config = load(Map.of("schema-registry.url", "https://sr-1:8081, https://sr-2:8081/",
                "schema-registry.username", "plumbline", "schema-registry.password", "s3cret",
                "schema-registry.truststore", truststore.toString(),
                "schema-registry.truststore-password", "changeit", "schema-registry.request-timeout", "3s",
                "schema-registry.retry-for", "5m", "topics.predictions-format", "confluent-avro"));

        SchemaRegistrySettings registry = config.schemaRegistry();
        assertThat(registry.urls()).containsExactly(URI.create("https://sr-1:8081"), URI.create("https://sr-2:8081/"));
        assertThat(registry.username()).isEqualTo("plumbline");
        assertThat(registry.password()).isEqualTo("s3cret");
        assertThat(registry.truststore()).isEqualTo(truststore.toAbsolutePath().toString());
        assertThat(registry.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(registry.retryFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.topics().predictionsFormat()).isEqualTo(PayloadFormat.CONFLUENT_AVRO);
    }

    @Test
    void confluentAvroNeedsARegistry() {
        assertThat(problems(Map.of("topics.llm-calls-format", "confluent-avro"))).containsExactly(
                "topics.llm-calls-format: confluent-avro reads each record's writer schema from a schema registry:"
                        + " set schema-registry.url, such as http://schema-registry:8081");
    }

    /** OTLP trace exports carry LLM calls, and name their prompts where the config says. */
    @Test
    void theOtlpFormatsAreForLlmCallsOnly() throws Exception {
        PlumblineConfig config = load(Map.of("topics.llm-calls-format", "otlp-proto",
                "llm.otlp.prompt-name-attribute", "traceloop.prompt.key"));

        assertThat(config.llm().callsFormat()).isEqualTo(PayloadFormat.OTLP_PROTO);
        assertThat(config.llm().otlp().promptNameAttribute()).isEqualTo("traceloop.prompt.key");
        assertThat(config.llm().otlp().promptVersionAttribute()).isNull();
        assertThat(problems(Map.of("topics.predictions-format", "otlp-json"))).containsExactly(
                "topics.predictions-format: expected auto, json, avro-single-object, confluent-avro, avro-datum or"
                        + " kserve, got 'otlp-json'");
    }

    /** Inference logs carry predictions, read as the kserve.* keys say, which apply to them alone. */
    @Test
    void inferenceLogsAreForPredictionsOnly() throws Exception {
        PlumblineConfig config = load(Map.of("topics.predictions-format", "kserve", "kserve.pair-within", "30s",
                "kserve.feature-columns", "sepal_length, sepal_width", "kserve.prediction-output", "label",
                "kserve.model-id", "iris", "kserve.model-version", "v2"));

        assertThat(config.topics().predictionsFormat()).isEqualTo(PayloadFormat.KSERVE);
        assertThat(config.inferenceLogs().pairWithin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.inferenceLogs().options()).isEqualTo(new InferenceLogOptions(
                List.of("sepal_length", "sepal_width"), "label", "iris", "v2"));
        assertThat(problems(Map.of("topics.llm-calls-format", "kserve"))).containsExactly(
                "topics.llm-calls-format: expected auto, json, avro-single-object, confluent-avro, avro-datum,"
                        + " otlp-proto or otlp-json, got 'kserve'");
        assertThat(problems(Map.of("kserve.model-version", "v2"))).containsExactly(
                "kserve.model-version: applies only with topics.predictions-format: kserve; set it, or remove this key");
        assertThat(problems(Map.of("topics.predictions-format", "kserve", "kserve.model-id", "m".repeat(257))))
                .singleElement().asString().startsWith("kserve.model-id: expected a model id of 1 to 256 bytes");
        assertThat(problems(Map.of("topics.predictions-format", "kserve", "kserve.feature-columns", "a, a")))
                .singleElement().asString().startsWith("kserve.feature-columns: expected feature names,"
                        + " comma-separated, each once, none named prediction");
    }

    @Test
    void badSettingsAreRefusedNamingTheKeyAndNeverShowingAPassword() {
        assertThat(problems(Map.of("schema-registry.url", "http://sr:8081", "schema-registry.password", "s3cret")))
                .containsExactly("schema-registry.password: set schema-registry.username too, or remove it");
        assertThat(problems(Map.of("schema-registry.username", "plumbline")))
                .containsExactly("schema-registry.username: applies only with schema-registry.url; set it, or remove"
                        + " this key");
        assertThat(problems(Map.of("schema-registry.url", "ftp://sr:8081"))).singleElement().asString()
                .startsWith("schema-registry.url: expected http(s) URLs of the schema registry");
        assertThat(problems(Map.of("schema-registry.url", "http://user:s3cret@sr:8081"))).singleElement().asString()
                .doesNotContain("s3cret");
        assertThat(problems(Map.of("schema-registry.url", "http://sr:8081", "schema-registry.truststore",
                dir.resolve("missing.p12").toString()))).singleElement().asString()
                .startsWith("schema-registry.truststore: ").endsWith(" is not a readable file; give the path of a"
                        + " PKCS12 or JKS file");
        assertThat(problems(Map.of("schema-registry.url", "http://sr:8081", "schema-registry.keystore-password",
                "s3cret"))).containsExactly("schema-registry.keystore-password: applies only with"
                        + " schema-registry.keystore; set it, or remove this key");
    }

    @Test
    void aStoreThatCannotBeReadIsRefusedWhenTheConfigIs() throws Exception {
        Path notAStore = Files.writeString(dir.resolve("ca.p12"), "not a keystore");

        assertThat(problems(Map.of("schema-registry.url", "https://sr:8081", "schema-registry.truststore",
                notAStore.toString()))).singleElement().asString()
                .startsWith("schema-registry.truststore: truststore " + notAStore.toAbsolutePath()
                        + " cannot be read as PKCS12 or JKS");
    }
}
