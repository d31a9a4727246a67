package io.plumbline.jobs.drift;

import static io.plumbline.jobs.testing.JsonRecords.header;
import static io.plumbline.jobs.drift.DriftTraffic.SHIFTED_FEATURES;
import static io.plumbline.jobs.drift.DriftTraffic.SHIFTING;
import static io.plumbline.jobs.drift.DriftTraffic.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.detectors.testing.ExactStatistics;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.jobs.testing.ProducerEncoding;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.testing.kafka.KafkaTestCluster;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The drift job's run of two models, for each encoding producers may use: 10-second windows of 5 000 events
 * each; one model drifts for two windows and comes back, the other never moves. The job reads a bounded slice
 * of the topic so that it ends, closes its last windows and commits them on its final checkpoint; everything is
 * read back as a {@code read_committed} consumer would. Every statistic is checked against the raw events, the
 * alerts against the shift, and every malformed record, late event and record a test adds is a dead letter.
 */
public final class DriftScenario {

    /** The start of the first window. */
    public static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    static final long WINDOW = 10_000;
    static final int EVENTS_PER_WINDOW = 5_000;
    /** W0 the baseline, W1-W2 stable, W3-W4 shifted for one model, W5-W6 stable again. */
    private static final int WINDOWS = 7;
    private static final Set<Integer> SHIFTED_WINDOWS = Set.of(3, 4);
    private static final List<String> FEATURES = List.of("income", "age", "debt_ratio", "tenure_months",
            "num_accounts", "region", "channel", "has_mortgage", "prediction");
    /** Per model and window: each feature, the prediction, and the model's own record (feature ""). */
    private static final List<String> REPORTED = Stream.concat(FEATURES.stream(), Stream.of("")).toList();

    private final KafkaTestCluster kafka;
    private final Path checkpoints;
    private final String prefix;
    private final Map<String, String> settings;
    private final ProducerEncoding<PredictionEvent> encoding;
    private final List<Malformed> extraMalformed = new ArrayList<>();
    private KserveLogs inferenceLogs;

    private record Malformed(byte[] value, RejectReason reason) {
    }

    /**
     * @param prefix the run's topics' prefix: its events go to {@code prefix.predictions}
     * @param settings config keys over the run's own
     * @param encoding how the events are written; null for inference logs ({@link #ofInferenceLogs})
     */
    public DriftScenario(KafkaTestCluster kafka, Path checkpoints, String prefix, Map<String, String> settings,
                         ProducerEncoding<PredictionEvent> encoding) {
        this.kafka = kafka;
        this.checkpoints = checkpoints;
        this.prefix = prefix;
        this.settings = settings;
        this.encoding = encoding;
    }

    /**
     * The run with its traffic as a model server's request and response logs, two records per prediction, read
     * with the logs' own config.
     */
    public static DriftScenario ofInferenceLogs(KafkaTestCluster kafka, Path checkpoints, String prefix,
                                                KserveLogs logs) {
        DriftScenario scenario = new DriftScenario(kafka, checkpoints, prefix, logs.settings(), null);
        scenario.inferenceLogs = logs;
        return scenario;
    }

    /** Sends {@code value} with the malformed records: the job must dead-letter it for {@code reason}. */
    public DriftScenario withMalformed(byte[] value, RejectReason reason) {
        extraMalformed.add(new Malformed(value, reason));
        return this;
    }

