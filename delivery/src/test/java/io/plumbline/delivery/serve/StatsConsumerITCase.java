package io.plumbline.delivery.serve;

import static io.plumbline.delivery.testing.Records.WINDOW_MS;
import static io.plumbline.delivery.testing.Records.alert;
import static io.plumbline.delivery.testing.Records.drift;
import static io.plumbline.delivery.testing.Records.llm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.plumbline.delivery.metrics.MetricsEndpoint;
import io.plumbline.delivery.metrics.StatsMetrics;
import io.plumbline.delivery.testing.KafkaTestCluster;
import io.plumbline.delivery.testing.Scrape;
import io.plumbline.schemas.codec.JsonRecordWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

class StatsConsumerITCase {

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

    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
        kafka.createTopics(2, TOPICS.driftStats(), TOPICS.llmStats(), TOPICS.alerts());
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

    /** Runs a fresh StatsMetrics and consumer in the group until a scrape of /metrics shows what is awaited. */
    private static Map<String, Double> scrapeWhileConsuming(Predicate<Map<String, Double>> awaited) throws Exception {
        StatsMetrics metrics = new StatsMetrics(Duration.ofHours(1), StatsMetrics.DEFAULT_MAX_SERIES, Clock.systemUTC());
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "plumbline-serve");
        StatsConsumer consumer = new StatsConsumer(props, TOPICS, metrics, LOOKBACK, Duration.ofSeconds(1),
                Clock.systemUTC());
        Thread thread = new Thread(consumer, "stats-consumer");
        try (MetricsEndpoint endpoint = new MetricsEndpoint(metrics.registry(), "127.0.0.1", 0)) {
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, Double> samples = Scrape.of(endpoint).samples;
            while (!awaited.test(samples)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("/metrics did not show the awaited series in 60s:\n" + samples);
                }
                Thread.sleep(100);
                samples = Scrape.of(endpoint).samples;
            }
            return samples;
        } finally {
            consumer.close();
            thread.join(10_000);
            assertThat(thread.isAlive()).as("the consumer thread stopped on close").isFalse();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, long timestamp, IndexedRecord value) {
        return record(topic, timestamp, JsonRecordWriter.toJson(value));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, long timestamp, byte[] value) {
        return new ProducerRecord<>(topic, 0, timestamp, null, value);
    }
}
