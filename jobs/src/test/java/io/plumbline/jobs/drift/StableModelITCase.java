package io.plumbline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.PredictionEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stable model of 50 features at the smallest window the rules judge (1 000 events, the default
 * {@code window.min-events}), where sampling noise alone brings PSI, Jensen-Shannon and unseen-category
 * shares near their thresholds: with every rule at its default, the whole job raises no alert in ten
 * windows, while it judges each of them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StableModelITCase {

    private static final long T0 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int EVENTS_PER_WINDOW = 1_000;
    private static final int WINDOWS = 11;
    private static final String[] SKEWED = {"a", "b", "c", "d", "e", "f", "g", "h"};
    private static final double[] SKEWED_SHARES = {0.3, 0.2, 0.15, 0.1, 0.1, 0.08, 0.05, 0.02};

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void aStableModelOfFiftyFeaturesStaysQuietAtOneThousandEventsPerWindow() throws Exception {
        PlumblineConfig config = BoundedDriftRun.configure(KAFKA.cluster(), "it.stable", 1, checkpoints, Map.of());
        List<ProducerRecord<byte[], byte[]>> events = events(new Random(20250301L));
        KAFKA.cluster().produce(events);
        BoundedDriftRun.start(config, new long[] {events.size()}).getJobExecutionResult().get(120, TimeUnit.SECONDS);

        List<JsonNode> stats = JsonRecords.values(
                KAFKA.cluster().consumeAllCommitted("it.stable.drift-stats", Duration.ofSeconds(30)));
        List<JsonNode> alerts = JsonRecords.values(
                KAFKA.cluster().consumeAllCommitted("it.stable.alerts", Duration.ofSeconds(30)));

        List<JsonNode> models = stats.stream().filter(s -> s.get("scope").asText().equals("model")).toList();
        assertThat(models).as("every window after the baseline judged").hasSize(WINDOWS - 1)
                .allSatisfy(m -> {
                    assertThat(m.get("features_total").asInt()).isEqualTo(50);
                    assertThat(m.get("n_current").asLong()).isEqualTo(EVENTS_PER_WINDOW);
                    assertThat(m.get("features_drifted").asInt()).isZero();
                });
        List<JsonNode> features = stats.stream().filter(s -> s.get("scope").asText().equals("feature")).toList();
        assertThat(features).hasSize(50 * (WINDOWS - 1)).allSatisfy(f -> assertThat(f.get("drifted").asBoolean()).isFalse());
        assertThat(features).as("the long-tailed features do bring unseen categories by chance")
                .anySatisfy(f -> assertThat(f.path("new_category_rate").asDouble()).isGreaterThan(0.01));
        assertThat(alerts).isEmpty();
    }

    /** Windows of 20 normal, 10 lognormal, 5 uniform and 5 integer features, 6 skewed and 4 long-tailed categorical. */
    private static List<ProducerRecord<byte[], byte[]>> events(Random random) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                long time = T0 + w * WINDOW + (long) i * WINDOW / EVENTS_PER_WINDOW;
                Map<String, Object> features = new HashMap<>();
                for (int f = 0; f < 20; f++) {
                    features.put("normal_" + f, random.nextDouble() < 0.05 ? null : 50 + 10 * random.nextGaussian());
                }
                for (int f = 0; f < 10; f++) {
                    features.put("lognormal_" + f, StrictMath.exp(2 * random.nextGaussian()));
                }
                for (int f = 0; f < 5; f++) {
                    features.put("uniform_" + f, random.nextDouble());
                    features.put("count_" + f, (double) Math.round(3 + 2 * random.nextGaussian()));
                }
                for (int f = 0; f < 6; f++) {
                    features.put("segment_" + f, SKEWED[pick(SKEWED_SHARES, random)]);
                }
                for (int f = 0; f < 4; f++) {
                    features.put("merchant_" + f, "m" + zipf(60, random));
                }
                PredictionEvent event = PredictionEvent.newBuilder()
                        .setEventId("stable-" + w + "-" + i)
                        .setTimestamp(time)
                        .setModelId("fraud")
                        .setModelVersion("v1")
                        .setFeatures(features)
                        .setPrediction(random.nextDouble())
                        .build();
                out.add(new ProducerRecord<>("it.stable.predictions", 0, "fraud".getBytes(StandardCharsets.UTF_8),
                        PredictionEncoder.json(event)));
            }
        }
        return out;
    }

    private static int pick(double[] shares, Random random) {
        double u = random.nextDouble();
        for (int k = 0; k < shares.length - 1; k++) {
            u -= shares[k];
            if (u < 0) {
                return k;
            }
        }
        return shares.length - 1;
    }

    /** A level of 1..n with weight 1/level: most values in a few levels, a long tail seen once or never. */
    private static int zipf(int n, Random random) {
        double total = 0;
        for (int k = 1; k <= n; k++) {
            total += 1.0 / k;
        }
        double u = random.nextDouble() * total;
        for (int k = 1; k < n; k++) {
            u -= 1.0 / k;
            if (u < 0) {
                return k;
            }
        }
        return n;
    }
}
