package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.codec.LlmCallLimits;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.OtlpCallEncoder;
import io.plumbline.schemas.codec.OtlpOptions;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.SourcePosition;
import io.plumbline.schemas.event.ValueKind;
import io.plumbline.schemas.registry.RegistryUnavailableException;
import io.plumbline.schemas.registry.SchemaRegistrySettings;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** What the source makes of Kafka records, and what the sinks make of ours. */
class KafkaRecordSchemasTest {

    private static final long MAX_RECORD_BYTES = PlumblineConfig.Limits.DEFAULTS.maxRecordBytes();
    private static final RecordSizeLimit LIMIT = new RecordSizeLimit(MAX_RECORD_BYTES);

    private static final String EVENT = """
            {"event_id":"e-1","timestamp":1735689600000,"model_id":"credit-risk","model_version":"v3",
             "features":{"income":52000.5,"region":"eu-west","age":null},"prediction":0.25}""";
    private static final String LLM_CALL = """
            {"event_id":"c-1","start_time_unix_nano":1764000000000000000,"end_time_unix_nano":1764000002345678901,
             "service.name":"support-bot","gen_ai.operation.name":"chat","gen_ai.provider.name":"openai",
             "gen_ai.request.model":"gpt-4o","gen_ai.prompt.name":"triage"}""";

    @Test
    void decodesAnEventAndKeepsTheRawRecord() {
        PredictionDeserializationSchema schema = new PredictionDeserializationSchema(PayloadFormat.AUTO, LIMIT, null);
        schema.open(null);

        DecodedRecord<PredictionRecord> d =
                decode(schema, new ConsumerRecord<>("plumbline.predictions", 2, 77L, bytes("k"), bytes(EVENT)));

        assertThat(d.isAccepted()).isTrue();
        assertThat(d.event().eventId()).isEqualTo("e-1");
        assertThat(d.event().modelId()).isEqualTo("credit-risk");
        assertThat(d.event().featureCount()).isEqualTo(3);
        assertThat(d.event().featureKind(2)).isEqualTo(ValueKind.MISSING);
        assertThat(d.event().sourcePartition()).as("where it was read, for a late dead letter after the shuffle")
                .isEqualTo(2);
        assertThat(d.event().sourceOffset()).isEqualTo(77L);
        assertThat(d.raw()).isEqualTo(new RawRecord("plumbline.predictions", 2, 77L, bytes("k"), bytes(EVENT)));
    }

    /**
     * A registry that cannot be reached fails the source, as every record after this one would be dead-lettered
     * for it too; a Confluent-framed record without a registry configured is the record's own problem.
     */
    @Test
    void anUnreachableSchemaRegistryFailsTheSourceInsteadOfDeadLetteringTheTopic() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SchemaRegistrySettings unreachable = new SchemaRegistrySettings(List.of(URI.create("http://127.0.0.1:"
                + closedPort)), null, null, null, null, null, null, Duration.ofSeconds(1), Duration.ofMillis(300));
        byte[] framed = {0, 0, 0, 0, 7, 2, 'a'};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("plumbline.predictions", 0, 5L, null, framed);
        PredictionDeserializationSchema withRegistry = new PredictionDeserializationSchema(PayloadFormat.AUTO, LIMIT,
                unreachable);
        withRegistry.open(null);
        PredictionDeserializationSchema without = new PredictionDeserializationSchema(PayloadFormat.AUTO, LIMIT, null);
        without.open(null);

        assertThatThrownBy(() -> decode(withRegistry, record)).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("did not answer within");
        DecodedRecord<PredictionRecord> rejected = decode(without, record);
        assertThat(rejected.rejection().reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(rejected.rejection().detail()).contains("set schema-registry.url");
    }

