package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.alerts.llm.LlmThresholds;
import io.plumbline.cli.demo.DemoBudgets;
import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.cli.demo.GeneratedRecord;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.cli.demo.PredictionGenerator;
import io.plumbline.cli.demo.TrafficSchedule;
import io.plumbline.cli.demo.TrafficSource;
import io.plumbline.monitor.pricing.PriceTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline run} as a user runs it: the shaded jar in its own JVM, stopped with SIGTERM (what
 * Ctrl-C amounts to) in the middle of a drift and of the demo's LLM incidents, and started again with the
 * same config. Both jobs must resume from their checkpoints: an alert that fired before the restart is
 * neither re-sent nor forgotten (it resolves once), the drift baseline is the one learnt before the restart,
 * and the LLM job's baselines, rule state and budget spend carry over, or an LLM alert would fire again
 * against a baseline relearnt mid-incident, or a day budget's alert would resolve with its spend forgotten.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RunCommandITCase {

    private static final long WINDOW_MILLIS = 2_000;
    private static final int EVENTS_PER_MODEL_PER_WINDOW = 3_000;
    private static final int LLM_CALLS_PER_SECOND = 1_500;
    /** LLM alerts the demo's traffic keeps firing to its end: an unpriced model, the tenant's day budget. */
    private static final List<String> STAYING = List.of("llm_unpriced_model", "llm_cost_budget_day");
    private static final int SHIFT_FROM = 3;
    private static final int SHIFT_UNTIL = 12;
    private static final String PREDICTIONS = "predictions";
    private static final String STATS = "drift-stats";
    private static final String ALERTS = "alerts";
    private static final String DEAD_LETTER = "dead-letter";
    private static final String LLM_CALLS = "llm-calls";
    private static final String LLM_STATS = "llm-stats";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path work;

    @Test
    void aRestartedRunResumesWithoutRelearningOrResending() throws Exception {
        long now = System.currentTimeMillis();
        long eventStart = Math.floorDiv(now - Duration.ofMinutes(30).toMillis(), WINDOW_MILLIS) * WINDOW_MILLIS;
        TrafficSchedule schedule = new TrafficSchedule(now, eventStart, WINDOW_MILLIS, 2, SHIFT_FROM, SHIFT_UNTIL);
        PredictionGenerator traffic = new PredictionGenerator(5, schedule, EVENTS_PER_MODEL_PER_WINDOW);
        LlmCallGenerator calls = new LlmCallGenerator(7, schedule, LLM_CALLS_PER_SECOND);
        DemoBudgets budgets = DemoBudgets.plan(8, schedule, LLM_CALLS_PER_SECOND, PriceTable.defaults(),
                LlmThresholds.DEFAULTS);

        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null);
                KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            broker.createTopics(List.of(PREDICTIONS, STATS, ALERTS, DEAD_LETTER, LLM_CALLS, LLM_STATS));
            List<String> runArgs = runArgs(broker, budgets);
            List<JsonNode> beforeRestart;

            try (RunProcess first = RunProcess.start(runArgs, work.resolve("first-run.log"))) {
                publishThroughWindow(traffic, calls, producer, schedule, SHIFT_FROM + 4);
                beforeRestart = awaitAlerts(broker, alerts -> alerts.stream().anyMatch(a -> isFiring(a) && !isLlm(a))
                        && alerts.stream().anyMatch(a -> isFiring(a) && isLlm(a) && !staying(a)), first);
                assertThat(beforeRestart).filteredOn(a -> !isLlm(a))
                        .allMatch(a -> a.path("labels").path("model_id").asText().equals("credit-risk"));
                assertThat(first.output()).contains("No earlier checkpoint");
            }

            publishThroughWindow(traffic, calls, producer, schedule, SHIFT_FROM + 6);

            try (RunProcess second = RunProcess.start(runArgs, work.resolve("second-run.log"))) {
                second.awaitOutput("Ctrl-C stops the jobs", Duration.ofSeconds(60));
                assertThat(second.output().lines().filter(line -> line.contains("Resumed from checkpoint")))
                        .as("both jobs resumed, each from its own checkpoints").hasSize(2)
                        .anyMatch(line -> line.contains("job 'run-itcase-llm'") && line.contains("/llm/"))
                        .anyMatch(line -> line.contains("job 'run-itcase'") && !line.contains("/llm/"));
                publishThroughWindow(traffic, calls, producer, schedule, SHIFT_UNTIL + 6);
                awaitAlerts(broker, RunCommandITCase::everyFiringResolved, second);
            }

            List<JsonNode> alerts = readCommitted(broker, ALERTS);
            Map<String, List<String>> statuses = statusesByFingerprint(alerts);
            assertThat(statuses).as("each alert's state changes")
                    .isNotEmpty()
                    .allSatisfy((fingerprint, changes) -> assertThat(changes).isIn(
                            List.of("firing", "resolved"), List.of("firing"), List.of("info")));
            assertThat(alerts).filteredOn(a -> isFiring(a) && !hasResolved(statuses, a))
                    .as("alerts still firing at the end: only those the traffic keeps firing")
                    .allMatch(RunCommandITCase::staying);
            assertThat(beforeRestart).filteredOn(a -> isFiring(a) && !staying(a))
                    .as("fired before the restart, resolved once after it")
                    .isNotEmpty()
                    .allMatch(a -> hasResolved(statuses, a));
            assertThat(alerts).filteredOn(a -> !isLlm(a))
                    .allMatch(a -> a.path("labels").path("model_id").asText().equals("credit-risk"));
            assertThat(alerts).anyMatch(a -> a.path("labels").path("feature").asText().equals("income"));

            List<JsonNode> income = readCommitted(broker, STATS).stream()
                    .filter(s -> s.path("model_id").asText().equals("credit-risk")
                            && s.path("feature").asText().equals("income"))
                    .toList();
            assertThat(income).extracting(s -> s.path("window_start").asLong()).doesNotHaveDuplicates()
                    .anyMatch(start -> schedule.windowIndex(start) <= SHIFT_FROM + 4)
                    .anyMatch(start -> schedule.windowIndex(start) >= SHIFT_FROM + 7);
            assertThat(income).extracting(s -> s.path("baseline_window_start").asLong() + " n=" + s.path("n_baseline").asLong())
                    .as("the baseline before and after the restart")
                    .containsOnly(eventStart + " n=" + EVENTS_PER_MODEL_PER_WINDOW);
        }
    }

    private static boolean isFiring(JsonNode alert) {
        return alert.path("status").asText().equals("firing");
    }

    private static boolean isLlm(JsonNode alert) {
        return alert.path("labels").path("alertname").asText().startsWith("llm_");
    }

    private static boolean staying(JsonNode alert) {
        return STAYING.contains(alert.path("labels").path("alertname").asText());
    }

    private static boolean hasResolved(Map<String, List<String>> statuses, JsonNode alert) {
        return statuses.get(alert.path("fingerprint").asText()).contains("resolved");
    }

    /** Every alert fired has resolved, but those the traffic keeps firing; a drift and an LLM one among them. */
    private static boolean everyFiringResolved(List<JsonNode> alerts) {
        Map<String, List<String>> statuses = statusesByFingerprint(alerts);
        List<JsonNode> resolved = alerts.stream().filter(a -> a.path("status").asText().equals("resolved")).toList();
        return resolved.stream().anyMatch(a -> !isLlm(a)) && resolved.stream().anyMatch(RunCommandITCase::isLlm)
                && alerts.stream().filter(a -> isFiring(a) && !staying(a)).allMatch(a -> hasResolved(statuses, a));
    }

    private static Map<String, List<String>> statusesByFingerprint(List<JsonNode> alerts) {
        return alerts.stream().collect(Collectors.groupingBy(a -> a.path("fingerprint").asText(), LinkedHashMap::new,
                Collectors.mapping(a -> a.path("status").asText(), Collectors.toList())));
    }

    private List<String> runArgs(EmbeddedBroker broker, DemoBudgets budgets) {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", broker.bootstrapServers(),
                "--set", "topics.predictions=" + PREDICTIONS,
                "--set", "topics.drift-stats=" + STATS,
                "--set", "topics.alerts=" + ALERTS,
                "--set", "topics.dead-letter=" + DEAD_LETTER,
                "--set", "topics.llm-calls=" + LLM_CALLS,
                "--set", "topics.llm-stats=" + LLM_STATS,
                "--set", "llm.job-name=run-itcase-llm",
                "--set", "window.size=" + WINDOW_MILLIS + "ms",
                "--set", "llm.window.size=" + WINDOW_MILLIS + "ms",
                // Events arrive in time order; closing a window on its next event keeps the test short.
                "--set", "watermark.out-of-orderness=0s",
                "--set", "checkpoint.interval=1s",
                "--set", "checkpoint.directory=" + work.resolve("checkpoints").toUri(),
                "--set", "job.name=run-itcase",
                // serve beside the jobs, on any free port
                "--set", "serve.metrics.port=0"));
        budgets.settings().forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        return args;
    }

    /**
     * Publishes every prediction and LLM call up to the first one of the next window, whose timestamp closes
     * this one.
     */
    private static void publishThroughWindow(TrafficSource predictions, TrafficSource calls,
                                             KafkaProducer<byte[], byte[]> producer, TrafficSchedule schedule,
                                             int window) {
        long end = schedule.eventStart() + (window + 1) * schedule.windowMillis();
        for (Map.Entry<String, TrafficSource> source : Map.of(PREDICTIONS, predictions, LLM_CALLS, calls).entrySet()) {
            while (source.getValue().nextTimestamp() <= end) {
                GeneratedRecord record = source.getValue().next();
                producer.send(new ProducerRecord<>(source.getKey(), null, record.timestamp(), record.key(),
                        record.payload()));
            }
        }
        producer.flush();
    }

    private static List<JsonNode> awaitAlerts(EmbeddedBroker broker, Predicate<List<JsonNode>> done, RunProcess run)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<JsonNode> alerts = readCommitted(broker, ALERTS);
        while (!done.test(alerts)) {
            // A repeated state change is the failure this test is about: say so at once, not at the timeout.
            assertThat(statusesByFingerprint(alerts)).as("state changes per alert")
                    .allSatisfy((fingerprint, statuses) -> assertThat(statuses).doesNotHaveDuplicates());
            if (System.nanoTime() > deadline || !run.isAlive()) {
                fail("gave up waiting for alerts; so far %s%nrun's output:%n%s", alerts, run.transcript());
            }
            Thread.sleep(500);
            alerts = readCommitted(broker, ALERTS);
        }
        return alerts;
    }

    /** Everything committed to the topic so far, as a downstream read_committed consumer sees it. */
    private static List<JsonNode> readCommitted(EmbeddedBroker broker, String topic) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(JSON.readTree(record.value()));
                }
            }
        }
        return records;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 10));
    }
}