    /** Sends the traffic in two parts, runs the job over it to its end, and checks everything it wrote. */
    public void runAndAssert() throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("job.parallelism", "2"));
        all.putAll(settings);
        PlumblineConfig config = BoundedDriftRun.configure(kafka, prefix, DriftTraffic.PARTITIONS, checkpoints, all);
        DriftTraffic traffic = new DriftTraffic(config.topics().predictions(), T0, WINDOW, EVENTS_PER_WINDOW,
                20250101L).encodedWith(encoding);
        if (inferenceLogs != null) {
            traffic.asInferenceLogs(inferenceLogs);
        }
        var firstPart = traffic.windows(0, 3, SHIFTED_WINDOWS);
        firstPart.addAll(traffic.malformed(T0 + 25_000));
        extraMalformed.forEach(m -> firstPart.add(traffic.reject(null, m.value(), m.reason())));
        // Sent once W0 and W1 have closed, so that events of theirs are late whatever the timing.
        var secondPart = traffic.late(0, 1);
        secondPart.addAll(traffic.windows(3, WINDOWS, SHIFTED_WINDOWS));
        secondPart.addAll(traffic.malformed(T0 + 55_000));
        long[] end = traffic.endOffsets();

        kafka.produce(firstPart);
        JobClient job = BoundedDriftRun.start(config, end);
        kafka.consumeCommittedUntil(config.topics().driftStats(), read -> windowsClosed(read, 1) == 2,
                Duration.ofSeconds(60));
        kafka.produce(secondPart);
        job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

        List<JsonNode> stats = JsonRecords.values(kafka.consumeAllCommitted(config.topics().driftStats(),
                Duration.ofSeconds(30)));
        List<JsonNode> alerts = JsonRecords.values(kafka.consumeAllCommitted(config.topics().alerts(),
                Duration.ofSeconds(30)));
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                kafka.consumeAllCommitted(config.topics().deadLetter(), Duration.ofSeconds(30));

        assertEveryWindowAfterTheBaselineWasReported(stats);
        assertStatisticsMatchTheRawEvents(stats, traffic);
        assertAlertsFireOnTheShiftAndResolveAfterIt(alerts);
        assertEveryRejectedRecordIsADeadLetter(deadLetters, traffic);
    }

    /** W0 is the baseline; W1 to W6 each get one record per feature, one for the prediction, one for the model. */
    private static void assertEveryWindowAfterTheBaselineWasReported(List<JsonNode> stats) {
        for (String model : List.of(SHIFTING, STABLE)) {
            for (int w = 1; w < WINDOWS; w++) {
                long start = T0 + w * WINDOW;
                List<JsonNode> window = stats.stream()
                        .filter(s -> s.get("model_id").asText().equals(model) && s.get("window_start").asLong() == start)
                        .toList();
                assertThat(window).as("%s window %d", model, w).extracting(s -> s.get("feature").asText())
                        .containsExactlyInAnyOrderElementsOf(REPORTED);
                assertThat(window).allSatisfy(s -> {
                    assertThat(s.get("baseline").asText()).isEqualTo("warmup");
                    assertThat(s.get("baseline_window_start").asLong()).isEqualTo(T0);
                });
            }
        }
        assertThat(stats).hasSize(2 * (WINDOWS - 1) * REPORTED.size());
    }

    private static void assertStatisticsMatchTheRawEvents(List<JsonNode> stats, DriftTraffic traffic) {
        int checked = 0;
        for (JsonNode s : stats) {
            if (s.get("scope").asText().equals("model")) {
                continue;
            }
            String model = s.get("model_id").asText();
            String feature = s.get("feature").asText();
            int w = (int) ((s.get("window_start").asLong() - T0) / WINDOW);
            DriftTraffic.Sample baseline = traffic.sample(model, 0, feature);
            DriftTraffic.Sample current = traffic.sample(model, w, feature);
            String where = model + " " + feature + " window " + w;

            assertThat(s.get("n_current").asLong()).as(where).isEqualTo(current.numbers.size() + current.categories.size());
            assertThat(s.get("missing_current").asLong()).as(where).isEqualTo(current.missing);
            if (s.get("feature_type").asText().equals("numeric")) {
                assertThat(s.get("ks_statistic").asDouble()).as(where + " ks_statistic")
                        .isCloseTo(ExactStatistics.ksStatistic(baseline.numbers(), current.numbers()), within(0.01));
                assertThat(s.get("psi").asDouble()).as(where + " psi")
                        .isCloseTo(ExactStatistics.psi(baseline.numbers(), current.numbers()), within(0.01));
            } else {
                assertThat(s.get("psi").asDouble()).as(where + " psi")
                        .isCloseTo(ExactStatistics.categoricalPsi(baseline.categories, current.categories), within(0.01));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(2 * (WINDOWS - 1) * FEATURES.size());
    }

    private static void assertAlertsFireOnTheShiftAndResolveAfterIt(List<JsonNode> alerts) {
        List<JsonNode> firing = alerts.stream().filter(a -> a.get("status").asText().equals("firing")).toList();
        Map<String, JsonNode> resolved = alerts.stream().filter(a -> a.get("status").asText().equals("resolved"))
                .collect(Collectors.toMap(a -> a.get("fingerprint").asText(), a -> a));

        assertThat(firing).extracting(a -> a.get("labels").get("model_id").asText()).containsOnly(SHIFTING);
        assertThat(firing).extracting(a -> a.get("labels").path("feature").asText())
                .isSubsetOf(SHIFTED_FEATURES)
                .containsAll(SHIFTED_FEATURES);
        assertThat(firing).allSatisfy(a -> {
            assertThat(a.get("window_start").asLong()).isEqualTo(T0 + 3 * WINDOW);
            JsonNode end = resolved.get(a.get("fingerprint").asText());
            assertThat(end).as("resolution of %s", a).isNotNull();
            assertThat(end.get("window_start").asLong()).isEqualTo(T0 + 5 * WINDOW);
        });
        assertThat(firing).filteredOn(a -> a.get("labels").path("feature").asText().equals("prediction"))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("labels").get("scope").asText()).isEqualTo("prediction"));
        assertThat(alerts).hasSize(2 * firing.size());
    }

    private void assertEveryRejectedRecordIsADeadLetter(List<ConsumerRecord<byte[], byte[]>> deadLetters,
                                                             DriftTraffic traffic) {
        assertThat(deadLetters).hasSize(traffic.rejected().size());
        for (DriftTraffic.Rejected r : traffic.rejected()) {
            ConsumerRecord<byte[], byte[]> letter = deadLetters.stream()
                    .filter(d -> header(d, "plumbline.source.partition").equals(Integer.toString(r.partition()))
                            && header(d, "plumbline.source.offset").equals(Long.toString(r.offset())))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no dead letter for " + r));
            assertThat(header(letter, "plumbline.reason")).as("reason of %s", r).isEqualTo(r.reason().code());
            assertThat(header(letter, "plumbline.source.topic")).isEqualTo(traffic.topic());
            assertThat(header(letter, "plumbline.detail")).isNotBlank();
            assertThat(letter.value()).isEqualTo(r.value());
            assertThat(letter.key()).isEqualTo(r.key());
        }
    }

    /** How many models have reported window {@code w}: it closed, and its results were committed. */
    private static long windowsClosed(List<ConsumerRecord<byte[], byte[]>> stats, int w) {
        return JsonRecords.values(stats).stream()
                .filter(s -> s.get("window_start").asLong() == T0 + w * WINDOW)
                .map(s -> s.get("model_id").asText())
                .distinct()
                .count();
    }

}
