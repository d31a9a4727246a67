package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.testing.kafka.CanaryScan;
import io.plumbline.testing.kafka.KafkaTestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that talks to Kafka, against a broker that takes SASL/PLAIN logins only, with the client
 * settings given as {@code kafka.properties}, in the config file and on the command line: validate, baseline
 * build, produce, run (both jobs), serve (its metrics, a signed webhook) and alerts. With a wrong password
 * each fails at once, saying that authentication failed.
 *
 * <p>Every secret of the config holds a canary: the SASL password, other passwords among the Kafka client
 * properties, a property Kafka does not know, the webhook's secret; and a broken config's login line and the
 * user and password of its URLs. It must show nowhere: in no command's output or log (logged far more than a user's, {@code log4j2-verbose.xml}), Kafka record, webhook, metric
 * (serve's and Flink's reporter), answer of Flink's REST API (the jobs' configuration and global job
 * parameters among them) or checkpoint file.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SaslSecretsITCase {

    private static final long WINDOW = 2_000;
    private static final String USER = "plumbline";
    private static final List<String> TOPICS = List.of("predictions", "drift-stats", "alerts", "dead-letter",
            "llm-calls", "llm-stats");
    private static final Pattern METRICS_URL = Pattern.compile("Metrics for Prometheus: (http://\\S+/metrics)");
    private static final Pattern FLINK_URL = Pattern.compile("Flink's web UI: (http://[^\\s,]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path work;

    private final CanaryScan scan = CanaryScan.of("secretcanary");
    /** Every command started, by name: each one's output is scanned. */
    private final Map<String, RunProcess> started = new LinkedHashMap<>();
    private final long eventStart = Math.floorDiv(System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(),
            WINDOW) * WINDOW;

    @AfterEach
    void killWhatIsLeft() throws Exception {
        for (RunProcess process : started.values()) {
            if (process.isAlive()) {
                process.kill();
            }
        }
    }

    @Test
    void everyCommandWorksOverSaslAndNoneShowsASecret() throws Exception {
        String password = scan.canary() + "sasl";
        try (KafkaTestCluster kafka = KafkaTestCluster.startWithSaslPlain(USER, password); Hooks hooks = new Hooks()) {
            kafka.createTopics(1, TOPICS.toArray(String[]::new));
            List<String> settings = settings(writeConfig("plumbline.yaml", kafka, password, hooks.url()));

            RunProcess validate = plumbline("validate", List.of("validate", work.resolve("plumbline.yaml").toString()));
            assertThat(validate.awaitExit(Duration.ofSeconds(60))).as(validate.transcript()).isZero();
            assertThat(validate.output()).contains("OK: job 'sasl-itcase' reads predictions (auto) from "
                    + kafka.bootstrapServers());

            RunProcess baseline = plumbline("baseline", with(settings, "baseline", "build", "--input",
                    trainingFile().toString(), "--model", "reference-model", "--version", "v1"));
            assertThat(baseline.awaitExit(Duration.ofSeconds(60))).as(baseline.transcript()).isZero();
            assertThat(baseline.output()).contains("Published to baselines (partition 0, offset 0)");
            assertThat(kafka.consumeAllCommitted("baselines", Duration.ofSeconds(30))).hasSize(1);

            // serve first: a new serve delivers the alerts written after it started
            RunProcess serve = plumbline("serve", with(settings, "serve"));
            serve.awaitOutput("Ctrl-C stops it", Duration.ofSeconds(90));
            RunProcess run = plumbline("run", with(settings, "run"));
            run.awaitOutput("Ctrl-C stops the jobs", Duration.ofSeconds(120));

            RunProcess produce = plumbline("produce", with(settings, "produce", "--topic", "predictions", "--file",
                    predictionsFile().toString()));
            assertThat(produce.awaitExit(Duration.ofSeconds(60))).as(produce.transcript()).isZero();
            assertThat(produce.output()).contains("Published 203 records");
            kafka.produce(llmCalls());

            kafka.consumeCommittedUntil("alerts", read -> read.stream().map(SaslSecretsITCase::json).anyMatch(
                    a -> a.path("status").asText().equals("firing")
                            && a.path("labels").path("model_id").asText().equals("credit-risk")),
                    Duration.ofSeconds(120));
            kafka.consumeCommittedUntil("llm-stats", read -> !read.isEmpty(), Duration.ofSeconds(60));
            kafka.consumeCommittedUntil("dead-letter", read -> !read.isEmpty(), Duration.ofSeconds(60));
            await(() -> !hooks.received().isEmpty(), "a webhook from serve", serve);
            String metrics = get(url(METRICS_URL, serve));
            assertThat(metrics).contains("plumbline_alert_firing{");
            scan.text("serve's /metrics", metrics);
            scanFlinkRestApi(url(FLINK_URL, run));
            scanFlinkReporters();

            RunProcess alerts = plumbline("alerts", with(settings, "alerts"));
            alerts.awaitOutput("credit-risk", Duration.ofSeconds(60));
            alerts.stop();
            assertThat(alerts.output()).contains("Drift alerts: ").doesNotContain("Drift alerts: 0 fired");

            run.close();
            serve.stop();
            assertThat(serve.output()).contains("Stopped");
            assertThat(run.errors()).as("the verbose log configuration took: Kafka's clients logged their settings")
                    .contains("sasl.jaas.config = [hidden]");

            aWrongPasswordFailsEachCommandAtOnce(kafka, hooks);
            aBrokenConfigIsRefusedUnseen(kafka);

            List<String> topics = Stream.concat(TOPICS.stream(), Stream.of("baselines")).toList();
            List<List<ConsumerRecord<byte[], byte[]>>> records = readAllCommitted(kafka, topics);
            for (int i = 0; i < topics.size(); i++) {
                scan.records(topics.get(i), records.get(i));
            }
            for (Hooks.Received webhook : hooks.received()) {
                scan.text("webhook headers", webhook.headers().toString());
                scan.bytes("webhook body", webhook.body());
            }
        }
        for (Map.Entry<String, RunProcess> process : started.entrySet()) {
            scan.text(process.getKey() + " stdout", process.getValue().output());
            scan.text(process.getKey() + " stderr", process.getValue().errors());
        }
        scan.files(work.resolve("checkpoints"));
        assertThat(scan.scanned()).as("checkpoint files").anyMatch(where -> where.endsWith("_metadata"));
        scan.assertNotSeen();
    }

    /**
     * Everything committed to each of {@code topics}, in their order. Read side by side: each read is a new
     * consumer's login and fetches, mostly waiting on the broker, which one after the other added up to seconds.
     */
    private static List<List<ConsumerRecord<byte[], byte[]>>> readAllCommitted(KafkaTestCluster kafka,
                                                                               List<String> topics) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(topics.size());
        try {
            List<Callable<List<ConsumerRecord<byte[], byte[]>>>> reads = topics.stream()
                    .<Callable<List<ConsumerRecord<byte[], byte[]>>>>map(
                            topic -> () -> kafka.consumeAllCommitted(topic, Duration.ofSeconds(30)))
                    .toList();
            List<List<ConsumerRecord<byte[], byte[]>>> records = new ArrayList<>();
            for (Future<List<ConsumerRecord<byte[], byte[]>>> read : readers.invokeAll(reads)) {
                records.add(read.get());
            }
            return records;
        } finally {
            readers.shutdownNow();
        }
    }

    /** Each command of a config whose password is wrong: exit 1 within seconds, naming authentication. */
    private void aWrongPasswordFailsEachCommandAtOnce(KafkaTestCluster kafka, Hooks hooks) throws Exception {
        List<String> wrong = settings(writeConfig("wrong.yaml", kafka, scan.canary() + "wrong", hooks.url()));
        List<List<String>> commands = List.of(
                with(wrong, "run"),
                with(wrong, "serve"),
                with(wrong, "alerts"),
                with(wrong, "produce", "--topic", "predictions", "--file", predictionsFile().toString()),
                with(wrong, "baseline", "build", "--input", trainingFile().toString(), "--model", "reference-model",
                        "--version", "v2"));
        // All five at once: each is a JVM start and a refused login, mostly waiting on the broker, so side by side
        // they take about as long as the slowest of them instead of the sum. Each one's time is still its own.
        Map<String, RunProcess> running = new LinkedHashMap<>();
        for (List<String> command : commands) {
            running.put(command.get(0), plumbline("wrong-password-" + command.get(0), command));
        }
        for (Map.Entry<String, RunProcess> command : running.entrySet()) {
            RunProcess process = command.getValue();
            int exit = process.awaitExit(Duration.ofSeconds(60));
            Duration took = process.ranFor();

            assertThat(exit).as(process.transcript()).isEqualTo(1);
            assertThat(process.failure()).as(command.getKey()).containsIgnoringCase("authentication failed");
            // the JVM's start included; Kafka's own timeouts are 30 s and more
            assertThat(took).as("%s with a wrong password", command.getKey()).isLessThan(Duration.ofSeconds(25));
        }
    }

    /**
     * Problems with the values that hold secrets: a login line Kafka cannot read (an unquoted password with a
     * space), URLs with a user and password. validate and run list them, showing none of them.
     */
    private void aBrokenConfigIsRefusedUnseen(KafkaTestCluster kafka) throws Exception {
        Path broken = Files.writeString(work.resolve("broken.yaml"), """
                kafka:
                  bootstrap-servers: %s
                  properties:
                    security.protocol: SASL_PLAINTEXT
                    sasl.mechanism: PLAIN
                    sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username="%s" password=%sone %stwo;
                serve:
                  alertmanager: { urls: "http://admin:%s@am-1:9093" }
                  webhooks:
                    - { name: on-call, url: "https://on-call:%s@hooks.example.com/p", secret: '%swebhook' }
                """.formatted(kafka.bootstrapServers(), USER, scan.canary(), scan.canary(), scan.canary(),
                scan.canary(), scan.canary()));
        // Both at once, as above: neither needs the other.
        Map<String, RunProcess> running = new LinkedHashMap<>();
        for (List<String> command : List.of(List.of("validate", broken.toString()),
                List.of("run", "--config", broken.toString()))) {
            running.put(command.get(0), plumbline("broken-config-" + command.get(0), command));
        }
        for (Map.Entry<String, RunProcess> command : running.entrySet()) {
            RunProcess process = command.getValue();
            assertThat(process.awaitExit(Duration.ofSeconds(60))).as(process.transcript()).isEqualTo(1);
            assertThat(process.errors()).as(command.getKey()).contains("3 problems")
                    .contains("kafka.properties.sasl.jaas.config: expected one login line")
                    .contains("serve.alertmanager.urls: expected").contains("serve.webhooks[0].url: expected");
        }
    }

    /** The config file, every secret a canary, and the command line's settings that add two more secrets. */
    private Path writeConfig(String name, KafkaTestCluster kafka, String password, String webhook) throws IOException {
        return Files.writeString(work.resolve(name), """
                kafka:
                  bootstrap-servers: %s
                  properties:
                    security.protocol: SASL_PLAINTEXT
                    sasl.mechanism: PLAIN
                    sasl.jaas.config: '%s'
                    ssl.truststore.password: %struststore
                    basic.auth.user.info: plumbline:%sregistry
                topics:
                  predictions: predictions
                  drift-stats: drift-stats
                  alerts: alerts
                  dead-letter: dead-letter
                  llm-calls: llm-calls
                  llm-stats: llm-stats
                  baselines: baselines
                window: { size: %dms, min-events: 50 }
                watermark: { out-of-orderness: 0s }
                llm: { window: { size: %dms }, job-name: sasl-itcase-llm }
                checkpoint: { interval: 1s, directory: '%s' }
                job: { name: sasl-itcase }
                serve:
                  enabled: false
                  metrics: { port: 0 }
                  webhooks:
                    - { name: on-call, url: '%s', secret: '%swebhook' }
                """.formatted(kafka.bootstrapServers(), KafkaTestCluster.plainJaasConfig(USER, password),
                scan.canary(), scan.canary(), WINDOW, WINDOW, work.resolve("checkpoints").toUri(), webhook,
                scan.canary()));
    }

    private List<String> settings(Path config) {
        return List.of("--config", config.toString(),
                "--set", "kafka.properties.ssl.keystore.password=" + scan.canary() + "keystore",
                "--set", "kafka.properties.ssl.key.password=" + scan.canary() + "key");
    }

    private static List<String> with(List<String> settings, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(settings);
        return args;
    }

    private RunProcess plumbline(String name, List<String> args) throws Exception {
        Path logConfig = Path.of(SaslSecretsITCase.class.getResource("/log4j2-verbose.xml").toURI());
        RunProcess process = RunProcess.start(List.of("-Dlog4j2.configurationFile=" + logConfig), args,
                work.resolve(name));
        started.put(name, process);
        return process;
    }

    /** Every answer of Flink's REST API that shows a configuration, a job or its failures. */
    private void scanFlinkRestApi(String base) throws Exception {
        List<String> paths = new ArrayList<>(List.of("/config", "/jobmanager/config", "/jobmanager/environment",
                "/taskmanagers"));
        JsonNode jobs = JSON.readTree(get(base + "/jobs/overview")).path("jobs");
        assertThat(jobs).as("both jobs on the local Flink").hasSize(2);
        for (JsonNode job : jobs) {
            String at = "/jobs/" + job.path("jid").asText();
            paths.addAll(List.of(at, at + "/config", at + "/jobmanager/config", at + "/jobmanager/environment",
                    at + "/plan", at + "/exceptions", at + "/checkpoints", at + "/checkpoints/config"));
            assertThat(get(base + at + "/config")).contains("\"execution-config\"");
        }
        for (JsonNode taskManager : JSON.readTree(get(base + "/taskmanagers")).path("taskmanagers")) {
            paths.add("/taskmanagers/" + taskManager.path("id").asText());
        }
        for (String path : paths) {
            scan.text("Flink REST " + path, get(base + path));
        }
    }

    /** Flink's Prometheus reporter, on whichever port of its range run's Flink took. */
    private void scanFlinkReporters() {
        int answered = 0;
        for (int port = 9249; port <= 9259; port++) {
            try {
                String metrics = get("http://127.0.0.1:" + port + "/metrics");
                scan.text("Flink reporter :" + port, metrics);
                answered++;
            } catch (IOException nothingThere) {
                // a port of the range no Flink took
            }
        }
        assertThat(answered).as("Flink reporters answering").isPositive();
    }

    private static String get(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String url(Pattern pattern, RunProcess process) throws IOException {
        Matcher m = pattern.matcher(process.output());
        assertThat(m.find()).as(process.transcript()).isTrue();
        return m.group(1);
    }

    private static void await(BooleanSupplier condition, String what, RunProcess process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for %s:%n%s", what, process.transcript());
            }
            Thread.sleep(200);
        }
    }

    /** income ~ N(50 000, 10 000), 1 000 rows. */
    private Path trainingFile() throws IOException {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("income\n");
        for (int i = 0; i < 1_000; i++) {
            csv.append(Math.rint(50_000 + 10_000 * random.nextGaussian())).append('\n');
        }
        return Files.writeString(work.resolve("train.csv"), csv);
    }

    /**
     * 100 predictions in the first window, 100 with an income twice as high in the second, one in each of the
     * next two windows to close them, and one line that is no event.
     */
    private Path predictionsFile() throws IOException {
        Random random = new Random(5);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            double mean = i < 100 ? 50_000 : 100_000;
            lines.append(prediction(i, eventStart + (i / 100) * WINDOW + (i % 100) * 10,
                    mean + 10_000 * random.nextGaussian()));
        }
        lines.append(prediction(200, eventStart + 2 * WINDOW, 50_000)).append(prediction(201, eventStart + 3 * WINDOW,
                50_000)).append("not an event\n");
        return Files.writeString(work.resolve("predictions.jsonl"), lines);
    }

    private static String prediction(int i, long time, double income) {
        return "{\"event_id\":\"p-" + i + "\",\"timestamp\":" + time + ",\"model_id\":\"credit-risk\","
                + "\"model_version\":\"v1\",\"features\":{\"income\":" + income + "},\"prediction\":0.5}\n";
    }

    /** 20 calls in each of the first two windows, one in the third. */
    private List<ProducerRecord<byte[], byte[]>> llmCalls() {
        List<ProducerRecord<byte[], byte[]>> calls = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            long end = (eventStart + (i / 20) * WINDOW + (i % 20) * 50) * 1_000_000L;
            String call = "{\"event_id\":\"c-" + i + "\",\"start_time_unix_nano\":" + (end - 300_000_000L)
                    + ",\"end_time_unix_nano\":" + end + ",\"service.name\":\"support-bot\","
                    + "\"gen_ai.operation.name\":\"chat\",\"gen_ai.provider.name\":\"openai\","
                    + "\"gen_ai.request.model\":\"gpt-4o\",\"cost.usd\":0.001}";
            calls.add(new ProducerRecord<>("llm-calls", "support-bot".getBytes(StandardCharsets.UTF_8),
                    call.getBytes(StandardCharsets.UTF_8)));
        }
        return calls;
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