    /** A trace export gives a call per GenAI span and a rejection per bad one, each where the record was read. */
    @Test
    void anOtlpRecordGivesACallOrADeadLetterPerGenAiSpan() {
        LlmCallDeserializationSchema schema = new LlmCallDeserializationSchema(PayloadFormat.OTLP_JSON, LIMIT,
                LlmCallLimits.DEFAULTS, null, OtlpOptions.DEFAULTS);
        Map<String, Counter> counters = new HashMap<>();
        schema.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup() {
                    @Override
                    public Counter counter(String name) {
                        return counters.computeIfAbsent(name, n -> new SimpleCounter());
                    }
                };
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                throw new UnsupportedOperationException();
            }
        });
        byte[] httpOnly = ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"spans\":["
                + "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":"
                + "\"GET /\",\"attributes\":[{\"key\":\"http.request.method\",\"value\":{\"stringValue\":"
                + "\"GET\"}}]}]}]}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(decodeAll(schema, new ConsumerRecord<>("plumbline.llm-calls", 1, 8L, null, httpOnly)))
                .as("a span of no model call is no call and no dead letter").isEmpty();
        assertThat(counters.get(EventDeserializationSchema.SKIPPED_METRIC).getCount()).isEqualTo(1);
        LlmCallEvent valid = LlmCallEvent.newBuilder().setEventId("c-1").setStartTimeUnixNano(1764000000000000000L)
                .setEndTimeUnixNano(1764000002000000000L).setServiceName("support-bot").setGenAiOperationName("chat")
                .setGenAiProviderName("openai").setGenAiRequestModel("gpt-4o").build();
        LlmCallEvent negative = LlmCallEvent.newBuilder(valid).setEventId("c-2").setGenAiUsageInputTokens(-3L).build();
        byte[] export = OtlpCallEncoder.json(List.of(valid, negative));

        List<DecodedRecord<LlmCallRecord>> decoded = decodeAll(schema,
                new ConsumerRecord<>("plumbline.llm-calls", 1, 9L, null, export));

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).event().service()).isEqualTo("support-bot");
        assertThat(decoded.get(0).event().sourceOffset()).isEqualTo(9L);
        assertThat(decoded.get(1).rejection().reason()).isEqualTo(RejectReason.NEGATIVE_COUNT);
        assertThat(decoded.get(1).rejection().detail()).startsWith("span ")
                .contains("field 'gen_ai.usage.input_tokens' is -3");
        assertThat(decoded).allSatisfy(d -> assertThat(d.raw().value()).as("no call text kept").isNull());
    }

    @Test
    void rejectsWhatTheDecoderRejectsWithItsReasonAndDetail() {
        PredictionDeserializationSchema schema = new PredictionDeserializationSchema(PayloadFormat.AUTO, LIMIT, null);
        schema.open(null);
        byte[] noModel = bytes(EVENT.replace("\"model_id\":\"credit-risk\",", ""));

        DecodedRecord<PredictionRecord> broken = decode(schema, new ConsumerRecord<>("p", 0, 1L, null, bytes("{\"event_id\":")));
        DecodedRecord<PredictionRecord> missing = decode(schema, new ConsumerRecord<>("p", 0, 2L, null, noModel));
        DecodedRecord<PredictionRecord> tombstone = decode(schema, new ConsumerRecord<>("p", 0, 3L, bytes("k"), null));

        assertThat(broken.rejection().reason()).isEqualTo(RejectReason.UNDECODABLE);
        assertThat(missing.rejection().reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(missing.rejection().detail()).contains("model_id");
        assertThat(missing.rejection().raw().value()).isEqualTo(noModel);
        assertThat(tombstone.rejection().reason()).isEqualTo(RejectReason.UNDECODABLE);
    }

    @Test
    void decodesAnLlmCallTimedByItsEnd() {
        LlmCallDeserializationSchema schema = new LlmCallDeserializationSchema(PayloadFormat.AUTO, LIMIT, LlmCallLimits.DEFAULTS, null,
                OtlpOptions.DEFAULTS);
        schema.open(null);

        DecodedRecord<LlmCallRecord> d = decode(schema, new ConsumerRecord<>("plumbline.llm-calls", 1, 5L, null,
                bytes(LLM_CALL)));

        assertThat(d.isAccepted()).isTrue();
        assertThat(d.event().service()).isEqualTo("support-bot");
        assertThat(d.event().promptName()).isEqualTo("triage");
        assertThat(d.event().sourcePartition()).isEqualTo(1);
        assertThat(d.event().sourceOffset()).isEqualTo(5L);
        assertThat(d.eventTimeMillis()).isEqualTo(1_764_000_002_345L).isEqualTo(d.event().eventTimeMillis());
        assertThat(d.raw().value()).as("a call's value is dropped once decoded").isNull();
    }

    @Test
    void rejectsAnLlmCallWithTheDecodersReasonAndNoEventTime() {
        LlmCallDeserializationSchema schema = new LlmCallDeserializationSchema(PayloadFormat.AUTO, LIMIT, LlmCallLimits.DEFAULTS, null,
                OtlpOptions.DEFAULTS);
        schema.open(null);
        byte[] backwards = bytes(LLM_CALL.replace("1764000002345678901", "1763999999000000000"));

        DecodedRecord<LlmCallRecord> d = decode(schema, new ConsumerRecord<>("plumbline.llm-calls", 0, 9L, null,
                backwards));

        assertThat(d.isAccepted()).isFalse();
        assertThat(d.rejection().reason()).isEqualTo(RejectReason.END_BEFORE_START);
        assertThat(d.rejection().raw()).isEqualTo(new RawRecord("plumbline.llm-calls", 0, 9L, null, null));
        assertThat(d.eventTimeMillis()).isEqualTo(DecodedRecord.NO_EVENT_TIME);
    }

    /**
     * A call may carry its prompt and completion in fields the decoder ignores, or in a record it cannot read:
     * its dead letter, whatever the reason, carries its key and where it was read, and no byte of its value.
     */
    @Test
    void anLlmCallsDeadLetterCarriesItsKeyAndWhereItWasReadButNotItsValue() {
        LlmCallDeserializationSchema schema = new LlmCallDeserializationSchema(PayloadFormat.AUTO, LIMIT,
                LlmCallLimits.DEFAULTS, null, OtlpOptions.DEFAULTS);
        schema.open(null);
        String text = ",\"gen_ai.prompt\":\"my card 4111 was charged twice\"}";
        byte[] noService = bytes(LLM_CALL.replace("\"service.name\":\"support-bot\",", "").replace("}", text));
        String withText = LLM_CALL.replace("}", text);
        byte[] cut = bytes(withText.substring(0, withText.indexOf("4111") + 4));
        byte[] huge = bytes(LLM_CALL.replace("}", text.replace("my card", "x".repeat(1_000_000))));

        for (byte[] value : List.of(noService, cut, huge)) {
            DecodedRecord<LlmCallRecord> d = decode(schema, new ConsumerRecord<>("plumbline.llm-calls", 3, 41L,
                    bytes("support-bot"), value));
            ProducerRecord<byte[], byte[]> out = dlq("dlq").serialize(d.rejection(), null, null);

            assertThat(out.value()).as("dead letter of %s", d.rejection().reason()).isNull();
            assertThat(out.key()).isEqualTo(bytes("support-bot"));
            assertThat(headers(out)).containsEntry("plumbline.source.topic", "plumbline.llm-calls")
                    .containsEntry("plumbline.source.partition", "3")
                    .containsEntry("plumbline.source.offset", "41")
                    .doesNotContainKey("plumbline.original-size");
            assertThat(headers(out).get("plumbline.detail")).doesNotContain("4111");
        }
        assertThat(decode(schema, new ConsumerRecord<>("plumbline.llm-calls", 3, 41L, null, huge)).rejection()
                .detail()).isEqualTo("the record is " + huge.length + " bytes (key 0, value " + huge.length
                + "), more than limits.max-record-bytes 983040; its value is not kept");
    }

    @Test
    void aDeadLetterKeepsTheOriginalBytesAndSaysWhyInHeaders() {
        RawRecord raw = new RawRecord("plumbline.predictions", 4, 123_456L, bytes("key-1"), bytes("{broken"));
        ProducerRecord<byte[], byte[]> out = dlq("plumbline.dead-letter")
                .serialize(new DeadLetter(raw, RejectReason.UNDECODABLE, "unexpected end of input"), null, 99L);

        assertThat(out.topic()).isEqualTo("plumbline.dead-letter");
        assertThat(out.key()).isEqualTo(bytes("key-1"));
        assertThat(out.value()).isEqualTo(bytes("{broken"));
        assertThat(out.timestamp()).isNull();
        assertThat(headers(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "plumbline.reason", "undecodable",
                "plumbline.detail", "unexpected end of input",
                "plumbline.source.topic", "plumbline.predictions",
                "plumbline.source.partition", "4",
                "plumbline.source.offset", "123456"));
    }

    /**
     * A record of about 1 MB: the broker takes it, but its dead letter with headers would exceed the producer's
     * max.request.size and fail the job on every replay. It is refused undecoded as too_large, and its dead
     * letter keeps its first bytes, within the limit, and its whole size.
     */
    @Test
    void aRecordOverTheLimitIsRefusedUndecodedAndItsDeadLetterFitsTheProducer() {
        byte[] huge = bytes(EVENT.replace("\"age\":null", "\"note\":\"" + "x".repeat(1_048_000) + "\""));
        byte[] key = bytes("k".repeat(5_000));
        PredictionDeserializationSchema schema = new PredictionDeserializationSchema(PayloadFormat.AUTO, LIMIT, null);
        schema.open(null);

        DecodedRecord<PredictionRecord> d = decode(schema,
                new ConsumerRecord<>("plumbline.predictions", 1, 9L, key, huge));

        assertThat(d.isAccepted()).isFalse();
        assertThat(d.rejection().reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(d.rejection().detail()).isEqualTo("the record is " + (huge.length + 5_000) + " bytes (key 5000, value "
                + huge.length + "), more than limits.max-record-bytes 983040; only its first bytes are kept");
        ProducerRecord<byte[], byte[]> out = dlq("dlq").serialize(d.rejection(), null, null);
        assertThat(out.key()).hasSize(RecordSizeLimit.KEY_BYTES_KEPT);
        assertThat(out.value()).hasSize(983_040 - RecordSizeLimit.KEY_BYTES_KEPT)
                .startsWith(java.util.Arrays.copyOf(huge, 100));
        assertThat(headers(out)).containsEntry("plumbline.reason", "too_large")
                .containsEntry("plumbline.original-size", Long.toString(huge.length + 5_000L))
                .containsEntry("plumbline.source.offset", "9");
        long written = out.key().length + out.value().length
                + headers(out).entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
        assertThat(written).isLessThan(PlumblineConfig.Limits.KAFKA_MAX_REQUEST_BYTES);
    }

    @Test
    void aRecordAtTheLimitIsDecodedAsUsual() {
        // padded in a field the decoder skips: a category or a name that long would be invalid_id
        int padding = (int) MAX_RECORD_BYTES - EVENT.length() - ",\"note\":\"\"".length();
        byte[] atLimit = bytes(EVENT.replace("0.25}", "0.25,\"note\":\"" + "x".repeat(padding) + "\"}"));
        PredictionDeserializationSchema schema = new PredictionDeserializationSchema(PayloadFormat.AUTO, LIMIT, null);
        schema.open(null);

        DecodedRecord<PredictionRecord> d = decode(schema, new ConsumerRecord<>("p", 0, 1L, null, atLimit));

        assertThat(atLimit.length).isEqualTo(MAX_RECORD_BYTES);
        assertThat(d.isAccepted()).isTrue();
    }

    /** A dead letter that cannot fit the producer (a limit above max.request.size) is skipped, never sent to fail. */
    @Test
    void aDeadLetterThatCannotFitTheProducerIsSkipped() {
        RawRecord raw = new RawRecord("p", 0, 1L, null, new byte[500_000]);
        DeadLetterSerializationSchema tight = new DeadLetterSerializationSchema("dlq", LIMIT, 400_000);

        assertThat(tight.serialize(new DeadLetter(raw, RejectReason.UNDECODABLE, "x"), null, null)).isNull();
    }

    @Test
    void aLongDetailIsCut() {
        RawRecord raw = new RawRecord("p", 0, 1L, null, bytes("{}"));
        ProducerRecord<byte[], byte[]> out = dlq("dlq")
                .serialize(new DeadLetter(raw, RejectReason.UNDECODABLE, "y".repeat(100_000)), null, null);

        assertThat(headers(out).get("plumbline.detail")).hasSize(DeadLetterSerializationSchema.DETAIL_CHARS);
    }

    @Test
    void aDeadLetterWithoutKeyHasNone() {
        RawRecord raw = new RawRecord("p", 0, 1L, null, bytes("{}"));
        ProducerRecord<byte[], byte[]> out = dlq("dlq")
                .serialize(new DeadLetter(raw, RejectReason.LATE, "behind"), null, null);

        assertThat(out.key()).isNull();
        assertThat(headers(out)).containsEntry("plumbline.reason", "late");
    }

    @Test
    void anOutputRecordGoesUnderItsKey() {
        ProducerRecord<byte[], byte[]> out = new KeyedMessageSerializationSchema("plumbline.alerts")
                .serialize(new KeyedMessage("9f2c6a1e0b3d4c5a", bytes("{\"status\":\"firing\"}")), null, 5L);

        assertThat(out.topic()).isEqualTo("plumbline.alerts");
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("9f2c6a1e0b3d4c5a");
        assertThat(out.value()).isEqualTo(bytes("{\"status\":\"firing\"}"));
        assertThat(out.timestamp()).isNull();
    }

    private static DeadLetterSerializationSchema dlq(String topic) {
        return new DeadLetterSerializationSchema(topic, LIMIT, PlumblineConfig.Limits.KAFKA_MAX_REQUEST_BYTES);
    }

    private static <E extends SourcePosition> DecodedRecord<E> decode(EventDeserializationSchema<E> schema,
                                               ConsumerRecord<byte[], byte[]> r) {
        List<DecodedRecord<E>> out = decodeAll(schema, r);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static <E extends SourcePosition> List<DecodedRecord<E>> decodeAll(EventDeserializationSchema<E> schema,
                                                                       ConsumerRecord<byte[], byte[]> r) {
        List<DecodedRecord<E>> out = new ArrayList<>();
        schema.deserialize(r, new Collector<>() {
            @Override
            public void collect(DecodedRecord<E> record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> r) {
        return StreamSupport.stream(r.headers().spliterator(), false)
                .collect(Collectors.toMap(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
