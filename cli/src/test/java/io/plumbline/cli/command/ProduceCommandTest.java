package io.plumbline.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.cli.Plumbline;
import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.cli.demo.LlmCallGenerator;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.EventSink;
import io.plumbline.schemas.codec.InferenceLogDecoder;
import io.plumbline.schemas.codec.InferenceLogOptions;
import io.plumbline.schemas.codec.InferencePairs;
import io.plumbline.schemas.codec.LlmCallDecoder;
import io.plumbline.schemas.codec.LlmCallLimits;
import io.plumbline.schemas.codec.PayloadFormat;
import io.plumbline.schemas.event.InferenceHalf;
import io.plumbline.schemas.event.LlmCallRecord;
import io.plumbline.schemas.validation.RejectReason;
import io.plumbline.schemas.validation.RejectedRecordException;
import io.plumbline.testing.registry.LocalRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ProduceCommandTest {

    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void publishesEachNonBlankLineAsItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), "{\"a\":1}\n\n  \n{\"b\":\"é\"}\nnot json\n");
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("events"));
            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "events", "--file", file.toString());

            assertThat(exit).as(err.toString()).isZero();
            List<ConsumerRecord<String, String>> records = read(broker, "events", 3);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "not json");
            assertThat(records).extracting(ConsumerRecord::key).containsOnlyNulls();
        }
    }

    @Test
    void refusesATopicThatDoesNotExistNamingTheOneItLooksLikeAndCreatesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("plumbline.predictions", "plumbline.alerts"));

            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "plumbline.predictons",
                    "--file", file.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("plumbline produce: Topic plumbline.predictons does not exist on "
                    + broker.bootstrapServers() + "; did you mean plumbline.predictions? Give --topic an existing topic,"
                    + " or add --create-topic to create it.");
            // The broker auto-creates topics: only a check before any producer keeps the typo from becoming a topic.
            assertThat(BrokerTopics.of(broker)).containsExactlyInAnyOrder("plumbline.predictions", "plumbline.alerts");
        }
    }

    @Test
    void refusesGeneratedCallsToATopicThatDoesNotExistListingThePlumblineTopics() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("plumbline.predictions", "plumbline.llm-calls", "orders"));

            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "llm-calls",
                    "--llm-calls", "--duration", "1s");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("Topic llm-calls does not exist on " + broker.bootstrapServers()
                    + "; its plumbline topics are plumbline.llm-calls, plumbline.predictions. Give --topic").doesNotContain("orders");
            assertThat(out.toString()).doesNotContain("Sending LLM calls");
            assertThat(BrokerTopics.of(broker)).containsExactlyInAnyOrder("plumbline.predictions", "plumbline.llm-calls", "orders");
        }
    }

    @Test
    void createsAMissingTopicWhenAskedAndSaysSo() throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), "{\"a\":1}\n");
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "events",
                    "--file", file.toString(), "--create-topic");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Created topic events on " + broker.bootstrapServers()
                    + " with the broker's defaults: 1 partition, replication factor 1.");
            assertThat(read(broker, "events", 1)).extracting(ConsumerRecord::value).containsExactly("{\"a\":1}");
        }
    }

    @Test
    void failsClearlyOnAMissingFile() {
        int exit = execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--file", dir.resolve("absent.jsonl").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("absent.jsonl").contains("no such file");
    }

    @Test
    void failsWithinTheTimeoutWhenKafkaIsUnreachable() throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        long start = System.nanoTime();

        int exit = execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--file", file.toString(), "--timeout", "2s");

        assertThat(exit).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(err.toString()).contains("Kafka at 127.0.0.1:1 did not answer within 2s; is it running there?");
    }

    @Test
    void sendsTheDemosLlmCallsKeyedByServiceUntilTheDuration() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("plumbline.llm-calls"));
            long start = System.currentTimeMillis();
            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic", "plumbline.llm-calls",
                    "--llm-calls", "--rate", "200", "--duration", "3s", "--backfill", "20s", "--seed", "9");
            long end = System.currentTimeMillis();

            assertThat(exit).as(err.toString()).isZero();
            Matcher published = Pattern.compile("Published ([\\d,]+) LLM calls and ([\\d,]+) malformed records to plumbline.llm-calls")
                    .matcher(out.toString());
            assertThat(published.find()).as(out.toString()).isTrue();
            int calls = Integer.parseInt(published.group(1).replace(",", ""));
            int malformed = Integer.parseInt(published.group(2).replace(",", ""));
            // 20 s of backfill caught up 8 times faster than the clock: at least 20 s of event time at 200 calls a second.
            assertThat(calls + malformed).isGreaterThanOrEqualTo(20 * 200);
            assertThat(malformed).isEqualTo((calls + malformed) / LlmCallGenerator.MALFORMED_EVERY);
            assertThat(out.toString()).contains("support-bot/answer v8: latency ×3.2", "search-api/rerank: ",
                    "gpt-3.5-turbo-instruct is in no built-in price");

            LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO);
            List<ConsumerRecord<String, byte[]>> records = read(broker, "plumbline.llm-calls", calls + malformed, ByteArrayDeserializer.class);
            assertThat(records).hasSize(calls + malformed);
            int decoded = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(record.key()).isIn("support-bot", "search-api");
                assertThat(record.timestamp()).isLessThanOrEqualTo(end);
                try {
                    LlmCallRecord call = decoder.decode(record.value());
                    assertThat(call.service()).isEqualTo(record.key());
                    assertThat(call.eventTimeMillis()).isEqualTo(record.timestamp()).isGreaterThan(start - 30_000);
                    decoded++;
                } catch (RejectedRecordException e) {
                    // one of the malformed ones, counted below
                }
            }
            assertThat(decoded).isEqualTo(calls);
        }
    }

    /** As Confluent's serializers do: the schema registered under the topic's subject, each call framed with its id. */
    @Test
    void writesTheCallsInConfluentsWireFormatWithTheSchemaItRegisters() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null);
             LocalRegistry registry = LocalRegistry.http().on("/subjects/plumbline.llm-calls-value/versions",
                     new LocalRegistry.Answer(200, "{\"id\":42}"))) {
            broker.createTopics(List.of("plumbline.llm-calls"));

            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic",
                    "plumbline.llm-calls", "--llm-calls", "--format", "confluent-avro", "--set",
                    "schema-registry.url=" + registry.url(""), "--rate", "200", "--duration", "2s", "--seed", "9");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("The LLM call schema is id 42 under plumbline.llm-calls-value");
            assertThat(registry.requests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText())
                        .isEqualTo(LlmCallEvent.getClassSchema().toString());
            });
            LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.AUTO, System::currentTimeMillis,
                    new SchemaStore.Cache(), id -> LlmCallEvent.getClassSchema(), LlmCallLimits.DEFAULTS);
            List<ConsumerRecord<String, byte[]>> records = read(broker, "plumbline.llm-calls", 200,
                    ByteArrayDeserializer.class);
            assertThat(records).as("fewer than the first broken on purpose").hasSizeBetween(200,
                    LlmCallGenerator.MALFORMED_EVERY - 1);
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(record.value()[0]).as("Confluent's magic byte").isZero();
                assertThat(ByteBuffer.wrap(record.value(), 1, 4).getInt()).isEqualTo(42);
                assertThat(decoder.decode(record.value()).service()).isEqualTo(record.key());
            }
        }
    }

    /** As an OpenTelemetry Collector's Kafka exporter would: each call a GenAI span of an OTLP/JSON export. */
    @Test
    void writesTheCallsAsOtlpTraceExports() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("plumbline.llm-calls"));

            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic",
                    "plumbline.llm-calls", "--llm-calls", "--format", "otlp-json", "--rate", "200", "--duration", "2s",
                    "--seed", "9");

            assertThat(exit).as(err.toString()).isZero();
            LlmCallDecoder decoder = new LlmCallDecoder(PayloadFormat.OTLP_JSON, LlmCallLimits.DEFAULTS);
            List<ConsumerRecord<String, byte[]>> records = read(broker, "plumbline.llm-calls", 200,
                    ByteArrayDeserializer.class);
            assertThat(records).as("fewer than the first broken on purpose").hasSizeBetween(200,
                    LlmCallGenerator.MALFORMED_EVERY - 1);
            for (ConsumerRecord<String, byte[]> record : records) {
                List<LlmCallRecord> calls = new ArrayList<>();
                decoder.decode(record.value(), new EventSink<>() {
                    @Override
                    public void accept(LlmCallRecord call) {
                        calls.add(call);
                    }

                    @Override
                    public void reject(RejectReason reason, String detail) {
                        throw new AssertionError(reason.code() + ": " + detail);
                    }

                    @Override
                    public void skip() {
                        throw new AssertionError("a span of no call");
                    }
                });
                assertThat(calls).singleElement().satisfies(call -> assertThat(call.service()).isEqualTo(record.key()));
            }
        }
    }

    @Test
    void confluentAvroNeedsASchemaRegistryAndFilesAreSentAsTheyAre() {
        assertThat(execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--llm-calls",
                "--format", "confluent-avro")).isEqualTo(2);
        assertThat(err.toString()).contains("--format confluent-avro registers the call schema in a schema registry:"
                + " set schema-registry.url");
        assertThat(execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--llm-calls",
                "--format", "protobuf")).isEqualTo(2);
        assertThat(err.toString()).contains("'--format': unknown format 'protobuf': expected one of mixed, json,"
                + " avro-single-object, confluent-avro, otlp-proto, otlp-json, kserve");
        assertThat(execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--predictions",
                "--format", "otlp-json")).isEqualTo(2);
        assertThat(err.toString()).contains("--format otlp-json carries no predictions: expected one of mixed, json,"
                + " avro-single-object, confluent-avro, kserve");
        assertThat(execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--llm-calls",
                "--format", "kserve")).isEqualTo(2);
        assertThat(err.toString()).contains("--format kserve carries no LLM calls: expected one of mixed, json,"
                + " avro-single-object, confluent-avro, otlp-proto, otlp-json");
    }

    /** As KServe logs each inference: a request and a response CloudEvent, which pair back into each prediction. */
    @Test
    void writesThePredictionsAsAModelServersInferenceLogs() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("kserve.inference-logs"));

            int exit = execute("produce", "--bootstrap-servers", broker.bootstrapServers(), "--topic",
                    "kserve.inference-logs", "--predictions", "--format", "kserve", "--rate", "200", "--duration",
                    "2s", "--seed", "9");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Sending predictions of credit-risk and churn-predictor");
            InferenceLogDecoder decoder = new InferenceLogDecoder(InferenceLogOptions.DEFAULTS);
            List<InferenceHalf> halves = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> records = read(broker, "kserve.inference-logs", 400,
                    ByteArrayDeserializer.class);
            assertThat(records).hasSizeGreaterThanOrEqualTo(400);
            for (ConsumerRecord<String, byte[]> record : records) {
                halves.add(decoder.decode(record.value(), name -> record.headers().lastHeader(name) == null ? null
                        : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8),
                        record.timestamp()));
            }
            for (int i = 0; i + 1 < halves.size(); i += 2) {
                InferenceHalf request = halves.get(i);
                InferenceHalf response = halves.get(i + 1);
                assertThat(response.isResponse()).isTrue();
                assertThat(response.id()).isEqualTo(request.id());
                assertThat(InferencePairs.join(request, response)).singleElement().satisfies(prediction -> {
                    assertThat(prediction.modelId()).isIn("credit-risk", "churn-predictor");
                    assertThat(prediction.featureCount()).isEqualTo(10);
                });
            }
        }
    }

    @Test
    void refusesARateBelowOneAndAFileWithGeneratedCalls() {
        assertThat(execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--llm-calls", "--rate", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--rate must be at least 1 (calls per second), was 0");

        assertThat(execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--llm-calls", "--file", "x.jsonl"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void generatesNothingWhenKafkaIsUnreachable() {
        long start = System.nanoTime();

        int exit = execute("produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--llm-calls", "--timeout", "2s");

        assertThat(exit).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(err.toString()).contains("Kafka at 127.0.0.1:1 did not answer within 2s; is it running there?");
        assertThat(out.toString()).doesNotContain("Sending LLM calls");
    }

    private int execute(String... args) {
        CommandLine cli = Plumbline.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static List<ConsumerRecord<String, String>> read(EmbeddedBroker broker, String topic, int expected) {
        return read(broker, topic, expected, StringDeserializer.class);
    }

    private static <V> List<ConsumerRecord<String, V>> read(EmbeddedBroker broker, String topic, int expected,
                                                            Class<? extends Deserializer<V>> values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
