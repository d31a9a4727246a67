package io.plumbline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.drift.DriftJobIo;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.testing.kafka.KafkaTestCluster;
import io.plumbline.jobs.testing.LiveJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live traffic with quiet spells longer than {@code watermark.idleness}, as production sends it: the jobs
 * start before any event (a quiet spell at the start), the traffic pauses in the middle, and pauses again
 * before a last burst. Event times are the wall clock. Every window with events on either side of every
 * spell must be reported, with exactly the events sent in it, and nothing may be dead-lettered: an idle
 * input must not move event time.
 *
 * <p>Three jobs run at once on the same timeline: the drift job with a baselines topic (its second input
 * has no event time of its own), the drift job without one, and the LLM job.
 */
class QuietSpellsITCase {

    private static final long WINDOW_MILLIS = 2_000;
    /** Longer than the idleness of one second, so every source partition goes idle in each spell. */
    private static final long QUIET_MILLIS = 3_000;
    private static final long BURST_MILLIS = 4_000;
    private static final long TICK_MILLIS = 25;
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink(3);

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void everyWindowAroundEveryQuietSpellIsReported() throws Exception {
        KafkaTestCluster kafka = KAFKA.cluster();
        PlumblineConfig withBaselines = configure(kafka, "quiet.ref", checkpoints.resolve("ref"));
        PlumblineConfig withoutBaselines = configure(kafka, "quiet.noref", checkpoints.resolve("noref"));
        PlumblineConfig llm = configure(kafka, "quiet.llm", checkpoints.resolve("llm"));
        for (PlumblineConfig config : List.of(withBaselines, withoutBaselines)) {
            kafka.createTopic(config.topics().predictions(), PARTITIONS);
            kafka.createTopic(config.topics().driftStats(), 1);
        }
        kafka.createTopic(withBaselines.topics().baselines(), 1);
        kafka.createTopic(llm.llm().callsTopic(), PARTITIONS);
        kafka.createTopic(llm.llm().statsTopic(), 1);

        List<JobClient> jobs = new ArrayList<>();
        try {
            jobs.add(LiveJobs.startDrift(withBaselines, DriftJobIo.kafka(withBaselines)));
            jobs.add(LiveJobs.startDrift(withoutBaselines, LiveJobs.withoutBaselines(withoutBaselines)));
            jobs.add(LiveJobs.startLlm(llm));
            for (JobClient job : jobs) {
                LiveJobs.awaitRunning(job);
            }

            Map<Long, Integer> expected;
            try (Traffic traffic = new Traffic(kafka, List.of(withBaselines.topics().predictions(),
                    withoutBaselines.topics().predictions()), llm.llm().callsTopic())) {
                traffic.quiet();            // the jobs run before the producers start
                traffic.burst();
                traffic.quiet();
                traffic.burst();
                traffic.quiet();
                traffic.burst();            // closes the windows of the burst before it
                // Every window that ended before the last burst began is complete; the last burst's own
                // windows are not, as nothing moves event time past them.
                expected = traffic.windowsEndingBeforeLastBurst();
            }
            assertThat(expected).hasSizeGreaterThanOrEqualTo(4);

            for (PlumblineConfig config : List.of(withBaselines, withoutBaselines, llm)) {
                assertThat(kafka.consumeAllCommitted(config.topics().deadLetter(), Duration.ofSeconds(10)))
                        .as("dead letters of %s", config.topics().deadLetter())
                        .extracting(QuietSpellsITCase::describe)
                        .isEmpty();
            }
            for (PlumblineConfig drift : List.of(withBaselines, withoutBaselines)) {
                assertThat(reportedWindows(kafka, drift.topics().driftStats(), expected,
                        stats -> stats.get("feature").asText().equals("income"),
                        stats -> stats.get("n_current").asInt()))
                        .as("events per window in %s", drift.topics().driftStats())
                        .containsAllEntriesOf(expected);
            }
            assertThat(reportedWindows(kafka, llm.llm().statsTopic(), expected, stats -> true,
                    stats -> stats.get("requests").asInt()))
                    .as("calls per window in the LLM stats")
                    .containsAllEntriesOf(expected);
        } finally {
            for (JobClient job : jobs) {
                job.cancel().get();
            }
        }
    }

