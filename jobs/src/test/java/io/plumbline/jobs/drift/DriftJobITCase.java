package io.plumbline.jobs.drift;

import static io.plumbline.jobs.drift.DriftScenario.EVENTS_PER_WINDOW;
import static io.plumbline.jobs.drift.DriftScenario.T0;
import static io.plumbline.jobs.drift.DriftScenario.WINDOW;
import static io.plumbline.jobs.drift.DriftTraffic.SHIFTED_FEATURES;
import static io.plumbline.jobs.drift.DriftTraffic.SHIFTING;
import static io.plumbline.jobs.drift.DriftTraffic.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole drift job against a real broker: two models, one drifting for a while, in JSON and Avro
 * ({@link DriftScenario}), and the same shift under sliding windows.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DriftJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void alertsOnTheShiftedFeaturesOfOneModelAndDeadLettersEveryBadRecord() throws Exception {
        new DriftScenario(KAFKA.cluster(), checkpoints, "it", Map.of(), DriftTraffic.JSON_AND_AVRO).runAndAssert();
    }

    /**
     * 10-second windows sliding by 5 seconds over four 10-second stretches of traffic, the third of
     * them shifted for one model: the alerts fire as the shift slides into a window and resolve
     * once it has slid out, the stable model never alerts, and every window after the baseline is
     * reported, one every slide.
     */
    @Test
    void slidingWindowsAlertWhileTheShiftIsInsideThem() throws Exception {
        PlumblineConfig config = BoundedDriftRun.configure(KAFKA.cluster(), "it.sliding", DriftTraffic.PARTITIONS,
                checkpoints, Map.of("window.slide", "5s"));
        String topic = config.topics().predictions();
        DriftTraffic traffic = new DriftTraffic(topic, T0, WINDOW, EVENTS_PER_WINDOW, 20250102L);
        KAFKA.cluster().produce(traffic.windows(0, 4, Set.of(2)));
        BoundedDriftRun.start(config, traffic.endOffsets()).getJobExecutionResult().get(90, TimeUnit.SECONDS);

        List<JsonNode> stats = JsonRecords.values(KAFKA.cluster().consumeAllCommitted("it.sliding.drift-stats", Duration.ofSeconds(30)));
        List<JsonNode> alerts = JsonRecords.values(KAFKA.cluster().consumeAllCommitted("it.sliding.alerts", Duration.ofSeconds(30)));

        // after the baseline [0 s, 10 s): windows ending at 15 s to 45 s, the last holding only [35 s, 40 s)
        for (String model : List.of(SHIFTING, STABLE)) {
            assertThat(stats).filteredOn(s -> s.get("model_id").asText().equals(model)
                            && s.get("scope").asText().equals("model"))
                    .extracting(s -> s.get("window_end").asLong() - T0)
                    .containsExactlyInAnyOrder(15_000L, 20_000L, 25_000L, 30_000L, 35_000L, 40_000L, 45_000L);
        }
        assertThat(stats).allSatisfy(s -> {
            assertThat(s.get("window_end").asLong() - s.get("window_start").asLong()).isEqualTo(WINDOW);
            assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0);
            assertThat(s.get("baseline_window_end").asLong()).isEqualTo(T0 + WINDOW);
        });

        List<JsonNode> firing = alerts.stream().filter(a -> a.get("status").asText().equals("firing")).toList();
        Map<String, JsonNode> resolved = alerts.stream().filter(a -> a.get("status").asText().equals("resolved"))
                .collect(Collectors.toMap(a -> a.get("fingerprint").asText(), a -> a));
        assertThat(firing).extracting(a -> a.get("labels").get("model_id").asText()).containsOnly(SHIFTING);
        assertThat(firing).extracting(a -> a.get("labels").path("feature").asText())
                .isSubsetOf(SHIFTED_FEATURES)
                .contains("income", "prediction");
        assertThat(firing).allSatisfy(a -> {
            // the first window holding half the shifted stretch, or the one holding all of it
            assertThat(a.get("window_start").asLong() - T0).isIn(15_000L, 20_000L);
            JsonNode resolution = resolved.get(a.get("fingerprint").asText());
            assertThat(resolution).as("resolution of %s", a).isNotNull();
            // the shift half or wholly gone
            assertThat(resolution.get("window_start").asLong() - T0).isIn(25_000L, 30_000L);
        });
        assertThat(alerts).hasSize(2 * firing.size());
    }
}
