package io.plumbline.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.plumbline.monitor.config.PlumblineConfig.Limits;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code limits} section: what one record, one LLM call and the set of model versions may take. */
class LimitsConfigTest {

    private static final String HEADROOM = " leaves less than 16384 bytes (16 KiB) under ";

    @TempDir
    Path dir;

    @Test
    void everyLimitHasADefault() throws Exception {
        Limits limits = load(Map.of()).limits();

        assertThat(limits).isEqualTo(Limits.DEFAULTS);
        assertThat(limits.maxRecordBytes()).isEqualTo(983_040); // 1 MiB, Kafka's max.request.size, less 64 KiB
        assertThat(limits.maxModels()).isEqualTo(1000);
        assertThat(limits.maxTokensPerCall()).isEqualTo(10_000_000);
        assertThat(limits.maxCostUsdPerCall()).isEqualTo(1000.0);
        assertThat(limits.maxCallDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(limits.maxLlmRoutes()).isEqualTo(1000);
        assertThat(limits.maxLlmVariants()).as("what a route profiled by name before it was a key").isEqualTo(64);
        assertThat(limits.maxLlmTenants()).isEqualTo(10_000);
    }

    @Test
    void everyLimitCanBeSet() throws Exception {
        Path file = Files.writeString(dir.resolve("plumbline.yaml"), """
                kafka:
                  bootstrap-servers: localhost:9092
                  properties: { max.request.size: 4194304 }
                limits:
                  max-record-bytes: 4000000
                  max-models: 50
                  llm:
                    max-tokens-per-call: 2000000
                    max-cost-usd-per-call: 12.5
                    max-call-duration: 10m
                    max-routes: 7
                    max-variants: 8
                    max-tenants: 20
                """);

        Limits limits = ConfigLoader.load(file, Map.of(), Map.of()).limits();

        assertThat(limits).isEqualTo(new Limits(4_000_000, 50, 2_000_000, 12.5, Duration.ofMinutes(10), 7, 8, 20));
    }

    @Test
    void aRecordLimitLeavesADeadLetterRoomUnderTheProducersRequestSize() throws Exception {
        assertThat(load(Map.of("limits.max-record-bytes", "1032192")).limits().maxRecordBytes())
                .as("1 MiB less 16 KiB").isEqualTo(1_032_192);
        assertThat(load(Map.of("limits.max-record-bytes", "1024")).limits().maxRecordBytes()).isEqualTo(1024);
        assertThat(load(Map.of("kafka.properties.max.request.size", "2097152", "limits.max-record-bytes", "2080768"))
                .limits().maxRecordBytes()).isEqualTo(2_080_768);

        assertProblems(Map.of("limits.max-record-bytes", "1032193"),
                "limits.max-record-bytes: 1032193" + HEADROOM + "the Kafka producer's max.request.size (1048576"
                        + " unless kafka.properties sets it) for a dead letter's headers and key: set it to at most"
                        + " 1032192, or set kafka.properties.max.request.size to at least 1048577");
        assertProblems(Map.of("kafka.properties.max.request.size", "2097152", "limits.max-record-bytes", "2097152"),
                "limits.max-record-bytes: 2097152" + HEADROOM + "kafka.properties.max.request.size for a dead"
                        + " letter's headers and key: set it to at most 2080768, or raise"
                        + " kafka.properties.max.request.size to at least 2113536");
        assertProblems(Map.of("kafka.properties.max.request.size", "500000"),
                "limits.max-record-bytes: 983040 (its default)" + HEADROOM + "kafka.properties.max.request.size for"
                        + " a dead letter's headers and key: set it to at most 483616, or raise"
                        + " kafka.properties.max.request.size to at least 999424");
        assertProblems(Map.of("kafka.properties.max.request.size", "4096"),
                "limits.max-record-bytes: 983040 (its default)" + HEADROOM + "kafka.properties.max.request.size for"
                        + " a dead letter's headers and key: raise kafka.properties.max.request.size to at least"
                        + " 999424");
        assertProblems(Map.of("kafka.properties.max.request.size", "lots"),
                "kafka.properties.max.request.size: expected a whole number of bytes such as 1048576, got a single"
                        + " value (not shown: it may hold secrets)");
    }

    @Test
    void everyBadLimitIsRefusedNamingItsKey() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("limits.max-record-bytes", "512");
        bad.put("limits.max-models", "0");
        bad.put("limits.llm.max-tokens-per-call", "99999999999999999999");
        bad.put("limits.llm.max-cost-usd-per-call", "-1");
        bad.put("limits.llm.max-call-duration", "0s");
        bad.put("limits.llm.max-variants", "1001");
        bad.put("limits.llm.max-tenants", "0");

        assertProblems(bad,
                "limits.max-record-bytes: expected a whole number from 1024 to 2147483647, got '512'",
                "limits.max-models: expected a whole number from 1 to 2147483647, got '0'",
                "limits.llm.max-tokens-per-call: expected a whole number from 1 to 9223372036854775807, got"
                        + " '99999999999999999999'",
                "limits.llm.max-cost-usd-per-call: expected a positive amount in USD such as 1000, got '-1'",
                "limits.llm.max-call-duration: expected a positive duration such as 10s or 1m, got '0s'",
                "limits.llm.max-variants: expected a whole number from 1 to 1000, got '1001'",
                "limits.llm.max-tenants: expected a whole number from 1 to 2147483647, got '0'");
        assertProblems(Map.of("limits.llm.max-cost-usd-per-call", ".inf", "limits.llm.max-tokens-per-call", "1e999"),
                "limits.llm.max-cost-usd-per-call: expected a positive amount in USD such as 1000, got '.inf'; NaN"
                        + " and infinities are not allowed, give a finite number",
                "limits.llm.max-tokens-per-call: expected a whole number from 1 to 9223372036854775807, got"
                        + " '1e999'");
        assertProblems(Map.of("limits.llm.max-cost-usd-per-call", "1e999"),
                "limits.llm.max-cost-usd-per-call: expected a positive amount in USD such as 1000, got '1e999'");
    }

    @Test
    void aMisspeltLimitSuggestsTheKeyItMeant() {
        Map<String, String> typos = new LinkedHashMap<>();
        typos.put("limits.max-record-byte", "2048");
        typos.put("limit.max-models", "5");
        typos.put("limits.llm.max-tokens", "5");

        assertProblems(typos,
                "unknown key 'limits.max-record-byte' (did you mean 'limits.max-record-bytes'?)",
                "unknown key 'limit' (did you mean 'limits'?)",
                "unknown key 'limits.llm.max-tokens'; expected in section 'limits.llm': max-call-duration,"
                        + " max-cost-usd-per-call, max-routes, max-tenants, max-tokens-per-call, max-variants");
    }

    private static PlumblineConfig load(Map<String, String> keys) throws ConfigException {
        return ConfigLoader.load(null, withBrokers(keys), Map.of());
    }

    private static void assertProblems(Map<String, String> keys, String... expected) {
        ThrowingCallable load = () -> load(keys);
        Throwable t = catchThrowable(load);
        assertThat(t).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) t).problems()).containsExactlyInAnyOrder(expected);
    }

    private static Map<String, String> withBrokers(Map<String, String> keys) {
        Map<String, String> values = new LinkedHashMap<>(keys);
        values.put("kafka.bootstrap-servers", "localhost:9092");
        return values;
    }
}
