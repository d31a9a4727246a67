package io.plumbline.jobs.llm;

import static io.plumbline.jobs.testing.JsonRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.detectors.testing.ExactStatistics;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.testing.ProducerEncoding;
import io.plumbline.jobs.testing.JsonRecords;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.LlmCallEncoder;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.testing.kafka.KafkaTestCluster;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The LLM job's statistics run, for each encoding producers may use: calls of two routes over three 10-second
 * windows on two partitions, of several variants — two prompt versions of one model, a dated response model, a
 * provider whose long prompts pay a higher tier, a model no table prices, and a provider whose calls always carry
 * their own cost — with errors of two types, refusals, content filters, streamed and unstreamed calls, calls
 * without token counts and eval scores on some. Every LlmStats field is checked against an exact computation over
 * the calls sent: sums, counts, costs from the providers' published prices, and each quantile as the order
 * statistic of rank ⌈q·n⌉. Malformed calls, JSON and Avro, and those a test adds, are dead letters.
 */
public final class LlmStatsScenario {

    static final int PARTITIONS = 2;
    static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    static final long WINDOW = 10_000;
    private static final int WINDOWS = 3;
    private static final int CALL_COUNT = 3_000;
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
    private static final String[] QUANTILE_NAMES = {"p50", "p90", "p95", "p99"};

    /** The routes' variants: provider, request model, response model (null: the request's), prompt version. */
    private static final List<Variant> SUPPORT_BOT = List.of(
            new Variant("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "v1"),
            new Variant("openai", "gpt-4o-mini", null, "v2"),
            new Variant("anthropic", "claude-sonnet-4", "claude-sonnet-4-20250514", "v1"),
            new Variant("acme", "acme-large-1", null, "v1"));
    private static final List<Variant> SEARCH = List.of(
            new Variant("openai", "gpt-4.1-nano", null, null),
            new Variant("cohere", "embed-v4.0", null, null));

    /**
     * USD per million tokens on 2025-06-01, from the providers' price pages (docs/prices.md): input,
     * cached input, output; reasoning is billed as output.
     */
    private static final Map<String, double[]> PRICES = Map.of(
            "gpt-4o-mini", new double[] {0.15, 0.075, 0.60},
            "claude-sonnet-4", new double[] {3.00, 0.30, 15.00},
            "gpt-4.1-nano", new double[] {0.10, 0.025, 0.40});
    /** Claude Sonnet 4's prompts above 200 000 input tokens pay this for all their tokens. */
    private static final double[] SONNET_LONG_CONTEXT = {6.00, 0.60, 22.50};

    /** JSON and Avro single-object in turn, two calls of each, so that each partition gets both. */
    public static final ProducerEncoding<LlmCallEvent> JSON_AND_AVRO = (event, i) -> (i / PARTITIONS) % 2 == 0
            ? LlmCallEncoder.json(event) : LlmCallEncoder.avroSingleObject(event);
    /** Where the calls that a test adds as malformed go, in place of the calls there. */
    private static final int EXTRA_MALFORMED_FROM = 2_000;

    private final KafkaTestCluster kafka;
    private final Path checkpoints;
    private final String prefix;
    private final Map<String, String> settings;
    private final ProducerEncoding<LlmCallEvent> encoding;
    private final String calls;
    private final String stats;
    private final String deadLetter;
    private final Map<Integer, Malformed> extraMalformed = new HashMap<>();
    private boolean jsonAndAvroMalformed = true;

    private final Random random = new Random(20250601L);
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<LlmCallEvent> accepted = new ArrayList<>();
    private final Map<String, RejectReason> rejected = new HashMap<>();
    private final long[] offsets = new long[PARTITIONS];

    /**
     * @param prefix the run's topics' prefix: its calls go to {@code prefix.llm-calls}
     * @param settings config keys over the run's own
     * @param encoding how the calls are written
     */
    public LlmStatsScenario(KafkaTestCluster kafka, Path checkpoints, String prefix, Map<String, String> settings,
                            ProducerEncoding<LlmCallEvent> encoding) {
        this.kafka = kafka;
        this.checkpoints = checkpoints;
        this.prefix = prefix;
        this.settings = settings;
        this.encoding = encoding;
        this.calls = prefix + ".llm-calls";
        this.stats = prefix + ".llm-stats";
        this.deadLetter = prefix + ".dead-letter";
    }

    /** Sends {@code value} in place of one of the calls: the job must dead-letter it for {@code reason}. */
    public LlmStatsScenario withMalformed(byte[] value, RejectReason reason) {
        extraMalformed.put(EXTRA_MALFORMED_FROM + extraMalformed.size(), new Malformed(value, reason));
        return this;
    }

    /** Sends {@code value}, which holds no call (a trace export of no model call), in place of one of the calls. */
    public LlmStatsScenario withRecordOfNoCall(byte[] value) {
        extraMalformed.put(EXTRA_MALFORMED_FROM + extraMalformed.size(), new Malformed(value, null));
        return this;
    }

    /**
     * Leaves out the malformed JSON and Avro calls, for a topic forced to another format, where they would all be
     * undecodable alike: the test sends that format's own with {@link #withMalformed}.
     */
    public LlmStatsScenario withoutJsonAndAvroMalformed() {
        jsonAndAvroMalformed = false;
        return this;
    }

    /** Sends the calls, runs the job over them to its end, and checks every statistic and dead letter. */
    public void runAndAssert() throws Exception {
        PlumblineConfig config = BoundedLlmRun.configure(kafka, prefix, PARTITIONS, checkpoints, settings);
        for (int i = 0; i < CALL_COUNT; i++) {
            call(i);
        }
        Map<TopicPartition, Long> stoppingOffsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            stoppingOffsets.put(new TopicPartition(calls, p), offsets[p]);
        }
        kafka.produce(records);

        long started = System.nanoTime();
        BoundedLlmRun.awaitEnd(BoundedLlmRun.start(config, OffsetsInitializer.offsets(stoppingOffsets)));
        System.out.printf("LlmStatsScenario %s: %d calls in %.1f s (MiniCluster, parallelism 2, start-up included)%n",
                prefix, CALL_COUNT, (System.nanoTime() - started) / 1e9);

        List<ConsumerRecord<byte[], byte[]>> written = kafka.consumeAllCommitted(stats, Duration.ofSeconds(30));
        assertStatsAreExactlyThoseOfTheCallsSent(written);
        assertEveryMalformedCallIsADeadLetter(kafka.consumeAllCommitted(deadLetter,
                Duration.ofSeconds(30)));
    }

