package io.plumbline.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plumbline.alerts.rules.DriftPolicy;
import io.plumbline.alerts.rules.DriftThresholds;
import io.plumbline.alerts.rules.RuleOverride;
import io.plumbline.alerts.rules.RuleSetting;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.stats.MultipleTesting.Correction;
import io.plumbline.monitor.config.PlumblineConfig.BaselineKind;
import io.plumbline.monitor.config.PlumblineConfig.JobKind;
import io.plumbline.monitor.config.PlumblineConfig.StartingOffsets;
import io.plumbline.schemas.codec.PayloadFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Map<String, String> BROKERS = Map.of("kafka.bootstrap-servers", "localhost:9092");
    private static final String JAAS_LINE_REFUSED = "kafka.properties.sasl.jaas.config: expected one login line such"
            + " as org.apache.kafka.common.security.plain.PlainLoginModule required username=\"...\" password=\"...\";"
            + " (each value in double quotes, the line ending in ';'), got a line Kafka cannot read (not shown: it may"
            + " hold secrets)";

    @TempDir
    Path dir;

    @Test
    void onlyTheBrokersAreRequiredEverythingElseHasADefault() throws Exception {
        PlumblineConfig c = ConfigLoader.load(null, BROKERS, Map.of());

        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.kafka().groupId()).isEqualTo("plumbline-drift");
        assertThat(c.kafka().startingOffsets()).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(c.kafka().properties()).isEmpty();
        assertThat(c.topics()).isEqualTo(new PlumblineConfig.Topics("plumbline.predictions", PayloadFormat.AUTO,
                "plumbline.drift-stats", "plumbline.alerts", "plumbline.dead-letter", "plumbline.baselines"));
        assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.window()).isEqualTo(PlumblineConfig.Window.tumbling(Duration.ofMinutes(1), 1000));
        assertThat(c.modelIdleAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(c.watermark()).isEqualTo(new PlumblineConfig.Watermark(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(c.baseline()).isEqualTo(BaselineKind.WARMUP);
        assertThat(c.baselineSettings()).isEqualTo(new PlumblineConfig.BaselineSettings(BaselineKind.WARMUP, 0, 5));
        assertThat(c.features()).isEqualTo(new PlumblineConfig.Features(1000, 100, 0.01));
        assertThat(c.rules()).isEqualTo(DriftPolicy.of(DriftThresholds.DEFAULTS));
        assertThat(c.checkpoint().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.checkpoint().directory())
                .isEqualTo(Path.of("plumbline-data/checkpoints").toAbsolutePath().toUri());
        assertThat(c.job()).isEqualTo(new PlumblineConfig.Job("plumbline-drift", 1, Set.of(JobKind.DRIFT, JobKind.LLM)));
    }

    @Test
    void readsEveryKeyFromTheFile() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: broker-1:9092, broker-2:9093
                  group-id: drift-team
                  starting-offsets: latest
                  properties:
                    security.protocol: SASL_SSL
                    sasl:
                      mechanism: PLAIN
                topics:
                  predictions: in.predictions
                  predictions-format: avro-single-object
                  drift-stats: out.stats
                  alerts: out.alerts
                  dead-letter: out.dlq
                  baselines: in.baselines
                window:
                  size: 10s
                  slide: 5s
                  min-events: 5000
                watermark:
                  out-of-orderness: 0s
                  idleness: 2m
                baseline:
                  kind: rolling
                  rolling-windows: 3
                features:
                  max-per-model: 50
                  max-categories: 100
                  min-share: 0.05
                rules:
                  psi: { threshold: 0.25 }
                  ks: { p-value: 0.01, min-statistic: 0.1 }
                  chi2: { p-value: 0.05, min-share-change: 0.02 }
                checkpoint:
                  interval: 500ms
                  directory: s3://bucket/checkpoints
                job:
                  name: drift-prod
                  parallelism: 4
                """);

        PlumblineConfig c = ConfigLoader.load(file, Map.of(), Map.of());

        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9093");
        assertThat(c.kafka().groupId()).isEqualTo("drift-team");
        assertThat(c.kafka().startingOffsets()).isEqualTo(StartingOffsets.LATEST);
        assertThat(c.kafka().properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of("sasl.mechanism", "PLAIN", "security.protocol", "SASL_SSL"));
        assertThat(c.topics()).isEqualTo(new PlumblineConfig.Topics("in.predictions",
                PayloadFormat.AVRO_SINGLE_OBJECT, "out.stats", "out.alerts", "out.dlq",
                "in.baselines"));
        assertThat(c.window()).isEqualTo(new PlumblineConfig.Window(Duration.ofSeconds(10), Duration.ofSeconds(5), 5000));
        assertThat(c.watermark()).isEqualTo(new PlumblineConfig.Watermark(Duration.ZERO, Duration.ofMinutes(2)));
        assertThat(c.baselineSettings()).isEqualTo(new PlumblineConfig.BaselineSettings(BaselineKind.ROLLING, 0, 3));
        assertThat(c.features()).isEqualTo(new PlumblineConfig.Features(50, 100, 0.05));
        assertThat(c.rules()).isEqualTo(DriftPolicy.of(DriftThresholds.DEFAULTS.with(Map.of(RuleSetting.PSI_THRESHOLD,
                0.25, RuleSetting.KS_MIN_STATISTIC, 0.1, RuleSetting.CHI2_P_VALUE, 0.05,
                RuleSetting.CHI2_MIN_SHARE_CHANGE, 0.02), null)));
        assertThat(c.checkpoint()).isEqualTo(new PlumblineConfig.Checkpoint(Duration.ofMillis(500),
                URI.create("s3://bucket/checkpoints")));
        assertThat(c.job()).isEqualTo(new PlumblineConfig.Job("drift-prod", 4, Set.of(JobKind.DRIFT, JobKind.LLM)));
    }

    @Test
    void overridesWinOverTheFileAndReachKafkaProperties() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: broker-1:9092
                  properties:
                    security.protocol: SASL_SSL
                window:
                  size: 1m
                """);

        PlumblineConfig c = ConfigLoader.load(file, Map.of("window.size", "30s",
                "kafka.bootstrap-servers", "localhost:19092",
                "kafka.properties.security.protocol", "PLAINTEXT",
                "kafka.properties.client.rack", "eu-1a"), Map.of());

        assertThat(c.windowSize()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(c.kafka().properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of("client.rack", "eu-1a", "security.protocol", "PLAINTEXT"));
        assertThat(c.kafka().clientProperties())
                .containsEntry("bootstrap.servers", "localhost:19092")
                .containsEntry("client.rack", "eu-1a");
    }

    @Test
    void durationsTakeTheUsualUnitsAndIso8601() {
        assertThat(Settings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Settings.parseDuration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Settings.parseDuration("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Settings.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Settings.parseDuration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Settings.parseDuration("10")).isNull();
        assertThat(Settings.parseDuration("-1s")).isNull();
        assertThat(Settings.parseDuration("1.5s")).isNull();
    }

    @Test
    void substitutesEnvironmentVariablesInTheFile() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: ${BROKERS}
                  group-id: ${GROUP:-plumbline}
                  properties:
                    sasl.jaas.config: PlainLoginModule required username="${KAFKA_USER}" password="${KAFKA_PASSWORD:-}";
                    ssl.truststore.password: ${EMPTY:-changeit}
                    note: costs $${NOT_A_VARIABLE}
                job:
                  parallelism: ${PARALLELISM}
                """);

        PlumblineConfig c = ConfigLoader.load(file, Map.of(), Map.of("BROKERS", "kafka:9092",
                "KAFKA_USER", "svc", "EMPTY", "", "PARALLELISM", "3"));

        assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(c.kafka().groupId()).isEqualTo("plumbline");
        assertThat(c.kafka().properties())
                .containsEntry("sasl.jaas.config", "PlainLoginModule required username=\"svc\" password=\"\";")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("note", "costs ${NOT_A_VARIABLE}");
        assertThat(c.job().parallelism()).isEqualTo(3);
    }

    @Test
    void aDefaultEndsAtTheFirstClosingBrace() throws Exception {
        // defaults do not nest: the reference ends at the first '}', the rest is literal text
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                  group-id: ${GROUP:-plumbline-${TEAM:-ml}}
                """);

        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).kafka().groupId()).isEqualTo("plumbline-${TEAM:-ml}");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAProblem() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                  group-id: ${NOT_CLOSED
                  properties:
                    sasl.jaas.config: ${KAFKA_JAAS}
                job:
                  name: drift-${1X}
                """);

        assertProblems(() -> ConfigLoader.load(file, Map.of(), Map.of()),
                // the cause, then what it leaves
                "kafka.properties.sasl.jaas.config: environment variable KAFKA_JAAS is not set; set it,"
                        + " or give a default as ${KAFKA_JAAS:-default}",
                JAAS_LINE_REFUSED,
                "kafka.group-id: unterminated '${' in '${NOT_CLOSED'; write ${NAME} or ${NAME:-default}"
                        + " (or $${ for a literal ${)",
                "job.name: '${1X}' does not name an environment variable; write ${NAME}"
                        + " or ${NAME:-default} with NAME of letters, digits and '_'");
    }

    @Test
    void noProblemShowsAValueUnderKafkaProperties() throws Exception {
        String password = "hunter2";
        String notAMap = "kafka.properties: expected a map of Kafka client properties, key: value lines such as"
                + " security.protocol: SASL_SSL, got a single value (not shown: it may hold secrets)";
        Path string = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                  properties: "sasl.jaas.config=PlainLoginModule required username=svc password=hunter2;"
                """);
        Path list = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                  properties: [ "password=hunter2" ]
                """);
        Path references = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                  properties:
                    sasl.jaas.config: password="hunter2" ${NOT_CLOSED
                    ssl.key.password: ${hunter2!}
                """);

        assertSecretKept(password, () -> ConfigLoader.load(string, Map.of(), Map.of()), notAMap);
        assertSecretKept(password, () -> ConfigLoader.load(null, with("kafka.properties", "password=hunter2"),
                Map.of()), notAMap);
        assertSecretKept(password, () -> ConfigLoader.load(list, Map.of(), Map.of()),
                "kafka.properties: expected a map of Kafka client properties, key: value lines such as"
                        + " security.protocol: SASL_SSL, got a list");
        assertSecretKept(password, () -> ConfigLoader.load(references, Map.of(), Map.of()),
                "kafka.properties.sasl.jaas.config: unterminated '${' in its value (not shown: it may hold secrets);"
                        + " write ${NAME} or ${NAME:-default} (or $${ for a literal ${)",
                JAAS_LINE_REFUSED,
                "kafka.properties.ssl.key.password: a '${...}' in its value (not shown: it may hold secrets) does not"
                        + " name an environment variable; write ${NAME} or ${NAME:-default} with NAME of letters,"
                        + " digits and '_'");
        // the section that holds them, given a value instead
        assertSecretKept(password, () -> ConfigLoader.load(null, with("kafka", "password=hunter2"), Map.of()),
                "kafka: expected a section with keys bootstrap-servers, group-id, properties, starting-offsets, got"
                        + " a single value (not shown: it may hold secrets)");
    }

    @Test
    void aFloatOfYamlThatIsNoFiniteNumberIsKeptAsWritten() throws Exception {
        // YAML 1.1 reads 12:34:56.7 as a float (base 60): a parse failure would show it, and it may be a password
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                  properties:
                    ssl.key.password: 12:34:56.7
                """);
        Path tooLarge = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                rules:
                  psi: { threshold: 1e999 }
                """);

        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).kafka().properties())
                .containsEntry("ssl.key.password", "12:34:56.7");
        assertProblems(() -> ConfigLoader.load(tooLarge, Map.of(), Map.of()),
                "rules.psi.threshold: expected a positive number such as 0.2, got '1e999'");
    }

    private static void assertSecretKept(String secret, ThrowingCallable load, String... expected) {
        ConfigException e = catchConfig(load);
        assertThat(e.problems()).containsExactlyInAnyOrder(expected);
        assertThat(e.getMessage()).doesNotContain(secret);
    }

    @Test
    void commandLineValuesAreNotSubstituted() throws Exception {
        PlumblineConfig c = ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "localhost:9092",
                "kafka.properties.ssl.key.password", "pa${ss}"), Map.of());

        assertThat(c.kafka().properties()).containsEntry("ssl.key.password", "pa${ss}");
    }

    @Test
    void theBrokersAreRequired() {
        assertProblems(() -> ConfigLoader.load(null, Map.of(), Map.of()),
                "kafka.bootstrap-servers: required; set it to your Kafka brokers, e.g. localhost:9092");
        assertProblems(() -> ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", " "), Map.of()),
                "kafka.bootstrap-servers: required; set it to your Kafka brokers, e.g. localhost:9092");
    }

    @Test
    void everyBadValueIsReportedWithItsKeyAndWhatToWrite() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("kafka.bootstrap-servers", "localhost");
        bad.put("kafka.group-id", "");
        bad.put("kafka.starting-offsets", "first");
        bad.put("topics.predictions", "my predictions");
        bad.put("topics.predictions-format", "protobuf");
        bad.put("window.size", "ten");
        bad.put("window.min-events", "0");
        bad.put("watermark.out-of-orderness", "-5s");
        bad.put("watermark.idleness", "0s");
        bad.put("baseline.kind", "reference");
        bad.put("features.max-per-model", "lots");
        bad.put("features.max-categories", "5000");
        bad.put("features.min-share", "0");
        bad.put("rules.psi.threshold", "-0.2");
        bad.put("rules.ks.p-value", "1");
        bad.put("rules.ks.min-statistic", "1.5");
        bad.put("rules.chi2.p-value", "0");
        bad.put("rules.chi2.min-share-change", "five percent");
        bad.put("checkpoint.interval", "5ms");
        bad.put("checkpoint.directory", " ");
        bad.put("job.name", " ");
        bad.put("job.parallelism", "0");

        assertProblems(() -> ConfigLoader.load(null, bad, Map.of()),
                "kafka.bootstrap-servers: expected host:port[,host:port...] such as localhost:9092, got 'localhost'",
                "kafka.group-id: expected a consumer group id, got ''",
                "kafka.starting-offsets: expected earliest or latest, got 'first'",
                "topics.predictions: expected a Kafka topic name of letters, digits, '.', '_' and '-' (at most 249),"
                        + " got 'my predictions'",
                "topics.predictions-format: expected auto, json, avro-single-object, confluent-avro, avro-datum or"
                        + " kserve, got 'protobuf'",
                "window.size: expected a positive duration such as 10s or 1m, got 'ten'",
                "window.min-events: expected a whole number from 1 to 2147483647, got '0'",
                "watermark.out-of-orderness: expected a duration such as 5s or 0s, got '-5s'",
                "watermark.idleness: expected a positive duration such as 10s or 1m, got '0s'",
                "baseline.kind: expected warmup (the first complete window, or the first baseline.warmup-events"
                        + " events, of each model version) or rolling (the baseline.rolling-windows windows before"
                        + " each window), got 'reference'",
                "features.max-per-model: expected a whole number from 1 to 100000, got 'lots'",
                "features.max-categories: expected a whole number from 1 to 1000, got '5000'",
                "features.min-share: expected a share of a window's events above 0 and at most 1 such as 0.01,"
                        + " got '0'",
                "rules.psi.threshold: expected a positive number such as 0.2, got '-0.2'",
                "rules.ks.p-value: expected a probability between 0 and 1 (exclusive) such as 0.01, got '1'",
                "rules.ks.min-statistic: expected a number from 0 to 1 such as 0.05, got '1.5'",
                "rules.chi2.p-value: expected a probability between 0 and 1 (exclusive) such as 0.01, got '0'",
                "rules.chi2.min-share-change: expected a number from 0 to 1 such as 0.05, got 'five percent'",
                "checkpoint.interval: expected a duration of at least 10ms such as 5s (Flink's minimum checkpoint"
                        + " interval), got '5ms'",
                "checkpoint.directory: expected a directory such as ./plumbline-data/checkpoints, or a URI such as"
                        + " s3://bucket/checkpoints, got ' '",
                "job.name: expected a name (it also prefixes the Kafka transactional ids), got ' '",
                "job.parallelism: expected a whole number from 1 to 32768, got '0'");
    }

    @Test
    void everyRuleSettingHasItsKey() throws Exception {
        Map<String, String> all = new LinkedHashMap<>(BROKERS);
        for (RuleSetting setting : RuleSetting.values()) {
            all.put("rules." + setting.key(), "0.0123");
        }
        all.put("rules.multiple-testing", "bonferroni");

        DriftThresholds rules = ConfigLoader.load(null, all, Map.of()).rules().defaults();

        assertThat(RuleSetting.values()).allSatisfy(setting -> assertThat(setting.of(rules)).isEqualTo(0.0123));
        assertThat(rules.correction()).isEqualTo(Correction.BONFERRONI);
    }

    @Test
    void theRulesSectionOfAFileWithItsOverrides() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                rules:
                  psi: { threshold: 0.25 }
                  wasserstein-norm: { threshold: 0.1 }
                  out-of-range-rate: { threshold: 0.1, p-value: 0.0001 }
                  drift-share: { threshold: 0.4 }
                  multiple-testing: none
                  overrides:
                    - feature: amount
                      psi: { threshold: 0.3 }
                    - model: fraud-.*
                      drift-share: { threshold: 0.3 }
                      multiple-testing: Benjamini-Hochberg
                      wasserstein-norm: { threshold: off }
                    - { model: fraud-eu, feature: store_id|zip, type: categorical }
                """);

        DriftPolicy rules = ConfigLoader.load(file, Map.of(), Map.of()).rules();

        DriftThresholds defaults = DriftThresholds.DEFAULTS.with(Map.of(RuleSetting.PSI_THRESHOLD, 0.25,
                RuleSetting.WASSERSTEIN_NORM_THRESHOLD, 0.1, RuleSetting.OUT_OF_RANGE_RATE_THRESHOLD, 0.1,
                RuleSetting.OUT_OF_RANGE_RATE_P_VALUE, 0.0001, RuleSetting.DRIFT_SHARE_THRESHOLD, 0.4), Correction.NONE);
        assertThat(rules).isEqualTo(new DriftPolicy(defaults, List.of(
                RuleOverride.of(null, "amount", Map.of(RuleSetting.PSI_THRESHOLD, 0.3)),
                new RuleOverride("fraud-.*", null, null, Map.of(RuleSetting.DRIFT_SHARE_THRESHOLD, 0.3,
                        RuleSetting.WASSERSTEIN_NORM_THRESHOLD, Double.POSITIVE_INFINITY), Correction.BENJAMINI_HOCHBERG),
                new RuleOverride("fraud-eu", "store_id|zip", FeatureType.CATEGORICAL, Map.of(), null))));
        assertThat(rules.feature("fraud-eu", "amount").get(RuleSetting.PSI_THRESHOLD)).isEqualTo(0.3);
        assertThat(rules.feature("fraud-eu", "amount").get(RuleSetting.WASSERSTEIN_NORM_THRESHOLD))
                .isInfinite();
        assertThat(rules.model("credit-risk").correction()).isEqualTo(Correction.NONE);
        assertThat(rules.model("fraud-eu").correction()).isEqualTo(Correction.BENJAMINI_HOCHBERG);
        assertThat(rules.type("fraud-eu", "zip")).isEqualTo(FeatureType.CATEGORICAL);
    }

    @Test
    void theCommandLineChangesAndAddsOverrideEntriesByIndex() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                rules:
                  overrides:
                    - { feature: amount, psi: { threshold: 0.3 } }
                """);

        DriftPolicy rules = ConfigLoader.load(file, Map.of("rules.overrides[0].psi.threshold", "0.35",
                "rules.overrides[1].model", "fraud", "rules.overrides[1].chance.p-value", "0.001"), Map.of()).rules();

        assertThat(rules.overrides()).containsExactly(
                RuleOverride.of(null, "amount", Map.of(RuleSetting.PSI_THRESHOLD, 0.35)),
                RuleOverride.of("fraud", null, Map.of(RuleSetting.CHANCE_P_VALUE, 0.001)));
    }

    @Test
    void badOverridesAreReportedWithTheirEntry() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                rules:
                  wasserstein-norm: { threshold: none }
                  multiple-testing: holm
                  overrides:
                    - { feature: amount(, psi: { threshold: 0 } }
                    - { model: fraud, type: numeric }
                    - feature: amount
                      drift-share: { threshold: 0.3 }
                      multiple-testing: none
                      chance: { p-value: 0.001 }
                    - { feature: amount, type: text, psy: { threshold: 0.3 } }
                    - { model: fraud }
                    - just a string
                """);

        assertProblems(() -> ConfigLoader.load(file, Map.of(), Map.of()),
                "rules.wasserstein-norm.threshold: expected a positive number such as 0.1, or off to turn the rule"
                        + " off, got 'none'",
                "rules.multiple-testing: expected benjamini-hochberg, bonferroni or none, got 'holm'",
                "rules.overrides[0].feature: expected a regular expression matching whole feature names (prediction"
                        + " for the prediction), such as amount|amount_usd, got 'amount('",
                "rules.overrides[0].psi.threshold: expected a positive number such as 0.2, got '0'",
                "rules.overrides[1].type: says how a feature is compared; give the entry a feature",
                "rules.overrides[2].drift-share.threshold: a setting of the whole model, not of a feature; move it"
                        + " to an entry without 'feature'",
                "rules.overrides[2].chance.p-value: a setting of the whole model, not of a feature; move it to an"
                        + " entry without 'feature'",
                "rules.overrides[2].multiple-testing: a setting of the whole model, not of a feature; move it to an"
                        + " entry without 'feature'",
                "rules.overrides[3].type: expected categorical or numeric, got 'text'",
                "unknown key 'rules.overrides[3].psy' (did you mean 'rules.overrides[3].psi'?)",
                "rules.overrides[4]: sets nothing; give it a rule setting such as psi: { threshold: 0.3 } or a type,"
                        + " or remove it",
                "rules.overrides[5]: expected an entry of key: value pairs such as { feature: amount, psi: {"
                        + " threshold: 0.3 } }, got 'just a string'");
    }

    @Test
    void overridesAreAListOfEntries() throws Exception {
        Path section = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                rules:
                  overrides:
                    feature: amount
                    psi: { threshold: 0.3 }
                """);

        assertProblems(() -> ConfigLoader.load(section, Map.of(), Map.of()),
                "rules.overrides: expected a list of entries, each starting with '- ', such as - { feature: amount,"
                        + " psi: { threshold: 0.3 } }, got a section");
        assertProblems(() -> ConfigLoader.load(null, with("rules.overrides", "amount"), Map.of()),
                "rules.overrides: expected a list of entries such as - { feature: amount, psi: { threshold: 0.3 } },"
                        + " got 'amount'");
    }

    @Test
    void aSlideMustCutTheWindowIntoWholePanesAndNotExceedIt() {
        assertProblems(() -> ConfigLoader.load(null, with("window.size", "1m", "window.slide", "25s"), Map.of()),
                "window.slide: window.size 1m is not a whole multiple of 25s; use a slide that divides it, such as 30s");
        assertProblems(() -> ConfigLoader.load(null, with("window.size", "1m", "window.slide", "7s"), Map.of()),
                "window.slide: window.size 1m is not a whole multiple of 7s; use a slide that divides it, such as 6s");
        assertProblems(() -> ConfigLoader.load(null, with("window.size", "1m", "window.slide", "2m"), Map.of()),
                "window.slide: 2m is longer than window.size 1m; a slide is at most the window size (equal to it for"
                        + " tumbling windows)");
    }

    @Test
    void overridesAreAllAppliedBeforeKeysAreCheckedAgainstEachOther() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                window:
                  size: 1m
                  slide: 30s
                """);

        PlumblineConfig c = ConfigLoader.load(file, Map.of("window.slide", "2m", "window.size", "10m"), Map.of());

        assertThat(c.window())
                .isEqualTo(new PlumblineConfig.Window(Duration.ofMinutes(10), Duration.ofMinutes(2), 1000));
    }

    @Test
    void aRefusedValueIsNotCheckedAgainstOtherKeysInItsDefaultsPlace() {
        assertProblems(() -> ConfigLoader.load(null, with("window.size", "-5s", "window.slide", "7s"), Map.of()),
                "window.size: expected a positive duration such as 10s or 1m, got '-5s'");
        assertProblems(() -> ConfigLoader.load(null, with("window.size", "-5s", "model-idle-after", "30s"), Map.of()),
                "window.size: expected a positive duration such as 10s or 1m, got '-5s'");
        assertProblems(() -> ConfigLoader.load(null, with("llm.window.size", "soon", "llm.variant-idle-after", "30s"),
                        Map.of()),
                "llm.window.size: expected a positive duration such as 10s or 1m, got 'soon'");
        assertProblems(() -> ConfigLoader.load(null, with("window.min-events", "lots", "baseline.warmup-events", "500"),
                        Map.of()),
                "window.min-events: expected a whole number from 1 to 2147483647, got 'lots'");
        assertProblems(() -> ConfigLoader.load(null, with("baseline.kind", "rollin", "baseline.rolling-windows", "3"),
                        Map.of()),
                "baseline.kind: expected warmup (the first complete window, or the first baseline.warmup-events"
                        + " events, of each model version) or rolling (the baseline.rolling-windows windows before"
                        + " each window), got 'rollin'");
        assertProblems(() -> ConfigLoader.load(null, with("topics.alerts", "my alerts", "topics.drift-stats",
                        "plumbline.alerts"), Map.of()),
                "topics.alerts: expected a Kafka topic name of letters, digits, '.', '_' and '-' (at most 249), got"
                        + " 'my alerts'");
    }

    @Test
    void eachBaselineKeyBelongsToItsKind() {
        assertProblems(() -> ConfigLoader.load(null, with("baseline.kind", "rolling", "baseline.warmup-events", "5000"),
                        Map.of()),
                "baseline.warmup-events: applies to baseline.kind warmup only; remove it, or set baseline.kind: warmup");
        assertProblems(() -> ConfigLoader.load(null, with("baseline.rolling-windows", "3"), Map.of()),
                "baseline.rolling-windows: applies to baseline.kind rolling only; remove it, or set"
                        + " baseline.kind: rolling");
        assertProblems(() -> ConfigLoader.load(null, with("baseline.warmup-events", "500"), Map.of()),
                "baseline.warmup-events: 500 is below window.min-events 1000; a baseline needs at least as many"
                        + " events as a window judged against it: raise it, or lower window.min-events");
    }

    @Test
    void maxCategoriesTakesAnyNumberFromOneToAThousand() throws Exception {
        assertThat(ConfigLoader.load(null, with(), Map.of()).features().maxCategories()).isEqualTo(100);
        assertThat(ConfigLoader.load(null, with("features.max-categories", "1"), Map.of()).features().maxCategories())
                .isEqualTo(1);
        assertThat(ConfigLoader.load(null, with("features.max-categories", "1000"), Map.of()).features().maxCategories())
                .isEqualTo(1000);

        assertProblems(() -> ConfigLoader.load(null, with("features.max-categories", "0"), Map.of()),
                "features.max-categories: expected a whole number from 1 to 1000, got '0'");
    }

    @Test
    void aFeaturesShareIsAboveZeroAndAtMostOne() throws Exception {
        assertThat(ConfigLoader.load(null, with("features.min-share", "1"), Map.of()).features().minShare())
                .isEqualTo(1.0);
        assertThat(ConfigLoader.load(null, with("features.min-share", "1e-6"), Map.of()).features().minShare())
                .isEqualTo(1e-6);

        assertProblems(() -> ConfigLoader.load(null, with("features.min-share", "1.01"), Map.of()),
                "features.min-share: expected a share of a window's events above 0 and at most 1 such as 0.01,"
                        + " got '1.01'");
        assertProblems(() -> ConfigLoader.load(null, with("features.min-share", "NaN"), Map.of()),
                "features.min-share: expected a share of a window's events above 0 and at most 1 such as 0.01,"
                        + " got 'NaN'; NaN and infinities are not allowed, give a finite number");
        assertProblems(() -> ConfigLoader.load(null, with("features.min-shares", "0.1"), Map.of()),
                "unknown key 'features.min-shares' (did you mean 'features.min-share'?)");
    }

    @Test
    void aWarmupOfNEvents() throws Exception {
        PlumblineConfig c = ConfigLoader.load(null, with("baseline.warmup-events", "20000"), Map.of());

        assertThat(c.baselineSettings()).isEqualTo(new PlumblineConfig.BaselineSettings(BaselineKind.WARMUP, 20_000, 5));
    }

    @Test
    void aDurationShorterThanAMillisecondIsRefused() {
        assertProblems(() -> ConfigLoader.load(null, with("window.size", "PT0.0001S"), Map.of()),
                "window.size: expected a positive duration such as 10s or 1m, got 'PT0.0001S'");
    }

    @Test
    void notANumberAndTheInfinitiesAreRefusedNamingTheKey() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                window:
                  min-events: .inf
                rules:
                  psi: { threshold: .nan }
                  ks: { p-value: -.inf }
                  wasserstein-norm: { threshold: .Inf }
                  overrides:
                    - { feature: amount, psi: { threshold: .NaN } }
                llm:
                  rules:
                    error-rate: { threshold: +.inf }
                  budgets:
                    - { service: support-bot, day-usd: .inf }
                job:
                  name: .nan
                """);
        String notFinite = "; NaN and infinities are not allowed, give a finite number";

        assertProblems(() -> ConfigLoader.load(file, Map.of("rules.chi2.p-value", "NaN",
                        "rules.drift-share.threshold", "-Infinity"), Map.of()),
                "window.min-events: expected a whole number from 1 to 2147483647, got '.inf'" + notFinite,
                "rules.psi.threshold: expected a positive number such as 0.2, got '.nan'" + notFinite,
                "rules.ks.p-value: expected a probability between 0 and 1 (exclusive) such as 0.01, got '-.inf'"
                        + notFinite,
                "rules.wasserstein-norm.threshold: expected a positive number such as 0.1, or off to turn the rule"
                        + " off, got '.Inf'" + notFinite,
                "rules.overrides[0].psi.threshold: expected a positive number such as 0.2, got '.NaN'" + notFinite,
                "rules.chi2.p-value: expected a probability between 0 and 1 (exclusive) such as 0.01, got 'NaN'"
                        + notFinite,
                "rules.drift-share.threshold: expected a number from 0 to 1 such as 0.5, got '-Infinity'" + notFinite,
                "llm.rules.error-rate.threshold: expected a number from 0 to 1 such as 0.05, got '+.inf'" + notFinite,
                "llm.budgets[0].day-usd: expected a positive amount in USD such as 50, got '.inf'" + notFinite);
        // a key that takes words takes these as the words they are
        assertThat(ConfigLoader.load(yaml("job: { name: .nan }"), BROKERS, Map.of()).job().name()).isEqualTo(".nan");
    }

    @Test
    void aDurationTooLongForTimestampArithmeticIsRefusedNamingItsKey() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                window:
                  size: 9999999999999999h
                """);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("model-idle-after", "99999999999999999999s"); // beyond a long
        overrides.put("watermark.idleness", "P9999999999999999D"); // ISO-8601, beyond a long of seconds
        overrides.put("watermark.out-of-orderness", "3651d");
        overrides.put("checkpoint.interval", "106751991167d"); // a Duration, but not in milliseconds

        assertProblems(() -> ConfigLoader.load(file, overrides, Map.of()),
                "window.size: '9999999999999999h' is too long; expected a positive duration such as 10s or 1m,"
                        + " at most 3650d (ten years)",
                "model-idle-after: '99999999999999999999s' is too long; expected a positive duration such as 10s or"
                        + " 1m, at most 3650d (ten years)",
                "watermark.idleness: 'P9999999999999999D' is too long; expected a positive duration such as 10s or"
                        + " 1m, at most 3650d (ten years)",
                "watermark.out-of-orderness: '3651d' is too long; expected a duration such as 5s or 0s, at most"
                        + " 3650d (ten years)",
                "checkpoint.interval: '106751991167d' is too long; expected a duration of at least 10ms such as 5s"
                        + " (Flink's minimum checkpoint interval), at most 3650d (ten years)");
        assertThat(ConfigLoader.load(null, with("model-idle-after", "3650d"), Map.of()).modelIdleAfter())
                .isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void aModelVersionIsRetiredAfterAtLeastOneWindowSizeWithoutPredictions() throws Exception {
        assertThat(ConfigLoader.load(null, with("window.size", "10m", "window.slide", "1m", "model-idle-after", "10m"),
                Map.of()).modelIdleAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ConfigLoader.load(null, with("window.size", "2h"), Map.of()).modelIdleAfter())
                .as("unset, an hour or one window if they are longer").isEqualTo(Duration.ofHours(2));

        assertProblems(() -> ConfigLoader.load(null, with("model-idle-after", "30s"), Map.of()),
                "model-idle-after: 30s is shorter than window.size 1m; a model version is retired after whole"
                        + " windows without predictions: set it to at least 1m, or leave it out for 1h");
        assertProblems(() -> ConfigLoader.load(null, with("window.size", "10m", "window.slide", "1m",
                        "model-idle-after", "5m"), Map.of()),
                "model-idle-after: 5m is shorter than window.size 10m; a model version is retired after whole"
                        + " windows without predictions: set it to at least 10m, or leave it out for 1h");
        assertProblems(() -> ConfigLoader.load(null, with("model-idle-after", "soon"), Map.of()),
                "model-idle-after: expected a positive duration such as 10s or 1m, got 'soon'");
    }

    @Test
    void aSlideDefaultsToTheWindowSize() throws Exception {
        PlumblineConfig c = ConfigLoader.load(null, with("window.size", "30s"), Map.of());

        assertThat(c.window().slide()).isEqualTo(Duration.ofSeconds(30));
    }

    /** The brokers and the given keys and values. */
    private static Map<String, String> with(String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>(BROKERS);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        ConfigException e = catchConfig(() -> ConfigLoader.load(null,
                Map.of("window.size", "ten", "windw.size", "1m"), Map.of()));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).startsWith("invalid configuration (3 problems):");
        assertThat(e.getMessage()).contains(
                "  - kafka.bootstrap-servers: required",
                "  - window.size: expected a positive duration such as 10s or 1m, got 'ten'",
                "  - unknown key 'windw' (did you mean 'window'?)");
    }

    @Test
    void aMisspeltSectionIsReportedOnceWithTheSectionItMeant() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                windw:
                  size: 1m
                  slide: 10s
                """);

        assertProblems(() -> ConfigLoader.load(file, Map.of(), Map.of()),
                "unknown key 'windw' (did you mean 'window'?)");
    }

    @Test
    void aMisspeltKeySuggestsTheKeyItMeant() {
        Map<String, String> typos = new LinkedHashMap<>(BROKERS);
        typos.put("window.sise", "1m");
        typos.put("kafka.bootstrap.servers", "localhost:9092");
        typos.put("rules.ks.p_value", "0.01");
        typos.put("Job.parallelism", "2");

        assertProblems(() -> ConfigLoader.load(null, typos, Map.of()),
                "unknown key 'window.sise' (did you mean 'window.size'?)",
                "unknown key 'kafka.bootstrap.servers' (did you mean 'kafka.bootstrap-servers'?)",
                "unknown key 'rules.ks.p_value' (did you mean 'rules.ks.p-value'?)",
                "unknown key 'Job' (did you mean 'job'?)");
    }

    @Test
    void anUnknownKeyFarFromAnyKnownOneListsWhatIsAllowedThere() {
        Map<String, String> unknown = new LinkedHashMap<>(BROKERS);
        unknown.put("prometheus.port", "9090");
        unknown.put("window.offset", "10s");

        assertProblems(() -> ConfigLoader.load(null, unknown, Map.of()),
                "unknown key 'prometheus'; expected at the top level: alerts, baseline, checkpoint, features, job,"
                        + " kafka, kserve, limits, llm, model-idle-after, rules, schema-registry, serve, topics, watermark,"
                        + " window",
                "unknown key 'window.offset'; expected in section 'window': min-events, size, slide");
    }

    @Test
    void sectionsAndValuesCannotStandForEachOther() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                  properties: SASL_SSL
                window: 1m
                job:
                  name:
                    prod: true
                topics:
                  alerts: [a, b]
                """);

        assertProblems(() -> ConfigLoader.load(file, Map.of(), Map.of()),
                "topics.alerts: expected a single value, got a list",
                "kafka.properties: expected a map of Kafka client properties, key: value lines such as"
                        + " security.protocol: SASL_SSL, got a single value (not shown: it may hold secrets)",
                "window: expected a section with keys min-events, size, slide, got '1m'",
                "job.name: expected a single value, got a section (job.name.prod)");
    }

    @Test
    void anEmptyKeyKeepsItsDefault() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                window:
                  size:
                job:
                """);

        PlumblineConfig c = ConfigLoader.load(file, Map.of(), Map.of());

        assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.job().name()).isEqualTo("plumbline-drift");
    }

    @Test
    void topicsMustBeDistinctSoTheJobNeverReadsItsOwnOutput() {
        Map<String, String> same = new LinkedHashMap<>(BROKERS);
        same.put("topics.alerts", "plumbline.predictions");
        same.put("topics.dead-letter", "plumbline.drift-stats");

        assertProblems(() -> ConfigLoader.load(null, same, Map.of()),
                "topics.alerts: 'plumbline.predictions' is already topics.predictions; give each topic its own name",
                "topics.dead-letter: 'plumbline.drift-stats' is already topics.drift-stats; give each topic its own"
                        + " name");
    }

    @Test
    void theBaselinesTopicIsAnInputOfItsOwnThatNoOutputMayShare() {
        Map<String, String> same = new LinkedHashMap<>(BROKERS);
        same.put("topics.baselines", "plumbline.predictions");
        same.put("topics.drift-stats", "refs");
        same.put("topics.alerts", "refs");

        Map<String, String> output = new LinkedHashMap<>(BROKERS);
        output.put("topics.baselines", "refs");
        output.put("topics.alerts", "refs");

        assertProblems(() -> ConfigLoader.load(null, same, Map.of()),
                "topics.baselines: 'plumbline.predictions' is already topics.predictions; give each topic its own"
                        + " name",
                "topics.alerts: 'refs' is already topics.drift-stats; give each topic its own name");
        assertProblems(() -> ConfigLoader.load(null, output, Map.of()),
                "topics.alerts: 'refs' is already topics.baselines; give each topic its own name");
    }

    @Test
    void kafkaPropertiesCannotSetWhatHasItsOwnKey() {
        Map<String, String> clash = new LinkedHashMap<>(BROKERS);
        clash.put("kafka.properties.bootstrap.servers", "other:9092");
        clash.put("kafka.properties.group.id", "other");

        assertProblems(() -> ConfigLoader.load(null, clash, Map.of()),
                "kafka.properties.bootstrap.servers: set kafka.bootstrap-servers instead",
                "kafka.properties.group.id: set kafka.group-id instead");
    }

    @Test
    void aRelativeCheckpointDirectoryBecomesAnAbsoluteFileUri() throws Exception {
        PlumblineConfig c = ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "localhost:9092",
                "checkpoint.directory", "data/../state/checkpoints"), Map.of());

        assertThat(c.checkpoint().directory().getScheme()).isEqualTo("file");
        assertThat(Path.of(c.checkpoint().directory())).isEqualTo(Path.of("state/checkpoints").toAbsolutePath());
    }

    @Test
    void fileProblemsSayWhereTheyAre() throws Exception {
        assertProblems(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()),
                dir.resolve("missing.yaml") + ": no such file; give the path of your plumbline.yaml");

        Path broken = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                 window: [
                """);
        ConfigException syntax = catchConfig(() -> ConfigLoader.load(broken, Map.of(), Map.of()));
        assertThat(syntax.problems()).singleElement().asString()
                .startsWith(broken + " line 3, column 2: not valid YAML: ");

        Path twice = yaml("""
                window:
                  size: 1m
                  size: 2m
                """);
        assertThat(catchConfig(() -> ConfigLoader.load(twice, Map.of(), Map.of())).problems())
                .singleElement().asString().contains("line 3").contains("Duplicate field 'size'");

        Path list = yaml("- kafka\n- window\n");
        assertProblems(() -> ConfigLoader.load(list, Map.of(), Map.of()),
                list + ": expected sections of key: value lines such as 'kafka:' at the top level, got array");
    }

    @Test
    void anEmptyFileIsAllDefaults() throws Exception {
        assertThat(ConfigLoader.load(yaml(""), BROKERS, Map.of()).windowSize()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void readsTheFlinkRunArguments() throws Exception {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: localhost:9092
                """);

        PlumblineConfig c = ConfigLoader.loadFromArgs(new String[] {
                "--config", file.toString(), "--window.size", "10s", "--job.parallelism=2"});

        assertThat(c.windowSize()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.job().parallelism()).isEqualTo(2);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void badArgumentsAreReportedTogether() {
        assertProblems(() -> ConfigLoader.loadFromArgs(new String[] {
                        "--config", "a.yaml", "stray", "--config", "b.yaml", "--window.size"}),
                "argument 'stray': expected --config FILE or --some.key VALUE",
                "argument --config: given twice; the file is one, overrides go as --some.key VALUE",
                "argument '--window.size': needs a value, e.g. --window.size VALUE");
    }

    @Test
    void aStrayArgumentAfterAKafkaPropertyIsNotShown() {
        // an unquoted JAAS line falls apart into arguments of its own
        assertSecretKept("hunter2", () -> ConfigLoader.loadFromArgs(new String[] {"--kafka.properties.sasl.jaas.config",
                        "PlainLoginModule", "required", "password=hunter2;", "--window.size", "10s", "stray"}),
                "arguments after the value of --kafka.properties.sasl.jaas.config (not shown: they may hold secrets):"
                        + " expected --config FILE or --some.key VALUE; quote a value with spaces, as --some.key 'a b'",
                "argument 'stray': expected --config FILE or --some.key VALUE");
    }

    /** Kafka's own error would name the word after the space, the rest of the password, as an option. */
    @Test
    void aLoginLineKafkaCannotReadIsRefusedWithoutShowingIt() {
        assertSecretKept("hunter", () -> ConfigLoader.load(null, with("kafka.properties.sasl.jaas.config",
                "PlainLoginModule required username=\"svc\" password=hunter2 hunter3;"), Map.of()), JAAS_LINE_REFUSED);
    }

    @Test
    void printingAConfigNeverShowsKafkaSecrets() throws Exception {
        PlumblineConfig c = ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "localhost:9092",
                "kafka.properties.sasl.jaas.config", "PlainLoginModule required username=\"svc\" password=\"hunter2\";"),
                Map.of());

        assertThat(c.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");
    }

    private Path yaml(String text) throws IOException {
        Path file = Files.createTempFile(dir, "plumbline", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static void assertProblems(ThrowingCallable load, String... expected) {
        assertThat(catchConfig(load).problems()).containsExactlyInAnyOrder(expected);
    }

    private static ConfigException catchConfig(ThrowingCallable load) {
        Throwable t = catchThrowable(load);
        assertThat(t).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
    }
}
