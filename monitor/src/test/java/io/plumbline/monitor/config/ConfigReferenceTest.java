package io.plumbline.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** docs/configuration.md's reference table is the one {@link ConfigKeys} writes, and every key in it is read. */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    /** {@code -Dplumbline.write-docs=true} writes the table into the doc instead of comparing. */
    private static final boolean WRITE = Boolean.getBoolean("plumbline.write-docs");

    @Test
    void theDocsTableIsTheGeneratedOne() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(ConfigReference.BEGIN);
        int end = doc.indexOf(ConfigReference.END);
        assertThat(begin).as("%s has the markers of the generated table", DOC).isGreaterThanOrEqualTo(0);
        assertThat(end).isGreaterThan(begin);
        String expected = ConfigReference.markdown(ConfigKeys.ALL);
        String actual = doc.substring(begin, end + ConfigReference.END.length());
        if (WRITE) {
            Files.writeString(DOC, doc.replace(actual, expected), StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("docs/configuration.md's key table differs from ConfigKeys; regenerate it with"
                + " mvn -pl monitor -am test -Dtest=ConfigReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dplumbline.write-docs=true").isEqualTo(expected);
    }

    @Test
    void everyKeyIsDeclaredOnce() {
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> option : ConfigKeys.ALL) {
            assertThat(keys.add(option.key())).as(option.key()).isTrue();
        }
    }

    /** A key the loader never reads would be refused as unknown: each, set to a value it takes, must be accepted. */
    @Test
    void everyDeclaredKeyIsRead() throws ConfigException {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("kafka.bootstrap-servers", "localhost:9092");
        for (ConfigOption<?> option : ConfigKeys.ALL) {
            String example = example(option);
            if (example != null) {
                overrides.putIfAbsent(option.key(), example);
            }
        }
        PlumblineConfig config = ConfigLoader.load(null, overrides, Map.of());
        assertThat(config.window().slide()).hasSeconds(30);
        assertThat(config.serve().grafanaUrl()).hasToString("https://grafana.example.com");
        assertThat(config.schemaRegistry().username()).isEqualTo("plumbline");
        assertThat(config.inferenceLogs().options().featureColumns()).containsExactly("sepal_length", "sepal_width");
    }

    /** A value the key takes: its default, one of its kind, or null for a path to a file that must exist. */
    private static String example(ConfigOption<?> option) {
        return switch (option.key()) {
            case "window.slide" -> "30s";
            case "baseline.kind" -> "rolling";
            case "baseline.warmup-events" -> null; // warmup only, and the kind must be rolling for the next
            case "model-idle-after", "llm.variant-idle-after", "serve.metrics.lookback",
                    "serve.metrics.stale-after" -> "1h";
            case "checkpoint.directory" -> "./checkpoints";
            case "job.enabled" -> "drift, llm";
            case "serve.grafana-url" -> "https://grafana.example.com";
            case "serve.alertmanager.urls" -> "http://am-1:9093, http://am-2:9093";
            case "llm.prices.file", "llm.prices.litellm-file" -> null;
            case "schema-registry.url" -> "http://schema-registry:8081";
            case "topics.predictions-format" -> "kserve"; // the kserve.* keys apply to it alone
            case "kserve.feature-columns" -> "sepal_length, sepal_width";
            case "schema-registry.username", "schema-registry.password" -> "plumbline";
            // stores must exist and be read; SchemaRegistryConfigTest sets them
            case "schema-registry.truststore", "schema-registry.truststore-password", "schema-registry.keystore",
                    "schema-registry.keystore-password" -> null;
            default -> option.shownDefault().replace("`", "");
        };
    }
}
