package io.plumbline.jobs.drift;

import io.plumbline.monitor.drift.ProfileRecorder;
import static io.plumbline.jobs.drift.DriftTraffic.SHIFTING;
import static io.plumbline.jobs.drift.DriftTraffic.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.detectors.baseline.ReferenceBaseline;
import io.plumbline.detectors.format.ReferenceBaselineFormat;
import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.event.PredictionRecord;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference baseline published to the baselines topic while the drift job runs, against a real
 * broker. One model is shifted from its first event on: stable against its own warmup, shifted
 * against the reference built from unshifted training data. Once the reference has arrived, its
 * windows are compared with it and alert; the other model, and a second version of both that starts
 * later, keep their own warmup baselines and never alert. The job runs at parallelism 2 on a
 * one-partition baselines topic, so one baselines subtask owns no partition at all: windows still
 * close, as only the predictions decide event time.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReferenceBaselineITCase {
    private static final ProfileRecorder RECORDER = new ProfileRecorder(CategoricalSketch.DEFAULT_MAX_DISTINCT);

    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int EVENTS_PER_WINDOW = 3_000;
    private static final int WINDOWS = 7;
    /** The shifted model is shifted in every window, so its own warmup looks stable. */
    private static final Set<Integer> ALWAYS = IntStream.range(0, WINDOWS).boxed().collect(Collectors.toSet());
    /** Windows W0-W3 before the reference is published, W4-W6 after, with version v2 from W4 on. */
    private static final int PUBLISHED_BEFORE = 4;
    private static final String TOPIC = "it.ref.predictions";
    private static final String BASELINES = "it.ref.baselines";
    private static final String GROUP = "reference-it";

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void aPublishedReferenceIsTheBaselineOfItsVersionFromTheNextWindowOn() throws Exception {
        PlumblineConfig config = BoundedDriftRun.configure(KAFKA.cluster(), "it.ref", DriftTraffic.PARTITIONS,
                checkpoints, Map.of("kafka.group-id", GROUP, "topics.baselines", BASELINES, "job.parallelism", "2"));
        KAFKA.cluster().createTopic(BASELINES, 1);
        DriftTraffic traffic = new DriftTraffic(TOPIC, T0, WINDOW, EVENTS_PER_WINDOW, 20250103L);
        var before = traffic.windows(0, PUBLISHED_BEFORE, ALWAYS);
        var after = traffic.windows(PUBLISHED_BEFORE, WINDOWS, ALWAYS, List.of("v1", "v2"));

        StreamExecutionEnvironment env = BoundedDriftRun.environment(config);
        DriftJobIo kafkaIo = DriftJobIo.kafka(config);
        DriftJob.define(env, config, new DriftJobIo(
                KafkaIo.predictionsSource(config).setBounded(OffsetsInitializer.offsets(
                        BoundedDriftRun.stoppingOffsets(config, traffic.endOffsets()))).build(),
                kafkaIo.deadLetters(), kafkaIo.driftStats(), kafkaIo.alerts(), kafkaIo.baselines()));
        KAFKA.cluster().produce(before);
        JobClient job = env.executeAsync("reference-it");
        try {
            KAFKA.cluster().consumeCommittedUntil("it.ref.drift-stats", read -> reported(read, "v1", 2) == 2,
                    Duration.ofSeconds(60));

            long builtAt = T0 - 86_400_000;
            ReferenceBaseline reference = trainedOnUnshiftedTraffic(builtAt);
            KAFKA.cluster().produce(List.of(new ProducerRecord<>(BASELINES, 0,
                    bytes("{\"model_id\":\"" + SHIFTING + "\",\"model_version\":\"v1\"}"),
                    ReferenceBaselineFormat.write(reference))));
            // Committed on a completed checkpoint, whose barrier followed the reference into the drift stage.
            awaitCommitted(new TopicPartition(BASELINES, 0), 1);
            KAFKA.cluster().produce(after);

            List<JsonNode> stats = JsonRecords.values(KAFKA.cluster().consumeCommittedUntil("it.ref.drift-stats",
                    read -> reported(read, "v1", WINDOWS - 1) == 2 && reported(read, "v2", WINDOWS - 1) == 2,
                    Duration.ofSeconds(60)));
            List<JsonNode> alerts = JsonRecords.values(KAFKA.cluster().consumeAllCommitted("it.ref.alerts", Duration.ofSeconds(30)));

            assertTheReferenceReplacedTheWarmupOfItsVersionOnly(stats, builtAt);
            assertOnlyTheReferencedVersionAlertsOnceTheReferenceArrived(stats, alerts);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertTheReferenceReplacedTheWarmupOfItsVersionOnly(List<JsonNode> stats, long builtAt) {
        for (int w = 1; w < WINDOWS; w++) {
            List<JsonNode> window = window(stats, SHIFTING, "v1", w);
            assertThat(window).as("%s v1 window %d", SHIFTING, w).isNotEmpty();
            if (w < PUBLISHED_BEFORE - 1) {
                assertThat(window).allSatisfy(s -> {
                    assertThat(s.get("baseline").asText()).isEqualTo("warmup");
                    assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0);
                });
            } else {
                // W3 closes only once W4's events arrive, after the reference did
                assertThat(window).as("window %d", w).allSatisfy(s -> {
                    assertThat(s.get("baseline").asText()).isEqualTo("reference");
                    assertThat(s.get("baseline_window_start").asLong()).isEqualTo(builtAt);
                    assertThat(s.get("baseline_window_end").asLong()).isEqualTo(builtAt);
                });
            }
        }
        for (int w = 1; w < WINDOWS; w++) {
            assertThat(window(stats, STABLE, "v1", w)).as("%s window %d", STABLE, w).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.get("baseline").asText()).isEqualTo("warmup"));
        }
        // the new version learns its own: its first window W4, compared from W5 on
        for (String model : List.of(SHIFTING, STABLE)) {
            assertThat(window(stats, model, "v2", PUBLISHED_BEFORE)).isEmpty();
            for (int w = PUBLISHED_BEFORE + 1; w < WINDOWS; w++) {
                assertThat(window(stats, model, "v2", w)).as("%s v2 window %d", model, w).isNotEmpty()
                        .allSatisfy(s -> {
                            assertThat(s.get("baseline").asText()).isEqualTo("warmup");
                            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0 + PUBLISHED_BEFORE * WINDOW);
                        });
            }
        }
    }

    private static void assertOnlyTheReferencedVersionAlertsOnceTheReferenceArrived(List<JsonNode> stats,
                                                                                   List<JsonNode> alerts) {
        assertThat(window(stats, SHIFTING, "v1", PUBLISHED_BEFORE - 1))
                .filteredOn(s -> s.get("feature").asText().equals("income"))
                .singleElement().satisfies(s -> assertThat(s.get("drifted").asBoolean()).isTrue());
        assertThat(alerts).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("labels").get("model_id").asText()).isEqualTo(SHIFTING);
            assertThat(a.get("labels").get("model_version").asText()).isEqualTo("v1");
        });
        List<JsonNode> firing = alerts.stream().filter(a -> a.get("status").asText().equals("firing")).toList();
        assertThat(firing).allSatisfy(a -> assertThat(a.get("window_start").asLong())
                .isEqualTo(T0 + (PUBLISHED_BEFORE - 1) * WINDOW));
        assertThat(firing).extracting(a -> a.get("labels").path("feature").asText())
                .contains("income", "prediction");
    }

    /**
     * What {@code plumbline baseline build} would publish for the shifting model: the profile of a
     * window of its unshifted traffic, decoded and recorded as the job records its events.
     */
    private static ReferenceBaseline trainedOnUnshiftedTraffic(long builtAt) throws Exception {
        DriftTraffic training = new DriftTraffic("training", T0, WINDOW, EVENTS_PER_WINDOW, 7L);
        PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO);
        ModelProfile profile = new ModelProfile();
        FeatureTypes types = new FeatureTypes(1000);
        for (ProducerRecord<byte[], byte[]> row : training.windows(0, 1, Set.of())) {
            PredictionRecord event = decoder.decode(row.value());
            if (event.modelId().equals(SHIFTING)) {
                RECORDER.record(event, profile, types);
            }
        }
        return new ReferenceBaseline(SHIFTING, "v1", builtAt, "training.jsonl", profile, types);
    }

    private static void awaitCommitted(TopicPartition partition, long offset) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.cluster().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
                if (committed != null && committed.offset() >= offset) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the job did not commit " + partition + " up to " + offset);
    }

    private static List<JsonNode> window(List<JsonNode> stats, String model, String version, int w) {
        return stats.stream().filter(s -> s.get("model_id").asText().equals(model)
                && s.get("model_version").asText().equals(version)
                && s.get("window_start").asLong() == T0 + w * WINDOW).toList();
    }

    /** How many models of {@code version} have reported window {@code w}: it closed, and its results were committed. */
    private static long reported(List<ConsumerRecord<byte[], byte[]>> stats, String version, int w) {
        return JsonRecords.values(stats).stream()
                .filter(s -> s.get("model_version").asText().equals(version)
                        && s.get("window_start").asLong() == T0 + w * WINDOW)
                .map(s -> s.get("model_id").asText())
                .distinct()
                .count();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
