package io.plumbline.jobs;

import static io.plumbline.jobs.testing.JsonRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.jobs.testing.LiveJobs;
import io.plumbline.jobs.testing.RecordFuzzer;
import io.plumbline.jobs.testing.SameJson;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.LlmCallEncoder;
import io.plumbline.schemas.codec.LlmCallLimits;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.codec.PredictionDecoder;
import io.plumbline.schemas.codec.PredictionEncoder;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import io.plumbline.testing.kafka.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 000 mutated records ({@link RecordFuzzer}), half predictions to the drift job and half LLM calls to the
 * LLM job, interleaved with valid ones, JSON and Avro. Neither job may fail (they never restart), and no
 * record may be lost: each is counted in its window's statistics or dead-lettered, with the reason its
 * decoder gives it. And what is rejected must not change what is accepted: the statistics equal those of a
 * second pair of jobs fed only the records the decoder accepts.
 *
 * <p>The decoder is the oracle: each record is decoded here as the job will decode it. A mutated record
 * that is accepted counts as valid input; one accepted with another model version, LLM variant or event
 * time is mutated again instead, so that every accepted record falls in a window the valid records close
 * and in a key they warm up. All event times lie in {@link #WINDOWS} windows, and a last valid record of
 * each kind, a window later, closes them.
 */
class FuzzedRecordsITCase {

    /** In the past, as event times must be, and fixed, so that a seed gives the same records every run. */
    private static final long T0 = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int WINDOWS = 5;
    /** Per event type: one valid record and {@link #MUTANTS_PER_SLOT} mutated ones each. */
    private static final int SLOTS = 5_000;
    private static final int MUTANTS_PER_SLOT = 10;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink(4);

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @TempDir
    Path checkpoints;

    @Test
    void everyRecordIsCountedOrDeadLetteredAndTheRejectedOnesChangeNoStatistic() throws Exception {
        long started = System.nanoTime();
        KafkaTestCluster kafka = KAFKA.cluster();
        PlumblineConfig fuzzed = configure(kafka, "fuzz.all", checkpoints.resolve("all"));
        PlumblineConfig clean = configure(kafka, "fuzz.accepted", checkpoints.resolve("accepted"));
        List<JobClient> jobs = new ArrayList<>();
        try {
            for (PlumblineConfig config : List.of(fuzzed, clean)) {
                jobs.add(LiveJobs.startDrift(config, LiveJobs.withoutBaselines(config)));
                jobs.add(LiveJobs.startLlm(config));
            }
            Traffic predictions;
            Traffic calls;
            // sent as they are made, so that the broker and the jobs work while the next ones are made
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                predictions = new Traffic(new Predictions(new Random(31)), new RecordFuzzer(new Random(32)), producer,
                        fuzzed.topics().predictions(), clean.topics().predictions());
                calls = new Traffic(new Calls(new Random(33)), new RecordFuzzer(new Random(34)), producer,
                        fuzzed.llm().callsTopic(), clean.llm().callsTopic());
                for (int slot = 0; slot < SLOTS; slot++) {
                    long time = T0 + slot * (WINDOW * WINDOWS / SLOTS);
                    predictions.slot(slot, time);
                    calls.slot(slot, time);
                }
                long later = T0 + (WINDOWS + 1) * WINDOW; // its window stays open: it closes the others
                predictions.closer(later);
                calls.closer(later);
            }

            Map<Long, Long> predictionsCounted = new TreeMap<>();
            List<JsonNode> driftStats = awaitWindows(kafka, fuzzed.topics().driftStats(), predictions,
                    stats -> stats.get("scope").asText().equals("model"), "n_current", predictionsCounted, jobs);
            List<JsonNode> driftStatsOfAccepted = awaitWindows(kafka, clean.topics().driftStats(), predictions,
                    stats -> stats.get("scope").asText().equals("model"), "n_current", new TreeMap<>(), jobs);
            Map<Long, Long> callsCounted = new TreeMap<>();
            List<JsonNode> llmStats = awaitWindows(kafka, fuzzed.llm().statsTopic(), calls,
                    stats -> !stats.has("scope"), "requests", callsCounted, jobs);
            List<JsonNode> llmStatsOfAccepted = awaitWindows(kafka, clean.llm().statsTopic(), calls,
                    stats -> !stats.has("scope"), "requests", new TreeMap<>(), jobs);
            int rejected = predictions.rejected() + calls.rejected();
            List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.consumeCommittedUntil(fuzzed.topics().deadLetter(),
                    read -> read.size() >= rejected, WAIT);

            LiveJobs.requireAlive(jobs);
            for (JobClient job : jobs) {
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            }
            assertThat(predictionsCounted).as("predictions per window").isEqualTo(predictions.acceptedPerWindow());
            assertThat(callsCounted).as("calls per window").isEqualTo(calls.acceptedPerWindow());
            assertThat(deadLetters).as("dead letters").hasSize(rejected);
            assertThat(reasonsBySource(deadLetters)).as("dead letters by where they were read").isEqualTo(Map.of(
                    fuzzed.topics().predictions(), predictions.rejectedAt(),
                    fuzzed.llm().callsTopic(), calls.rejectedAt()));
            assertThat(kafka.consumeAllCommitted(clean.topics().deadLetter(), WAIT)).as("dead letters of the accepted")
                    .isEmpty();
            for (Traffic traffic : List.of(predictions, calls)) {
                assertThat(traffic.fed()).isEqualTo(traffic.acceptedPerWindow().values().stream()
                        .mapToLong(Long::longValue).sum() + traffic.rejected() + Traffic.STILL_OPEN);
            }
            assertThat(differences(byKeyAndWindow(driftStats), byKeyAndWindow(driftStatsOfAccepted)))
                    .as("drift statistics that rejected records changed").isEmpty();
            assertThat(differences(byKeyAndWindow(llmStats), byKeyAndWindow(llmStatsOfAccepted)))
                    .as("LLM statistics that rejected records changed").isEmpty();

            System.out.printf("FuzzedRecordsITCase: %d predictions (%d mutated), %d LLM calls (%d mutated); "
                            + "%d dead-lettered by reason %s; %.1f s, the JVM's CPU time so far %s%n",
                    predictions.fed(), predictions.mutated(), calls.fed(), calls.mutated(), deadLetters.size(),
                    countByReason(deadLetters), (System.nanoTime() - started) / 1e9,
                    ProcessHandle.current().info().totalCpuDuration().map(Duration::toString).orElse("unknown"));
        } finally {
            for (JobClient job : jobs) {
                LiveJobs.cancel(job);
            }
        }
    }

    private static PlumblineConfig configure(KafkaTestCluster kafka, String prefix, Path checkpoints) throws Exception {
        // checkpoints, and so commits, every second: four jobs at twice a second would be a good part of the work
        PlumblineConfig config = LiveJobs.configure(kafka, prefix, checkpoints, Duration.ofMillis(WINDOW),
                Map.of("checkpoint.interval", "1s"));
        for (String topic : List.of(config.topics().predictions(), config.topics().driftStats(),
                config.llm().callsTopic(), config.llm().statsTopic())) {
            kafka.createTopic(topic, 1);
        }
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaTestCluster kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The statistics a topic has once every window the traffic closes is there with all its events:
     * {@code events} of each record {@code counted} summed per window into {@code perWindow}. Ends early
     * when one of the jobs fails.
     */
    private static List<JsonNode> awaitWindows(KafkaTestCluster kafka, String topic, Traffic traffic,
            Predicate<JsonNode> counted, String events, Map<Long, Long> perWindow, List<JobClient> jobs)
            throws Exception {
        kafka.consumeCommittedUntil(topic, read -> {
            LiveJobs.requireAlive(jobs);
            perWindow.clear();
            for (JsonNode stats : JsonRecords.values(read)) {
                if (counted.test(stats)) {
                    perWindow.merge(stats.get("window_start").asLong(), stats.get(events).asLong(), Long::sum);
                }
            }
            return perWindow.equals(traffic.acceptedPerWindow());
        }, WAIT);
        return JsonRecords.values(kafka.consumeAllCommitted(topic, WAIT));
    }

    private static Map<String, JsonNode> byKeyAndWindow(List<JsonNode> stats) {
        Map<String, JsonNode> byKey = new TreeMap<>();
        for (JsonNode record : stats) {
            String key = record.has("model_id")
                    ? record.get("model_id").asText() + "/" + record.get("model_version").asText() + "/"
                            + record.get("feature").asText() + "/" + record.get("scope").asText()
                    : String.join("/", record.get("service").asText(), record.get("operation").asText(),
                            record.get("prompt").asText(), record.get("provider").asText(),
                            record.get("model").asText(), record.get("prompt_version").asText());
            assertThat(byKey.put(key + "@" + record.get("window_start").asLong(), record)).as(key).isNull();
        }
        return byKey;
    }

    /** The keys whose records differ, or that only one side has, with both records for the first few. */
    /**
     * The keys whose records differ: counts exactly, other numbers beyond their last digits (the two runs'
     * pre-aggregated partials are cut at other times, so sums are added in another order).
     */
    private static List<String> differences(Map<String, JsonNode> actual, Map<String, JsonNode> expected) {
        Set<String> keys = new TreeSet<>(actual.keySet());
        keys.addAll(expected.keySet());
        List<String> differ = new ArrayList<>();
        for (String key : keys) {
            if (!SameJson.same(actual.get(key), expected.get(key))) {
                differ.add(differ.size() < 3 ? key + ": " + actual.get(key) + " instead of " + expected.get(key) : key);
            }
        }
        return differ;
    }

    private static Map<String, Map<Long, RejectReason>> reasonsBySource(List<ConsumerRecord<byte[], byte[]>> letters) {
        Map<String, Map<Long, RejectReason>> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            reasons.computeIfAbsent(header(letter, "plumbline.source.topic"), t -> new HashMap<>())
                    .put(Long.parseLong(header(letter, "plumbline.source.offset")), reason(letter));
        }
        return reasons;
    }

    private static Map<String, Long> countByReason(List<ConsumerRecord<byte[], byte[]>> letters) {
        return letters.stream().collect(Collectors.groupingBy(letter -> reason(letter).code(), TreeMap::new,
                Collectors.counting()));
    }

    private static RejectReason reason(ConsumerRecord<byte[], byte[]> letter) {
        String code = header(letter, "plumbline.reason");
        for (RejectReason reason : RejectReason.values()) {
            if (reason.code().equals(code)) {
                return reason;
            }
        }
        throw new AssertionError("a dead letter with an unknown reason: " + code);
    }

    /** What the decoder makes of a record: the window and key it is counted in, or why it is rejected. */
    private record Judged(RejectReason reason, String key, long eventTime) {

        static Judged rejected(RejectedRecordException e) {
            return new Judged(e.reason(), null, 0);
        }
    }

    /** One kind of event: valid ones at a given time, encoded as a producer would, and how the decoder reads them. */
    private interface Events {
        byte[] valid(String id, long time);

        /** Every key the valid events have. */
        Set<String> keys();

        Judged judge(byte[] record);
    }

    /** Predictions of two versions of one model, numeric and categorical features, a score or a class. */
    private static final class Predictions implements Events {
        private static final String[] PLANS = {"free", "pro", "team"};
        private final Random random;
        private final PredictionDecoder decoder = new PredictionDecoder(PayloadFormat.AUTO);

        Predictions(Random random) {
            this.random = random;
        }

        @Override
        public byte[] valid(String id, long time) {
            boolean classifier = random.nextBoolean();
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("income", Math.round(50_000 + 10_000 * random.nextGaussian()) / 1.0);
            features.put("age", (double) (18 + random.nextInt(60)));
            features.put("plan", PLANS[random.nextInt(PLANS.length)]);
            features.put("member", random.nextBoolean());
            features.put("referrer", random.nextInt(10) == 0 ? null : "ads");
            double p = random.nextDouble();
            PredictionEvent event = PredictionEvent.newBuilder().setEventId(id).setTimestamp(time).setModelId("fuzz")
                    .setModelVersion(classifier ? "v2" : "v1").setFeatures(features)
                    .setPrediction(classifier ? (p < 0.5 ? "no" : "yes") : p)
                    .setPredictionScores(classifier ? Map.of("yes", p, "no", 1 - p) : null)
                    .setLatencyMs(random.nextDouble() * 20)
                    .setSegment(Map.of("region", random.nextBoolean() ? "eu" : "us"))
                    .setLabel(classifier ? (Object) "yes" : null).build();
            return random.nextInt(4) == 0 ? PredictionEncoder.avroSingleObject(event) : PredictionEncoder.json(event);
        }

        @Override
        public Set<String> keys() {
            return Set.of("fuzz/v1", "fuzz/v2");
        }

        @Override
        public Judged judge(byte[] record) {
            try {
                PredictionRecord r = decoder.decode(record);
                return new Judged(null, r.modelId() + "/" + r.modelVersion(), r.timestamp());
            } catch (RejectedRecordException e) {
                return Judged.rejected(e);
            }
        }
    }

    /** Calls of one route, two prompt versions and two tenants, with every optional field now and then. */
    private static final class Calls implements Events {
        private static final Set<String> KEYS = keys("gpt-4o", "gpt-4o-2024-08-06");
        private final Random random;
        private final LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, LlmCallLimits.DEFAULTS);

        Calls(Random random) {
            this.random = random;
        }

        @Override
        public byte[] valid(String id, long time) {
            long end = time * 1_000_000L;
            long latency = 200_000_000L + random.nextInt(2_000_000_000);
            long input = 100 + random.nextInt(2_000);
            long output = 10 + random.nextInt(500);
            LlmCallEvent call = LlmCallEvent.newBuilder().setEventId(id).setStartTimeUnixNano(end - latency)
                    .setEndTimeUnixNano(end).setServiceName("bot").setGenAiOperationName("chat")
                    .setGenAiProviderName("openai").setGenAiRequestModel("gpt-4o")
                    .setGenAiResponseModel(random.nextBoolean() ? "gpt-4o-2024-08-06" : null)
                    .setGenAiPromptName("triage").setPromptVersion(random.nextBoolean() ? "v1" : "v2")
                    .setGenAiUsageInputTokens(input)
                    .setGenAiUsageCacheReadInputTokens((long) random.nextInt((int) input))
                    .setGenAiUsageOutputTokens(output)
                    .setGenAiUsageReasoningOutputTokens((long) random.nextInt((int) output))
                    .setGenAiResponseFinishReasons(List.of(random.nextInt(10) == 0 ? "length" : "stop"))
                    .setGenAiResponseTimeToFirstChunk(random.nextDouble() * latency / 1e9)
                    .setErrorType(random.nextInt(20) == 0 ? "timeout" : null).setRefusal(random.nextInt(50) == 0)
                    .setCostUsd(input * 2.5e-6 + output * 1e-5).setEvalScore(random.nextDouble())
                    .setTenant(random.nextBoolean() ? "acme" : "globex").build();
            return random.nextInt(4) == 0 ? LlmCallEncoder.avroSingleObject(call) : LlmCallEncoder.json(call);
        }

        @Override
        public Set<String> keys() {
            return KEYS;
        }

        @Override
        public Judged judge(byte[] record) {
            try {
                LlmCallRecord r = decoder.decode(record);
                return new Judged(null, key(r.service(), r.operation(), r.promptName(), r.provider(), r.responseModel(),
                        r.promptVersion(), r.tenant()), r.eventTimeMillis());
            } catch (RejectedRecordException e) {
                return Judged.rejected(e);
            }
        }

        private static String key(String... parts) {
            return String.join("/", parts);
        }

        private static Set<String> keys(String... models) {
            Set<String> keys = new HashSet<>();
            for (String model : models) {
                for (String version : List.of("v1", "v2")) {
                    for (String tenant : List.of("acme", "globex")) {
                        keys.add(key("bot", "chat", "triage", "openai", model, version, tenant));
                    }
                }
            }
            return Set.copyOf(keys);
        }
    }

    /**
     * The records of one kind of event, sent as they are made, each judged by the decoder: per slot of time
     * a valid record and {@link #MUTANTS_PER_SLOT} mutated ones, and last a valid record in a later window,
     * which stays open. All go to one topic, the accepted ones to a second as well.
     */
    private static final class Traffic {
        static final int STILL_OPEN = 1;
        private static final int MAX_ATTEMPTS = 1_000;

        private final Events events;
        private final RecordFuzzer fuzzer;
        private final Producer<byte[], byte[]> producer;
        private final String allTopic;
        private final String acceptedTopic;
        private final Map<Future<RecordMetadata>, RejectReason> rejected = new HashMap<>();
        private final Map<Long, Long> acceptedPerWindow = new TreeMap<>();
        private int fed;
        private int mutated;

        Traffic(Events events, RecordFuzzer fuzzer, Producer<byte[], byte[]> producer, String allTopic,
                String acceptedTopic) {
            this.events = events;
            this.fuzzer = fuzzer;
            this.producer = producer;
            this.allTopic = allTopic;
            this.acceptedTopic = acceptedTopic;
        }

        void slot(int slot, long time) {
            valid("v-" + slot, time);
            for (int m = 0; m < MUTANTS_PER_SLOT; m++) {
                mutant("m-" + slot + "-" + m, time);
            }
        }

        void closer(long time) {
            valid("closer", time);
            acceptedPerWindow.remove(time - time % WINDOW);
        }

        private void valid(String id, long time) {
            byte[] record = events.valid(id, time);
            Judged verdict = events.judge(record);
            assertThat(verdict.reason()).as("a valid record is accepted").isNull();
            send(record, verdict, time);
        }

        /**
         * A mutation of a valid record at {@code time} that is rejected, or accepted with one of the valid
         * keys and the same time; any other is mutated again.
         */
        private void mutant(String id, long time) {
            byte[] valid = events.valid(id, time);
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                byte[] mutant = fuzzer.mutate(valid);
                Judged verdict = events.judge(mutant);
                if (verdict.reason() != null || events.keys().contains(verdict.key()) && verdict.eventTime() == time) {
                    send(mutant, verdict, time);
                    mutated++;
                    return;
                }
            }
            throw new AssertionError("no mutation of " + id + " in " + MAX_ATTEMPTS + " attempts stayed in its key");
        }

        private void send(byte[] record, Judged verdict, long time) {
            Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(allTopic, record));
            fed++;
            if (verdict.reason() != null) {
                rejected.put(sent, verdict.reason());
            } else {
                producer.send(new ProducerRecord<>(acceptedTopic, record));
                acceptedPerWindow.merge(time - time % WINDOW, 1L, Long::sum);
            }
        }

        /** The reason of each record the decoder rejects, by the offset it was written at. */
        Map<Long, RejectReason> rejectedAt() throws Exception {
            Map<Long, RejectReason> at = new HashMap<>();
            for (Map.Entry<Future<RecordMetadata>, RejectReason> record : rejected.entrySet()) {
                at.put(record.getKey().get().offset(), record.getValue());
            }
            return at;
        }

        int fed() {
            return fed;
        }

        int mutated() {
            return mutated;
        }

        int rejected() {
            return rejected.size();
        }

        Map<Long, Long> acceptedPerWindow() {
            return acceptedPerWindow;
        }
    }
}
