package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.schemas.Alert;
import io.plumbline.schemas.LlmStats;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline serve} in its own JVM, killed mid-delivery and started again. */
@Timeout(300)
class ServeCommandITCase {

    private static final long END = 1_767_225_600_000L;
    private static final long WINDOW = 60_000;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String COST = "plumbline_llm_cost_usd_total{model=\"gpt-4o\",operation=\"chat\","
            + "prompt=\"support\",prompt_version=\"7\",provider=\"openai\",service=\"checkout\"}";
    private static final Pattern METRICS_URL = Pattern.compile("Metrics for Prometheus: (http://\\S+/metrics)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path work;

    @Test
    void aKilledServeComesBackWithItsGaugesAndCountersAndSendsNoWebhookTwiceUnderANewId() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null); Hooks hooks = new Hooks()) {
            broker.createTopics(List.of("drift-stats", "llm-stats", "alerts", "dead-letter"));
            List<String> args = List.of("serve", "--bootstrap-servers", broker.bootstrapServers(),
                    "--set", "topics.drift-stats=drift-stats", "--set", "topics.llm-stats=llm-stats",
                    "--set", "topics.alerts=alerts", "--set", "topics.dead-letter=dead-letter",
                    "--set", "serve.metrics.port=0", "--set", "serve.webhooks[0].name=on-call",
                    "--set", "serve.webhooks[0].url=" + hooks.url(), "--set", "serve.webhooks[0].secret=" + SECRET);

            RunProcess first = RunProcess.start(args, work.resolve("first"));
            first.awaitOutput("Ctrl-C stops it", Duration.ofSeconds(60));
            String metrics = metricsUrl(first);
            publish(broker, cost(END, 1.25), cost(END + WINDOW, 0.5));
            await(() -> sample(metrics, COST) == 1.75, "the cost counter of two windows", first);

            publish(broker, alert("psi", "aaaaaaaaaaaaaaa1"));
            await(() -> hooks.received().size() == 1, "alert A delivered", first);
            hooks.answer(503);
            publish(broker, alert("ks", "aaaaaaaaaaaaaaa2"));
            await(() -> hooks.received().size() >= 3, "alert B retried", first);
            first.kill();

            // while serve is down the jobs restore a checkpoint and write both windows again
            hooks.answer(200);
            publish(broker, cost(END, 1.25), cost(END + WINDOW, 0.5));
            try (RunProcess second = RunProcess.start(args, work.resolve("second"))) {
                second.awaitOutput("Ctrl-C stops it", Duration.ofSeconds(60));
                String restarted = metricsUrl(second);
                await(() -> hooks.statuses().contains(200 + ":" + hooks.received().get(1).id()),
                        "alert B delivered after the restart", second);
                await(() -> sample(restarted, "plumbline_alert_firing{alertname=\"ks\"") == 1
                        && sample(restarted, "plumbline_alert_firing{alertname=\"psi\"") == 1,
                        "both alerts firing again", second);
                assertThat(sample(restarted, COST)).as("a replay adds nothing twice").isEqualTo(1.75);
            }

            List<Hooks.Received> received = hooks.received();
            String a = received.get(0).id();
            String b = received.get(1).id();
            assertThat(a).isNotEqualTo(b);
            assertThat(received).extracting(Hooks.Received::id).as("A once; B retried, then delivered, one id")
                    .containsOnly(a, b).filteredOn(a::equals).hasSize(1);
            assertThat(hooks.statuses()).filteredOn(s -> s.startsWith("200:")).containsExactly("200:" + a, "200:" + b);
        }
    }

    private static String metricsUrl(RunProcess serve) throws IOException {
        Matcher m = METRICS_URL.matcher(serve.output());
        assertThat(m.find()).as(serve.transcript()).isTrue();
        return m.group(1);
    }

    /** The sum of the samples whose series starts with {@code prefix}; 0 if none. */
    private static double sample(String metricsUrl, String prefix) {
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(line -> line.startsWith(prefix))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void await(BooleanSupplier condition, String what, RunProcess serve) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for %s:%n%s", what, serve.transcript());
            }
            Thread.sleep(200);
        }
    }

    private static ProducerRecord<byte[], byte[]> cost(long windowEnd, double usd) {
        return record("llm-stats", LlmStats.newBuilder().setService("checkout").setOperation("chat")
                .setPrompt("support").setProvider("openai").setModel("gpt-4o").setPromptVersion("7")
                .setWindowStart(windowEnd - WINDOW).setWindowEnd(windowEnd).setRequests(10).setCostUsd(usd).build());
    }

    private static ProducerRecord<byte[], byte[]> alert(String rule, String fingerprint) {
        return record("alerts", Alert.newBuilder().setFingerprint(fingerprint).setStatus("firing").setRule(rule)
                .setSeverity("warning").setLabels(Map.of("alertname", rule, "model_id", "fraud", "model_version", "v1",
                        "severity", "warning"))
                .setStartsAt("2026-01-01T00:00:00Z").setWindowStart(END - WINDOW).setWindowEnd(END)
                .setValue(0.3).setThreshold(0.2).build());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, IndexedRecord value) {
        return new ProducerRecord<>(topic, 0, System.currentTimeMillis(), null, JsonRecordWriter.toJson(value));
    }

    /** In one committed transaction, as the jobs' sinks write. */
    @SafeVarargs
    private static void publish(EmbeddedBroker broker, ProducerRecord<byte[], byte[]>... records) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "serve-itcase-" + System.nanoTime());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            producer.commitTransaction();
        }
    }
}