    private static String describe(ConsumerRecord<byte[], byte[]> deadLetter) {
        StringBuilder text = new StringBuilder();
        deadLetter.headers().forEach(h -> text.append(h.key()).append('=')
                .append(new String(h.value(), StandardCharsets.UTF_8)).append(' '));
        return text.toString();
    }

    private static PlumblineConfig configure(KafkaTestCluster kafka, String prefix, Path checkpoints)
            throws Exception {
        return LiveJobs.configure(kafka, prefix, checkpoints, Duration.ofMillis(WINDOW_MILLIS), Map.of());
    }

    /**
     * The count of each expected window's start as the stats topic reports it, read until every expected
     * window is there (or the time is up, and the assertion shows what came).
     */
    private static Map<Long, Integer> reportedWindows(KafkaTestCluster kafka, String topic, Map<Long, Integer> expected,
                                                      java.util.function.Predicate<JsonNode> counted,
                                                      Function<JsonNode, Integer> events) throws Exception {
        Map<Long, Integer> reported = new TreeMap<>();
        try {
            kafka.consumeCommittedUntil(topic, read -> {
                reported.clear();
                for (JsonNode stats : JsonRecords.values(read)) {
                    if (counted.test(stats)) {
                        reported.merge(stats.get("window_start").asLong(), events.apply(stats), Integer::sum);
                    }
                }
                return reported.keySet().containsAll(expected.keySet());
            }, Duration.ofSeconds(30));
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertion on the returned map says which windows are missing
        }
        return reported;
    }

    /** Sends the same live events to each predictions topic, and one LLM call per event, every tick. */
    private static final class Traffic implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final List<String> predictionTopics;
        private final String callsTopic;
        private final Random random = new Random(18);
        /** Events per window start, of every burst so far. */
        private final Map<Long, Integer> perWindow = new TreeMap<>();
        private long lastBurstStart;
        private int sent;

        Traffic(KafkaTestCluster kafka, List<String> predictionTopics, String callsTopic) {
            this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer());
            this.predictionTopics = predictionTopics;
            this.callsTopic = callsTopic;
        }

        void quiet() throws InterruptedException {
            Thread.sleep(QUIET_MILLIS);
        }

        void burst() throws Exception {
            lastBurstStart = System.currentTimeMillis();
            long end = lastBurstStart + BURST_MILLIS;
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < 2; i++) {
                    int partition = sent++ % PARTITIONS;
                    byte[] prediction = prediction(now);
                    for (String topic : predictionTopics) {
                        producer.send(new ProducerRecord<>(topic, partition, null, prediction));
                    }
                    producer.send(new ProducerRecord<>(callsTopic, partition, null, call(now)));
                    perWindow.merge(now - now % WINDOW_MILLIS, 1, Integer::sum);
                }
                producer.flush();
                Thread.sleep(TICK_MILLIS);
            }
        }

        @Override
        public void close() {
            producer.close();
        }

        Map<Long, Integer> windowsEndingBeforeLastBurst() {
            Map<Long, Integer> complete = new TreeMap<>(perWindow);
            complete.keySet().removeIf(start -> start + WINDOW_MILLIS > lastBurstStart);
            return complete;
        }

        private byte[] prediction(long now) {
            return ("{\"event_id\":\"e-" + sent + "\",\"timestamp\":" + now
                    + ",\"model_id\":\"quiet\",\"model_version\":\"v1\",\"features\":{\"income\":"
                    + (50_000 + 10_000 * random.nextGaussian()) + "},\"prediction\":" + random.nextDouble() + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        private byte[] call(long now) {
            long endNanos = now * 1_000_000L;
            return ("{\"event_id\":\"c-" + sent + "\",\"start_time_unix_nano\":" + (endNanos - 400_000_000L)
                    + ",\"end_time_unix_nano\":" + endNanos + ",\"service.name\":\"quiet-bot\","
                    + "\"gen_ai.operation.name\":\"chat\",\"gen_ai.provider.name\":\"openai\","
                    + "\"gen_ai.request.model\":\"gpt-4o\",\"gen_ai.usage.input_tokens\":100,"
                    + "\"gen_ai.usage.output_tokens\":20,\"cost.usd\":0.001}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
