package io.plumbline.jobs.llm;

import static io.plumbline.jobs.testing.JsonRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.plumbline.detectors.llm.RouteProfile;
import io.plumbline.jobs.window.SourcePositions;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.monitor.pricing.PriceTable;
import io.plumbline.jobs.kafka.KafkaIo;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.LlmCallEncoder;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The LLM calls' input half against a real broker: JSON and Avro calls on two partitions, one record
 * of every way a producer can get a call wrong, and one call sent once the watermark has passed it.
 * The keyed stream holds exactly the accepted calls, each under its (service, prompt, operation)
 * key on one subtask and timed by its end; the dead-letter topic holds every other record by its key,
 * reason and coordinates, without its value (which may hold prompt and completion text).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LlmCallsITCase {

    private static final String TOPIC = "it.llm-calls";
    private static final String DEAD_LETTER = "it.llm.dead-letter";
    private static final int PARTITIONS = 2;
    private static final long T0_MILLIS = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
    private static final int CALLS = 40;
    private static final long SPACING_MILLIS = 250;
    /** The keyed stage has seen the watermark pass this: every source subtask is beyond it. */
    private static final long WATERMARK_PASSED = T0_MILLIS + 5_000;
    private static final String WATERMARK = "@watermark";

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    private final List<ProducerRecord<byte[], byte[]>> firstPart = new ArrayList<>();
    private final Map<String, String> expectedKeys = new LinkedHashMap<>();
    private final Map<String, Long> expectedTimes = new HashMap<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private final long[] offsets = new long[PARTITIONS];

    @Test
    void keysEveryAcceptedCallAndDeadLettersEveryOtherRecord() throws Exception {
        KAFKA.cluster().createTopic(TOPIC, PARTITIONS);
        KAFKA.cluster().createTopic(DEAD_LETTER, 1);
        for (int i = 0; i < CALLS; i++) {
            accepted(i);
        }
        malformed();
        ProducerRecord<byte[], byte[]> late = late();
        Map<TopicPartition, Long> stoppingOffsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            stoppingOffsets.put(new TopicPartition(TOPIC, p), offsets[p]);
        }

        PlumblineConfig config = ConfigLoader.load(null, Map.of(
                "kafka.bootstrap-servers", KAFKA.cluster().bootstrapServers(),
                "topics.dead-letter", DEAD_LETTER,
                "job.name", "llm-calls-it"), Map.of());
        Configuration flink = IntegrationClusters.noRestarts();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        LlmCalls.Routed routed = LlmCalls.route(env,
                KafkaIo.llmCallsSource(KAFKA.cluster().bootstrapServers(), TOPIC, PayloadFormat.AUTO, "llm-calls-it")
                        .setBounded(OffsetsInitializer.offsets(stoppingOffsets)).build(),
                // one-second windows: the late call's has closed once the watermark passed T0 + 5 s
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1),
                new CallPartials(1_000, PriceTable.defaults(), RouteProfile.DEFAULT_MAX_VARIANTS, false), 100);
        routed.deadLetters().sinkTo(KafkaIo.deadLetterSink(config)).name("dead-letter sink").uid("dead-letter-sink");
        CloseableIterator<Tuple4<String, String, Integer, Long>> observed = routed.keyed()
                .process(new Observe(), Types.TUPLE(Types.STRING, Types.STRING, Types.INT, Types.LONG))
                .name("observe").uid("observe")
                .collectAsync();

        KAFKA.cluster().produce(firstPart);
        JobClient job = env.executeAsync("llm-calls-it");
        List<Tuple4<String, String, Integer, Long>> seen = new ArrayList<>();
        while (seen.stream().noneMatch(t -> t.f1.equals(WATERMARK) && t.f3 >= WATERMARK_PASSED)) {
            assertThat(observed.hasNext()).as("the job ended before the watermark passed").isTrue();
            seen.add(observed.next());
        }
        KAFKA.cluster().produce(List.of(late));
        observed.forEachRemaining(seen::add);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        List<Tuple4<String, String, Integer, Long>> calls = seen.stream().filter(t -> !t.f1.equals(WATERMARK)).toList();
        assertThat(calls).extracting(t -> t.f1).containsExactlyInAnyOrderElementsOf(expectedKeys.keySet());
        assertThat(calls).allSatisfy(t -> {
            assertThat(t.f0).as("key of %s", t.f1).isEqualTo(expectedKeys.get(t.f1));
            assertThat(t.f3).as("timestamp of %s", t.f1).isEqualTo(expectedTimes.get(t.f1));
        });
        assertThat(calls.stream().collect(Collectors.groupingBy(t -> t.f0,
                        Collectors.mapping(t -> t.f2, Collectors.toSet()))))
                .as("each key on one subtask").allSatisfy((key, subtasks) -> assertThat(subtasks).hasSize(1))
                .hasSize(4);
        assertEveryRejectedRecordIsADeadLetter(
                KAFKA.cluster().consumeAllCommitted(DEAD_LETTER, Duration.ofSeconds(30)));
    }

    /** Even calls in JSON, odd ones in Avro; two services, a named prompt and none, two operations. */
    private void accepted(int i) {
        long end = T0_MILLIS + i * SPACING_MILLIS;
        String service = i % 4 < 2 ? "support-bot" : "search";
        String prompt = i % 3 == 0 ? null : "triage";
        String operation = service.equals("search") ? "embeddings" : "chat";
        LlmCallEvent call = call("c-" + i, end).setServiceName(service).setGenAiPromptName(prompt)
                .setGenAiOperationName(operation).build();
        String read = position(i % PARTITIONS, offsets[i % PARTITIONS]);
        expectedKeys.put(read, LlmKey.of(service, prompt == null ? LlmCallRecord.NO_PROMPT : prompt, operation));
        expectedTimes.put(read, end);
        byte[] value = i % 2 == 0 ? LlmCallEncoder.json(call) : LlmCallEncoder.avroSingleObject(call);
        send(firstPart, i % PARTITIONS, bytes(service), value, null);
    }

    /** One record for each way a producer can get a call wrong, in both encodings. */
    private void malformed() {
        long at = T0_MILLIS + 3_000;
        String json = new String(LlmCallEncoder.json(call("bad", at).build()), StandardCharsets.UTF_8);
        send(firstPart, 0, null, bytes(json.replace("\"service.name\":\"support-bot\",", "")),
                RejectReason.MISSING_FIELD);
        send(firstPart, 1, null, bytes(json.replace("\"gen_ai.usage.input_tokens\":1200",
                "\"gen_ai.usage.input_tokens\":\"1200\"")), RejectReason.WRONG_TYPE);
        send(firstPart, 0, null, LlmCallEncoder.avroSingleObject(call("nan", at).setCostUsd(Double.NaN).build()),
                RejectReason.NON_FINITE_NUMBER);
        // milliseconds sent as nanoseconds: 1970
        send(firstPart, 1, null, LlmCallEncoder.json(call("millis", at).setStartTimeUnixNano(at - 1_000)
                .setEndTimeUnixNano(at).build()), RejectReason.IMPLAUSIBLE_TIMESTAMP);
        send(firstPart, 0, null, LlmCallEncoder.avroSingleObject(call("backwards", at)
                .setStartTimeUnixNano(nanos(at) + 1).build()), RejectReason.END_BEFORE_START);
        send(firstPart, 1, null, bytes(json.replace("\"gen_ai.usage.input_tokens\":1200",
                "\"gen_ai.usage.input_tokens\":-1")), RejectReason.NEGATIVE_COUNT);
        send(firstPart, 0, null, LlmCallEncoder.avroSingleObject(call("cache", at)
                .setGenAiUsageCacheReadInputTokens(1_201L).build()), RejectReason.INCONSISTENT_TOKENS);
        send(firstPart, 1, null, LlmCallEncoder.json(call("judge", at).setEvalScore(1.5).build()),
                RejectReason.OUT_OF_RANGE);
        send(firstPart, 0, bytes("k"), bytes("{\"event_id\":"), RejectReason.UNDECODABLE);
        assertThat(json).contains("\"service.name\":\"support-bot\",").contains("\"gen_ai.usage.input_tokens\":1200");
    }

    /** A valid call that ended at T0 + 1 s, sent once the watermark has passed T0 + 5 s. */
    private ProducerRecord<byte[], byte[]> late() {
        List<ProducerRecord<byte[], byte[]>> late = new ArrayList<>();
        send(late, 1, bytes("support-bot"), LlmCallEncoder.avroSingleObject(call("late", T0_MILLIS + 1_000).build()),
                RejectReason.LATE);
        return late.get(0);
    }

    private static LlmCallEvent.Builder call(String id, long endMillis) {
        return LlmCallEvent.newBuilder()
                .setEventId(id)
                .setStartTimeUnixNano(nanos(endMillis) - 1_500_000_000L)
                .setEndTimeUnixNano(nanos(endMillis))
                .setServiceName("support-bot")
                .setGenAiOperationName("chat")
                .setGenAiProviderName("openai")
                .setGenAiRequestModel("gpt-4o")
                .setGenAiUsageInputTokens(1_200L)
                .setGenAiUsageOutputTokens(350L);
    }

    private void send(List<ProducerRecord<byte[], byte[]>> to, int partition, byte[] key, byte[] value,
                      RejectReason reason) {
        to.add(new ProducerRecord<>(TOPIC, partition, key, value));
        long offset = offsets[partition]++;
        if (reason != null) {
            rejected.add(new Rejected(partition, offset, key, reason));
        }
    }

    private void assertEveryRejectedRecordIsADeadLetter(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        assertThat(rejected).extracting(Rejected::reason).containsExactlyInAnyOrder(RejectReason.MISSING_FIELD,
                RejectReason.WRONG_TYPE, RejectReason.NON_FINITE_NUMBER, RejectReason.IMPLAUSIBLE_TIMESTAMP,
                RejectReason.END_BEFORE_START, RejectReason.NEGATIVE_COUNT, RejectReason.INCONSISTENT_TOKENS,
                RejectReason.OUT_OF_RANGE, RejectReason.UNDECODABLE, RejectReason.LATE);
        assertThat(deadLetters).hasSameSizeAs(rejected);
        for (Rejected r : rejected) {
            ConsumerRecord<byte[], byte[]> letter = deadLetters.stream()
                    .filter(d -> header(d, "plumbline.source.partition").equals(Integer.toString(r.partition()))
                            && header(d, "plumbline.source.offset").equals(Long.toString(r.offset())))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no dead letter for " + r));
            assertThat(header(letter, "plumbline.reason")).as("reason of %s", r).isEqualTo(r.reason().code());
            assertThat(header(letter, "plumbline.source.topic")).isEqualTo(TOPIC);
            assertThat(header(letter, "plumbline.detail")).as("detail of %s", r).isNotBlank();
            assertThat(letter.value()).as("value of %s", r).isNull();
            assertThat(letter.key()).isEqualTo(r.key());
        }
    }

    /**
     * Each call as (key, event id, subtask, timestamp); and, when the watermark passes a call's time,
     * (key, {@value #WATERMARK}, subtask, that time), which tells the test how far it has come.
     */
    private static final class Observe extends KeyedProcessFunction<String, Either<LlmCallRecord, CallPartial>,
            Tuple4<String, String, Integer, Long>> {

        /** A call as itself, or each call of a partial, by where it was read and at its own time. */
        @Override
        public void processElement(Either<LlmCallRecord, CallPartial> update, Context ctx,
                                   Collector<Tuple4<String, String, Integer, Long>> out) {
            if (update.isLeft()) {
                LlmCallRecord call = update.left();
                out.collect(Tuple4.of(ctx.getCurrentKey(), position(call.sourcePartition(), call.sourceOffset()),
                        subtask(), ctx.timestamp()));
            } else {
                SourcePositions calls = update.right().positions();
                for (int i = 0; i < calls.size(); i++) {
                    out.collect(Tuple4.of(ctx.getCurrentKey(), position(calls.partition(i), calls.offset(i)),
                            subtask(), calls.time(i)));
                }
            }
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple4<String, String, Integer, Long>> out) {
            out.collect(Tuple4.of(ctx.getCurrentKey(), WATERMARK, subtask(), timestamp));
        }

        private int subtask() {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }
    }

    private static String position(int partition, long offset) {
        return partition + "/" + offset;
    }

    private record Rejected(int partition, long offset, byte[] key, RejectReason reason) {
    }

    private static long nanos(long millis) {
        return millis * 1_000_000L;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
