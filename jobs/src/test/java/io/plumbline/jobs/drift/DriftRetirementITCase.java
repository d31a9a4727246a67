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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model version replaced while its alerts fire, against a real broker: credit-risk v3 learns its
 * baseline in W0, its income moves by one standard deviation in W1 and W2, and from W3 on v4 takes its
 * traffic, stable. Three windows later v3 is retired and each of its alerts resolves, saying why. Churn
 * v1 starts drifting in W6 and is still drifting when the input ends at the end of W7: the end of a
 * bounded input is no time without predictions, so its alerts stay firing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DriftRetirementITCase {

    private static final long T0 = Instant.parse("2025-06-01T10:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int WINDOWS = 8;
    private static final int EVENTS_PER_WINDOW = 1_500;
    private static final String IDLE_AFTER = "30s";
    private static final double INCOME_MEAN = 50_000;
    private static final double INCOME_SD = 15_000;
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
    private static final String PREFIX = "it.retire";

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    private final Random random = new Random(20250601L);
    private long sent;

    @Test
    void aReplacedVersionsAlertsResolveWhenItIsRetiredAndTheEndOfTheInputRetiresNothing() throws Exception {
        PlumblineConfig config = BoundedDriftRun.configure(KAFKA.cluster(), PREFIX, 1, checkpoints,
                Map.of("model-idle-after", IDLE_AFTER));
        List<ProducerRecord<byte[], byte[]>> upToW6 = new ArrayList<>();
        for (int w = 0; w < WINDOWS - 1; w++) {
            upToW6.addAll(window(w));
        }
        List<ProducerRecord<byte[], byte[]>> lastWindow = window(WINDOWS - 1);

        // The input ends with a watermark at the end of time, which retires nothing: v3 is retired only if
        // the watermark passes its retirement (at the end of W5) before that, so W7 is sent once it has.
        KAFKA.cluster().produce(upToW6);
        JobClient job = BoundedDriftRun.start(config, new long[] {sent});
        KAFKA.cluster().consumeCommittedUntil(PREFIX + ".drift-stats",
                read -> JsonRecords.values(read).stream().anyMatch(s -> s.get("model_id").asText().equals("churn")
                        && s.get("window_start").asLong() == T0 + 5 * WINDOW),
                Duration.ofSeconds(60));
        KAFKA.cluster().produce(lastWindow);
        job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

        List<JsonNode> alerts = JsonRecords.values(
                KAFKA.cluster().consumeAllCommitted(PREFIX + ".alerts", Duration.ofSeconds(30)));

        List<JsonNode> v3 = alerts.stream().filter(of("credit-risk", "v3")).toList();
        List<JsonNode> v3Firing = v3.stream().filter(a -> a.get("status").asText().equals("firing")).toList();
        List<JsonNode> v3Resolved = v3.stream().filter(a -> a.get("status").asText().equals("resolved")).toList();
        assertThat(v3Firing).as("v3's alerts on its income, fired when the shift came in W1")
                .extracting(DriftRetirementITCase::featureRule)
                .containsExactlyInAnyOrder("income/ks", "income/psi", "income/robust_linf");
        assertThat(v3Firing).allSatisfy(a -> assertThat(a.get("window_start").asLong()).isEqualTo(T0 + WINDOW));
        assertThat(v3Resolved).as("each resolved once, as v3 was retired")
                .extracting(a -> a.get("fingerprint").asText())
                .containsExactlyInAnyOrderElementsOf(v3Firing.stream().map(a -> a.get("fingerprint").asText()).toList());
        // v3's last predictions were in W2, which ended at 10:00:30; 30 s later, at the end of W5, it is retired
        assertThat(v3Resolved).allSatisfy(a -> {
            assertThat(a.get("ends_at").asText()).isEqualTo("2025-06-01T10:00:30Z");
            assertThat(a.get("window_start").asLong()).isEqualTo(T0 + 3 * WINDOW);
            assertThat(a.get("window_end").asLong()).isEqualTo(T0 + 6 * WINDOW);
            assertThat(a.has("value")).as("no window measured anything").isFalse();
            assertThat(a.get("annotations").get("description").asText()).startsWith("Resolved without a verdict:"
                    + " credit-risk v3 had no predictions since 2025-06-01T10:00:30Z and was retired after 30s"
                    + " without predictions (model-idle-after).");
        });

        assertThat(alerts).as("v4, stable since its baseline").noneMatch(of("credit-risk", "v4"));

        List<JsonNode> churn = alerts.stream().filter(of("churn", "v1")).toList();
        assertThat(churn).as("churn's alerts, fired when the shift came in W6 and still firing when the input ended")
                .extracting(DriftRetirementITCase::featureRule)
                .containsExactlyInAnyOrder("income/ks", "income/psi", "income/robust_linf");
        assertThat(churn).allSatisfy(a -> {
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(a.get("window_start").asLong()).isEqualTo(T0 + 6 * WINDOW);
        });
        assertThat(alerts).hasSize(v3.size() + churn.size());
    }

    private static String featureRule(JsonNode alert) {
        return alert.get("labels").get("feature").asText() + "/" + alert.get("labels").get("alertname").asText();
    }

    private static Predicate<JsonNode> of(String model, String version) {
        return a -> a.get("labels").get("model_id").asText().equals(model)
                && a.get("labels").get("model_version").asText().equals(version);
    }

    /**
     * Window {@code w} of every version sending then: credit-risk v3 in W0-W2 (shifted in W1-W2), v4 from
     * W3, churn v1 throughout (shifted in W6-W7); in event-time order.
     */
    private List<ProducerRecord<byte[], byte[]>> window(int w) {
        List<PredictionEvent> events = new ArrayList<>();
        if (w < 3) {
            events.addAll(events("credit-risk", "v3", w, w >= 1));
        } else {
            events.addAll(events("credit-risk", "v4", w, false));
        }
        events.addAll(events("churn", "v1", w, w >= 6));
        events.sort(Comparator.comparingLong(PredictionEvent::getTimestamp));
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (PredictionEvent e : events) {
            out.add(new ProducerRecord<>(PREFIX + ".predictions", 0, e.getModelId().getBytes(StandardCharsets.UTF_8),
                    PredictionEncoder.json(e)));
            sent++;
        }
        return out;
    }

    /** The first at the window's start, so that a version's first window is complete and its baseline. */
    private List<PredictionEvent> events(String model, String version, int w, boolean shifted) {
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
            long time = T0 + w * WINDOW + (i == 0 ? 0 : (long) (random.nextDouble() * WINDOW));
            double income = INCOME_MEAN + INCOME_SD * random.nextGaussian() + (shifted ? INCOME_SD : 0);
            events.add(PredictionEvent.newBuilder()
                    .setEventId(model + "-" + version + "-" + w + "-" + i)
                    .setTimestamp(time)
                    .setModelId(model)
                    .setModelVersion(version)
                    .setFeatures(Map.<String, Object>of(
                            "income", income,
                            "age", 40 + 10 * random.nextGaussian(),
                            "region", REGIONS[random.nextInt(REGIONS.length)]))
                    .setPrediction(0.3 + 0.1 * random.nextGaussian())
                    .build());
        }
        return events;
    }
}