    private void assertStatsAreExactlyThoseOfTheCallsSent(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<LlmCallEvent>> expected = accepted.stream().collect(Collectors.groupingBy(
                LlmStatsScenario::statsKey, TreeMap::new, Collectors.toList()));
        Map<String, JsonNode> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode s = JsonRecords.values(List.of(r)).get(0);
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertThat(actual.put(key + "@" + s.get("window_start").asLong(), s)).as("twice: %s", key).isNull();
        }
        // six variants over three windows, every one of them seen in each
        assertThat(actual.keySet()).hasSize((SUPPORT_BOT.size() + SEARCH.size()) * WINDOWS)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, calls) -> assertMatches(key, actual.get(key), calls));

        // every kind of call the test means to cover was sent and reported
        List<JsonNode> all = List.copyOf(actual.values());
        assertThat(all.stream().mapToLong(s -> s.get("refusals").asLong()).sum()).isPositive();
        assertThat(all.stream().mapToLong(s -> s.get("content_filtered").asLong()).sum()).isPositive();
        assertThat(all).anySatisfy(s -> assertThat(s.get("errors").has("timeout")).isTrue());
        assertThat(all).anySatisfy(s -> assertThat(s.get("errors").has("rate_limited")).isTrue());
        assertThat(all).filteredOn(s -> s.get("model").asText().equals("acme-large-1"))
                .allSatisfy(s -> {
                    assertThat(s.get("unpriced_calls").asLong()).isEqualTo(s.get("requests").asLong()
                            - reported(accepted, s));
                    assertThat(s.get("unpriced_calls").asLong()).isPositive();
                });
        assertThat(all).filteredOn(s -> s.get("operation").asText().equals("embeddings"))
                .allSatisfy(s -> assertThat(s.has("ttft_seconds")).isFalse());
        assertThat(all).filteredOn(s -> s.get("model").asText().equals("claude-sonnet-4-20250514"))
                .allSatisfy(s -> assertThat(s.get("unpriced_calls").asLong()).isEqualTo(noTokens(s)));
        assertThat(accepted).as("a failed call without tokens on a priced model, which costs nothing")
                .anyMatch(c -> c.getErrorType() != null && c.getCostUsd() == null
                        && c.getGenAiUsageInputTokens() == null && PRICES.containsKey(c.getGenAiRequestModel()));
    }

    private void assertMatches(String key, JsonNode s, List<LlmCallEvent> calls) {
        LlmCallEvent first = calls.get(0);
        long windowStart = window(first);
        String description = key;
        assertThat(s.get("service").asText()).as(description).isEqualTo(first.getServiceName());
        assertThat(s.get("operation").asText()).as(description).isEqualTo(first.getGenAiOperationName());
        assertThat(s.get("prompt").asText()).as(description).isEqualTo(orEmpty(first.getGenAiPromptName()));
        assertThat(s.get("provider").asText()).as(description).isEqualTo(first.getGenAiProviderName());
        assertThat(s.get("model").asText()).as(description).isEqualTo(responseModel(first));
        assertThat(s.get("prompt_version").asText()).as(description).isEqualTo(orEmpty(first.getPromptVersion()));
        assertThat(s.get("window_start").asLong()).as(description).isEqualTo(windowStart);
        assertThat(s.get("window_end").asLong()).as(description).isEqualTo(windowStart + WINDOW);
        assertThat(s.get("requests").asLong()).as(description).isEqualTo(calls.size());

        Map<String, Long> errors = calls.stream().filter(c -> c.getErrorType() != null)
                .collect(Collectors.groupingBy(LlmCallEvent::getErrorType, TreeMap::new, Collectors.counting()));
        Map<String, Long> reportedErrors = new TreeMap<>();
        s.get("errors").properties().forEach(e -> reportedErrors.put(e.getKey(), e.getValue().asLong()));
        assertThat(reportedErrors).as(description).isEqualTo(errors);
        assertThat(s.get("refusals").asLong()).as(description).isEqualTo(calls.stream().filter(LlmCallEvent::getRefusal).count());
        assertThat(s.get("content_filtered").asLong()).as(description).isEqualTo(calls.stream()
                .filter(c -> c.getGenAiResponseFinishReasons() != null
                        && c.getGenAiResponseFinishReasons().contains("content_filter")).count());
        assertThat(s.get("input_tokens").asLong()).as(description).isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageInputTokens));
        assertThat(s.get("output_tokens").asLong()).as(description).isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageOutputTokens));
        assertThat(s.get("cache_read_tokens").asLong()).as(description)
                .isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageCacheReadInputTokens));
        assertThat(s.get("reasoning_tokens").asLong()).as(description)
                .isEqualTo(sum(calls, LlmCallEvent::getGenAiUsageReasoningOutputTokens));

        double cost = 0;
        long unpriced = 0;
        for (LlmCallEvent c : calls) {
            Double usd = expectedCost(c);
            if (usd == null) {
                unpriced++;
            } else {
                cost += usd;
            }
        }
        assertThat(s.get("unpriced_calls").asLong()).as(description).isEqualTo(unpriced);
        assertThat(s.get("cost_usd").asDouble()).as(description).isCloseTo(cost, within(1e-9 * Math.max(1, cost)));

        List<LlmCallEvent> succeeded = calls.stream().filter(c -> c.getErrorType() == null).toList();
        assertQuantiles(description + " latency", s.get("latency_seconds"),
                succeeded.stream().mapToDouble(LlmStatsScenario::latencySeconds).toArray());
        assertQuantiles(description + " ttft", s.get("ttft_seconds"), succeeded.stream()
                .filter(c -> c.getGenAiResponseTimeToFirstChunk() != null)
                .mapToDouble(LlmCallEvent::getGenAiResponseTimeToFirstChunk).toArray());
        double[] speeds = succeeded.stream().mapToDouble(LlmStatsScenario::outputTokensPerSecond)
                .filter(v -> !Double.isNaN(v)).toArray();
        assertOptional(description + " output tokens per second", s.get("output_tokens_per_second_p50"),
                speeds.length == 0 ? null : quantile(speeds, 0.5));
        double[] scores = calls.stream().filter(c -> c.getEvalScore() != null)
                .mapToDouble(LlmCallEvent::getEvalScore).toArray();
        if (scores.length == 0) {
            assertThat(s.has("eval_score_mean")).as(description).isFalse();
            assertThat(s.has("eval_score_p10")).as(description).isFalse();
        } else {
            assertThat(s.get("eval_score_mean").asDouble()).as(description)
                    .isCloseTo(Arrays.stream(scores).sum() / scores.length, within(1e-12));
            assertThat(s.get("eval_score_p10").asDouble()).as(description).isEqualTo(quantile(scores, 0.1));
        }
    }

    private static void assertQuantiles(String description, JsonNode quantiles, double[] values) {
        if (values.length == 0) {
            assertThat(quantiles).as(description).isNull();
            return;
        }
        assertThat(quantiles).as(description).isNotNull();
        for (int q = 0; q < QUANTILES.length; q++) {
            assertThat(quantiles.get(QUANTILE_NAMES[q]).asDouble()).as(description + " " + QUANTILE_NAMES[q])
                    .isEqualTo(quantile(values, QUANTILES[q]));
        }
    }

    private static void assertOptional(String description, JsonNode value, Double expected) {
        if (expected == null) {
            assertThat(value).as(description).isNull();
        } else {
            assertThat(value).as(description).isNotNull();
            assertThat(value.asDouble()).as(description).isEqualTo(expected);
        }
    }

    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ExactStatistics.orderStatistic(sorted, q);
    }

    private void assertEveryMalformedCallIsADeadLetter(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
            assertThat(header(letter, "plumbline.source.topic")).isEqualTo(calls);
            assertThat(header(letter, "plumbline.detail")).isNotBlank();
            reasons.put(header(letter, "plumbline.source.partition") + "/" + header(letter, "plumbline.source.offset"),
                    header(letter, "plumbline.reason"));
        }
        assertThat(reasons).hasSize(deadLetters.size());
        Map<String, String> expected = new HashMap<>();
        rejected.forEach((coordinates, reason) -> expected.put(coordinates, reason.code()));
        assertThat(reasons).isEqualTo(expected);
        List<RejectReason> sent = new ArrayList<>(jsonAndAvroMalformed ? List.of(RejectReason.MISSING_FIELD,
                RejectReason.UNDECODABLE, RejectReason.OUT_OF_RANGE) : List.of());
        extraMalformed.values().stream().map(Malformed::reason).filter(Objects::nonNull).forEach(sent::add);
        assertThat(rejected.values()).containsExactlyInAnyOrderElementsOf(sent);
    }

    /**
     * The i-th call, ending in order over the three windows; two in three on support-bot's triage
     * prompt (chat), the rest on search's unnamed one (embeddings). Three malformed records among them.
     */
    private void call(int i) {
        long endMillis = T0 + i * (WINDOWS * WINDOW) / CALL_COUNT;
        long endNanos = endMillis * 1_000_000L + random.nextInt(1_000_000);
        boolean chat = random.nextInt(3) < 2;
        List<Variant> variants = chat ? SUPPORT_BOT : SEARCH;
        Variant v = variants.get(random.nextInt(variants.size()));
        double latency = 0.05 + Math.exp(random.nextGaussian() * 0.8);
        LlmCallEvent.Builder call = LlmCallEvent.newBuilder()
                .setEventId("call-" + i)
                .setStartTimeUnixNano(endNanos - (long) (latency * 1e9))
                .setEndTimeUnixNano(endNanos)
                .setServiceName(chat ? "support-bot" : "search")
                .setGenAiOperationName(chat ? "chat" : "embeddings")
                .setGenAiPromptName(chat ? "triage" : null)
                .setGenAiProviderName(v.provider())
                .setGenAiRequestModel(v.requestModel())
                .setGenAiResponseModel(v.responseModel())
                .setPromptVersion(v.promptVersion());
        tokens(call, chat, v);
        int outcome = random.nextInt(100);
        if (outcome < 5) {
            call.setErrorType("timeout");
        } else if (outcome < 9) {
            call.setErrorType("rate_limited");
        } else if (outcome < 12 && chat) {
            call.setRefusal(true);
        } else if (outcome < 15 && chat) {
            call.setGenAiResponseFinishReasons(List.of("content_filter"));
        } else if (chat) {
            call.setGenAiResponseFinishReasons(List.of("stop"));
        }
        if (chat && random.nextBoolean()) {
            call.setGenAiResponseTimeToFirstChunk(latency * random.nextDouble());
        }
        if (v.provider().equals("cohere") || random.nextInt(5) == 0) {
            call.setCostUsd(random.nextInt(10_000) / 1e6);
        }
        if (random.nextInt(10) < 4) {
            call.setEvalScore(random.nextInt(101) / 100.0);
        }
        LlmCallEvent event = call.build();
        int partition = i % PARTITIONS;
        byte[] value = encoding.encode(event, i);
        Malformed extra = extraMalformed.get(i);
        if (extra != null) {
            send(partition, extra.value(), extra.reason());
        } else if (jsonAndAvroMalformed && i == 100) {
            String json = new String(LlmCallEncoder.json(event), StandardCharsets.UTF_8);
            send(partition, json.replaceFirst("\"service\\.name\":\"[^\"]*\",", "").getBytes(StandardCharsets.UTF_8),
                    RejectReason.MISSING_FIELD);
        } else if (jsonAndAvroMalformed && i == 1_500) {
            send(partition, "{\"event_id\":".getBytes(StandardCharsets.UTF_8), RejectReason.UNDECODABLE);
        } else if (jsonAndAvroMalformed && i == 2_500) {
            send(partition, LlmCallEncoder.avroSingleObject(LlmCallEvent.newBuilder(event).setEvalScore(1.5).build()),
                    RejectReason.OUT_OF_RANGE);
        } else {
            send(partition, value, null);
            accepted.add(event);
        }
    }

    /**
     * Chat calls report input and output tokens, some with cache reads and reasoning, one in twenty
     * none at all; a tenth of Claude's prompts are long enough for its higher tier. Embeddings report
     * input tokens only.
     */
    private void tokens(LlmCallEvent.Builder call, boolean chat, Variant v) {
        if (chat && random.nextInt(20) == 0) {
            return;
        }
        long input = v.requestModel().startsWith("claude") && random.nextInt(10) == 0
                ? 200_001 + random.nextInt(50_000) : 100 + random.nextInt(20_000);
        call.setGenAiUsageInputTokens(input);
        if (random.nextBoolean()) {
            call.setGenAiUsageCacheReadInputTokens((long) random.nextInt((int) input + 1));
        }
        if (chat) {
            long output = random.nextInt(2_000);
            call.setGenAiUsageOutputTokens(output);
            if (random.nextInt(3) == 0) {
                call.setGenAiUsageReasoningOutputTokens((long) random.nextInt((int) output + 1));
            }
        }
    }

    private void send(int partition, byte[] value, RejectReason reason) {
        records.add(new ProducerRecord<>(calls, partition, null, value));
        long offset = offsets[partition]++;
        if (reason != null) {
            rejected.put(partition + "/" + offset, reason);
        }
    }

    /**
     * The sender's cost, else the published price of the tokens (none for a failed call without
     * tokens), else null: unpriced, as is a successful call without tokens.
     */
    private static Double expectedCost(LlmCallEvent c) {
        if (c.getCostUsd() != null) {
            return c.getCostUsd();
        }
        double[] price = PRICES.get(c.getGenAiRequestModel());
        Long input = c.getGenAiUsageInputTokens();
        Long output = c.getGenAiUsageOutputTokens();
        if (price == null || input == null && output == null && c.getErrorType() == null) {
            return null;
        }
        if (c.getGenAiRequestModel().equals("claude-sonnet-4") && input != null && input > 200_000) {
            price = SONNET_LONG_CONTEXT;
        }
        long in = input == null ? 0 : input;
        long cached = orZero(c.getGenAiUsageCacheReadInputTokens());
        long out = output == null ? 0 : output;
        return ((in - cached) * price[0] + cached * price[1] + out * price[2]) / 1e6;
    }

    /** Output tokens over the generation time (latency less time to first chunk); NaN where not measured. */
    private static double outputTokensPerSecond(LlmCallEvent c) {
        long output = orZero(c.getGenAiUsageOutputTokens());
        double latency = latencySeconds(c);
        double generation = c.getGenAiResponseTimeToFirstChunk() == null ? latency
                : latency - c.getGenAiResponseTimeToFirstChunk();
        return output > 0 && generation >= 0.001 ? output / generation : Double.NaN;
    }

    static double latencySeconds(LlmCallEvent c) {
        return (c.getEndTimeUnixNano() - c.getStartTimeUnixNano()) / 1e9;
    }

    static long window(LlmCallEvent c) {
        long end = Math.floorDiv(c.getEndTimeUnixNano(), 1_000_000L);
        return end - Math.floorMod(end, WINDOW);
    }

    private static String statsKey(LlmCallEvent c) {
        return c.getServiceName() + "/" + orEmpty(c.getGenAiPromptName()) + "/" + c.getGenAiOperationName() + "/"
                + c.getGenAiProviderName() + "/" + responseModel(c) + "/" + orEmpty(c.getPromptVersion())
                + "@" + window(c);
    }

    private static String responseModel(LlmCallEvent c) {
        return c.getGenAiResponseModel() != null ? c.getGenAiResponseModel() : c.getGenAiRequestModel();
    }

    /** Calls of the record's variant and window that carry their own cost. */
    private static long reported(List<LlmCallEvent> calls, JsonNode s) {
        return calls.stream().filter(c -> inRecord(c, s) && c.getCostUsd() != null).count();
    }

    /** Successful calls of the record's variant and window without cost and token counts: nothing to price them by. */
    private long noTokens(JsonNode s) {
        return accepted.stream().filter(c -> inRecord(c, s) && c.getCostUsd() == null && c.getErrorType() == null
                && c.getGenAiUsageInputTokens() == null && c.getGenAiUsageOutputTokens() == null).count();
    }

    private static boolean inRecord(LlmCallEvent c, JsonNode s) {
        return responseModel(c).equals(s.get("model").asText())
                && orEmpty(c.getPromptVersion()).equals(s.get("prompt_version").asText())
                && window(c) == s.get("window_start").asLong();
    }

    private static long sum(List<LlmCallEvent> calls, Function<LlmCallEvent, Long> count) {
        return calls.stream().map(count).mapToLong(LlmStatsScenario::orZero).sum();
    }

    private static long orZero(Long count) {
        return count == null ? 0 : count;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private record Variant(String provider, String requestModel, String responseModel, String promptVersion) {
    }

    /** A record sent in place of a call; {@code reason} null for one that holds no call. */
    private record Malformed(byte[] value, RejectReason reason) {
    }
}
