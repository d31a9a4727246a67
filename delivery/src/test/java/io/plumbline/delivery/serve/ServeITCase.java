package io.plumbline.delivery.serve;

import static io.plumbline.delivery.testing.Records.WINDOW_MS;
import static io.plumbline.delivery.testing.Records.alert;
import static io.plumbline.delivery.testing.Records.drift;
import static io.plumbline.delivery.testing.Records.llm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.plumbline.delivery.metrics.StatsMetrics;
import io.plumbline.delivery.testing.Receiver;
import io.plumbline.delivery.testing.Receiver.Answer;
import io.plumbline.delivery.webhook.WebhookEndpoint;
import io.plumbline.delivery.webhook.WebhookRoute;
import io.plumbline.delivery.webhook.WebhookSecret;
import io.plumbline.delivery.webhook.WebhookVerifier;
import io.plumbline.schemas.Alert;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.plumbline.testing.kafka.KafkaTestCluster;
import io.plumbline.delivery.testing.Scrape;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServeITCase {

    private static final StatsTopics TOPICS = StatsTopics.DEFAULTS;
    private static final Duration LOOKBACK = Duration.ofHours(1);
    private static final long END = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a window end: event time
    private static final String M1 = "model_id=\"fraud\",model_version=\"v1\"";
    private static final String CHECKOUT_COST = "plumbline_llm_cost_usd_total{model=\"gpt-4o\",operation=\"chat\","
            + "prompt=\"support\",prompt_version=\"7\",provider=\"openai\",service=\"checkout\"}";
    private static final String AMOUNT_PSI = "plumbline_feature_psi{feature=\"amount\"," + M1 + "}";
    private static final String COUNTRY_PSI = "plumbline_feature_psi{feature=\"country\"," + M1 + "}";
    private static final String ANCIENT_PSI = "plumbline_feature_psi{feature=\"ancient\"," + M1 + "}";
    private static final String FIRING =
            "plumbline_alert_firing{alertname=\"psi\",feature=\"amount\"," + M1 + ",severity=\"warning\"}";

    static final String DEAD_LETTER = "plumbline.dead-letter";

    static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
        kafka.createTopics(2, TOPICS.driftStats(), TOPICS.llmStats(), TOPICS.alerts(), DEAD_LETTER);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void rebuildsGaugesAfterARestartWithoutCountingTwiceAndSkipsWhatItCannotRead() throws Exception {
        long now = System.currentTimeMillis();
        // one partition per topic keeps the order the assertions rely on
        kafka.produceInTransaction(List.of(
                record(TOPICS.driftStats(), now - LOOKBACK.toMillis() - 60_000,
                        drift("fraud", "v1", "ancient", "feature", END).setPsi(0.9).setNCurrent(10).build()),
                record(TOPICS.driftStats(), now, drift("fraud", "v1", "amount", "feature", END).setPsi(0.31)
                        .setNCurrent(500).build()),
                record(TOPICS.driftStats(), now, "{not json".getBytes(StandardCharsets.UTF_8)),
                record(TOPICS.driftStats(), now, "{\"model_id\":\"fraud\"}".getBytes(StandardCharsets.UTF_8)),
                record(TOPICS.driftStats(), now, drift("fraud", "v1", "country", "feature", END).setPsi(0.02)
                        .setNCurrent(500).build()),
                record(TOPICS.llmStats(), now, llm("checkout", "gpt-4o", END).setRequests(100).setCostUsd(1.25).build()),
                record(TOPICS.llmStats(), now, llm("checkout", "gpt-4o", END + WINDOW_MS).setRequests(10)
                        .setCostUsd(0.5).build()),
                record(TOPICS.alerts(), now, alert("firing", "psi", Map.of("alertname", "psi", "model_id", "fraud",
                        "model_version", "v1", "feature", "amount", "severity", "warning"), END))));

        Map<String, Double> first = scrapeWhileConsuming(
                samples -> samples.containsKey(COUNTRY_PSI) && samples.containsKey(FIRING)
                        && samples.getOrDefault(CHECKOUT_COST, 0.0) == 1.75);
        assertThat(first).contains(entry(AMOUNT_PSI, 0.31), entry(COUNTRY_PSI, 0.02), entry(FIRING, 1.0),
                entry(CHECKOUT_COST, 1.75));
        assertThat(first).as("a record older than the lookback is not replayed").doesNotContainKey(ANCIENT_PSI);

        // a restart: a new process in the same group, with offsets committed past everything above; the jobs
        // replay both LLM windows (a restore), and a last record marks the end of what was produced
        kafka.produceInTransaction(List.of(
                record(TOPICS.llmStats(), now, llm("checkout", "gpt-4o", END).setRequests(100).setCostUsd(1.25).build()),
                record(TOPICS.llmStats(), now, llm("checkout", "gpt-4o", END + WINDOW_MS).setRequests(10)
                        .setCostUsd(0.5).build()),
                record(TOPICS.llmStats(), now, llm("marker", "gpt-4o", END).setRequests(1).setCostUsd(0.01).build())));
        Map<String, Double> restarted = scrapeWhileConsuming(
                samples -> samples.containsKey(CHECKOUT_COST.replace("checkout", "marker"))
                        && samples.containsKey(COUNTRY_PSI) && samples.containsKey(FIRING));

        assertThat(restarted).contains(entry(AMOUNT_PSI, 0.31), entry(COUNTRY_PSI, 0.02), entry(FIRING, 1.0),
                entry(CHECKOUT_COST, first.get(CHECKOUT_COST)));
        assertThat(restarted).doesNotContainKey(ANCIENT_PSI);
    }

    @Test
    void deliversEachAlertChangeOnceSignedDeadLettersWhatIsRefusedAndResumesWithoutSendingTwice() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        Map<String, String> critical = Map.of("alertname", "psi", "model_id", "hooks", "model_version", "v1",
                "feature", "amount", "severity", "critical");
        Map<String, String> warning = Map.of("alertname", "ks", "model_id", "hooks", "model_version", "v1",
                "feature", "country", "severity", "warning");
        kafka.produceInTransaction(List.of(
                alertRecord(alert("firing", "psi", critical, END), "c0ffee0000000001"),
                alertRecord(alert("firing", "ks", warning, END), "c0ffee0000000002")));
        try (Receiver onCall = new Receiver(0, Answer.of(503), Answer.of(200));
                Receiver audit = new Receiver(0, Answer.of(400, "unknown receiver"))) {
            List<WebhookRoute> routes = List.of(
                    WebhookRoute.of(WebhookEndpoint.of("on-call", onCall.url().toString(), List.of(secret)),
                            Map.of("severity", "critical")),
                    WebhookRoute.of(WebhookEndpoint.of("audit", audit.url().toString(), List.of(secret)), Map.of()));
            // a new group delivers only what arrives after it starts: the two alerts above are history
            try (Serve serve = Serve.start(options("hooks", routes))) {
                awaitScrape(serve, samples -> samples.keySet().stream().anyMatch(k -> k.contains("hooks")));
                kafka.produceInTransaction(List.of(
                        alertRecord(alert("firing", "psi", critical, END + WINDOW_MS), "c0ffee0000000003"),
                        alertRecord(alert("firing", "ks", warning, END + WINDOW_MS), "c0ffee0000000004")));
                awaitScrape(serve, samples -> samples.getOrDefault(
                        "plumbline_webhook_messages_total{outcome=\"dead_lettered\",webhook=\"audit\"}", 0.0) == 2
                        && samples.getOrDefault(
                        "plumbline_webhook_messages_total{outcome=\"delivered\",webhook=\"on-call\"}", 0.0) == 1);
            }
            WebhookVerifier verifier = new WebhookVerifier(List.of(WebhookSecret.parse(secret)));
            assertThat(onCall.requests()).as("503 then 200: one message, retried under its id").hasSize(2);
            assertThat(onCall.requests().get(0).id()).isEqualTo(onCall.requests().get(1).id());
            for (Receiver.Request request : onCall.requests()) {
                assertThat(verifier.verify(request.id(), request.timestamp(), request.signature(), request.body())
                        .valid()).isTrue();
            }
            assertThat(new String(onCall.requests().get(0).body(), StandardCharsets.UTF_8))
                    .contains("\"fingerprint\":\"c0ffee0000000003\"").doesNotContain("c0ffee0000000004");
            assertThat(audit.requests()).as("a 400 is not retried").hasSize(2);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.consumeCommittedUntil(DEAD_LETTER,
                    read -> read.size() >= 2, Duration.ofSeconds(30));
            assertThat(deadLetters).allSatisfy(record -> {
                assertThat(header(record, "plumbline.reason")).isEqualTo("webhook_undeliverable");
                assertThat(header(record, "plumbline.detail")).contains("webhook audit gave up after 1 attempt")
                        .contains("HTTP 400 unknown receiver");
                assertThat(header(record, "plumbline.source.topic")).isEqualTo(TOPICS.alerts());
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(header(record, "webhook-id"));
            });

            // a restart in the same group: what was delivered is not sent again, the firing gauge comes back
            kafka.produceInTransaction(List.of(
                    alertRecord(alert("resolved", "psi", critical, END + 2 * WINDOW_MS), "c0ffee0000000003")));
            try (Serve serve = Serve.start(options("hooks", routes))) {
                awaitScrape(serve, samples -> samples.getOrDefault(
                        "plumbline_webhook_messages_total{outcome=\"delivered\",webhook=\"on-call\"}", 0.0) == 1);
                Map<String, Double> samples = Scrape.of(serve.metricsPort()).samples;
                assertThat(samples.keySet()).filteredOn(k -> k.startsWith("plumbline_alert_firing{") && k.contains("hooks"))
                        .singleElement().asString().contains("alertname=\"ks\"");
            }
            assertThat(onCall.requests()).hasSize(3);
            assertThat(onCall.requests().get(2).id()).isNotEqualTo(onCall.requests().get(0).id());
            assertThat(new String(onCall.requests().get(2).body(), StandardCharsets.UTF_8))
                    .contains("\"status\":\"resolved\"");
            assertThat(audit.requests()).hasSize(3);
        }
    }

    @Test
    void aCleanStopFinishesTheDeliveryInFlightSoTheNextStartDoesNotSendItAgain() throws Exception {
        Map<String, String> labels = Map.of("alertname", "psi", "model_id", "stop", "model_version", "v1",
                "severity", "critical");
        try (Receiver slow = new Receiver(0, new Answer(200, Map.of(), "", Duration.ofSeconds(2)))) {
            List<WebhookRoute> routes = List.of(WebhookRoute.of(WebhookEndpoint.of("slow", slow.url().toString(),
                    List.of("a-plain-secret-long-enough")), Map.of("model_id", "stop")));
            try (Serve serve = Serve.start(options("stop", routes))) {
                kafka.produceInTransaction(List.of(record(TOPICS.llmStats(), System.currentTimeMillis(),
                        llm("stop-probe", "gpt-4o", END).setRequests(1).build())));
                awaitScrape(serve, samples -> samples.keySet().stream().anyMatch(k -> k.contains("stop-probe")));
                kafka.produceInTransaction(List.of(alertRecord(alert("firing", "psi", labels, END), "5709000000000001")));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (slow.requests().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(slow.requests()).as("the delivery is in flight").hasSize(1);
            }
            try (Serve serve = Serve.start(options("stop", routes))) {
                kafka.produceInTransaction(List.of(record(TOPICS.llmStats(), System.currentTimeMillis(),
                        llm("stop-probe-2", "gpt-4o", END).setRequests(1).build())));
                awaitScrape(serve, samples -> samples.keySet().stream().anyMatch(k -> k.contains("stop-probe-2")));
                Thread.sleep(3000);
            }
            assertThat(slow.requests()).as("delivered once, committed before the stop").hasSize(1);
        }
    }

    @Test
    void aNewGroupDeliversWhatWasWrittenSinceItStartedEvenBeforeItsPartitionsWereAssigned() throws Exception {
        StatsTopics later = new StatsTopics("later.drift-stats", "later.llm-stats", "later.alerts");
        Map<String, String> labels = Map.of("alertname", "psi", "model_id", "early", "model_version", "v1",
                "severity", "warning");
        try (Receiver receiver = new Receiver(0, Answer.of(200))) {
            List<WebhookRoute> routes = List.of(WebhookRoute.of(WebhookEndpoint.of("on-call",
                    receiver.url().toString(), List.of("a-plain-secret-long-enough")), Map.of()));
            // history: written before serve starts, never delivered by a new group
            kafka.produceInTransaction(List.of(alertRecord(alert("firing", "ks", labels, END), "ea7100000000000f")));
            try (Serve serve = Serve.start(options("early", routes))) {
                // written at once, most likely before the group has its partitions
                kafka.produceInTransaction(List.of(alertRecord(alert("firing", "psi", labels, END), "ea71000000000001")));
                awaitRequests(receiver, 1);
            }
            // a topic the jobs create after serve started, which serve must notice (and not create itself)
            try (Serve serve = Serve.start(options("later", later, routes))) {
                Thread.sleep(1000);
                kafka.createTopics(1, later.driftStats(), later.llmStats(), later.alerts());
                kafka.produceInTransaction(List.of(new ProducerRecord<>(later.alerts(), 0, System.currentTimeMillis(),
                        null, JsonRecordWriter.toJson(alert("firing", "psi", labels, END)))));
                awaitRequests(receiver, 2);
            }
            assertThat(receiver.requests()).hasSize(2).allSatisfy(request ->
                    assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"alertname\":\"psi\""));
        }
    }

    private static void awaitRequests(Receiver receiver, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (receiver.requests().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(receiver.requests()).hasSize(count);
    }

    private static ProducerRecord<byte[], byte[]> alertRecord(Alert alert, String fingerprint) {
        alert.setFingerprint(fingerprint);
        if (alert.getStatus().equals("resolved")) {
            alert.setEndsAt("2026-01-01T00:03:00Z");
        }
        return record(TOPICS.alerts(), System.currentTimeMillis(), alert);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    /** Runs a fresh serve in the group until a scrape of /metrics shows what is awaited. */
    private static Map<String, Double> scrapeWhileConsuming(Predicate<Map<String, Double>> awaited) throws Exception {
        try (Serve serve = Serve.start(options("plumbline-serve", List.of()))) {
            return awaitScrape(serve, awaited);
        }
    }

    static Map<String, Double> awaitScrape(Serve serve, Predicate<Map<String, Double>> awaited) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Double> samples = Scrape.of(serve.metricsPort()).samples;
        while (!awaited.test(samples)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/metrics did not show the awaited series in 60s:\n" + samples);
            }
            Thread.sleep(100);
            samples = Scrape.of(serve.metricsPort()).samples;
        }
        return samples;
    }

    static ServeOptions options(String group, List<WebhookRoute> webhooks) {
        return options(group, TOPICS, webhooks);
    }

    static ServeOptions options(String group, StatsTopics topics, List<WebhookRoute> webhooks) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return new ServeOptions(props, group, topics, DEAD_LETTER, "127.0.0.1", 0, LOOKBACK, Duration.ofHours(1),
                StatsMetrics.DEFAULT_MAX_SERIES, List.of(), Duration.ofMinutes(1), webhooks, null);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, long timestamp, IndexedRecord value) {
        return record(topic, timestamp, JsonRecordWriter.toJson(value));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, long timestamp, byte[] value) {
        return new ProducerRecord<>(topic, 0, timestamp, null, value);
    }
}
