package io.plumbline.jobs;

import static io.plumbline.jobs.testing.JsonRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.plumbline.jobs.drift.BoundedDriftRun;
import io.plumbline.jobs.drift.DriftScenario;
import io.plumbline.jobs.drift.KserveLogs;
import io.plumbline.jobs.llm.LlmStatsScenario;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.jobs.testing.ProducerEncoding;
import io.plumbline.jobs.testing.SchemaRegistryProcess;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.ConfluentWireFormat;
import io.plumbline.schemas.codec.InferenceLogEncoder;
import io.plumbline.schemas.codec.OtlpCallEncoder;
import io.plumbline.schemas.codec.PredictionEncoder;
import io.plumbline.schemas.registry.SchemaRegistryClient;
import io.plumbline.schemas.registry.SchemaRegistrySettings;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both jobs on events as producers already send them.
 *
 * <p>Records in Confluent's wire format, their writer schemas registered in a real schema registry
 * (Apicurio Registry, through its Confluent-compatible API) as producers register them: under their own record
 * names, with fields of their own, and an LLM call schema that still names the provider as older conventions
 * did. The runs and their every assertion are the JSON and Avro ones' ({@link DriftScenario},
 * {@link LlmStatsScenario}); on top, a record of a schema id the registry does not have is {@code undecodable}
 * and one of a schema that does not resolve into ours is {@code incompatible_schema}, naming the field. A
 * registry that does not answer fails the job.
 *
 * <p>OpenTelemetry trace exports, as the Collector's Kafka exporter writes them, in protobuf and in OTLP/JSON:
 * the LLM statistics run and every assertion of the JSON and Avro one, each call a GenAI span. On top, in that
 * format: an export holding only an HTTP server span is no call and no dead letter, a span with a negative
 * token count and one with a score out of range are dead letters, as is a record that is no export at all.
 *
 * <p>Inference logs of a model server, a request and a response CloudEvent per prediction, in binary mode (V2
 * tensors) and structured mode (V1 instances): the drift run and every assertion of the JSON and Avro one. On
 * top, records that are no CloudEvent, or a log of an implausible time or a feature named as the prediction,
 * are dead letters where they were read; a pair whose response has other rows than its request is one at the
 * position of its response; a late prediction is one at its request's position.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ProducerFormatsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    @RegisterExtension
    static final SchemaRegistryProcess REGISTRY = new SchemaRegistryProcess();

    /** No producer registered this id. */
    private static final int UNKNOWN_ID = 987_654;

    /** A valid call, to break for the dead-letter cases. */
    private static final LlmCallEvent BAD_CALL = LlmCallEvent.newBuilder().setEventId("bad-1")
            .setStartTimeUnixNano(1_748_736_001_000_000_000L).setEndTimeUnixNano(1_748_736_002_000_000_000L)
            .setServiceName("support-bot").setGenAiOperationName("chat").setGenAiProviderName("openai")
            .setGenAiRequestModel("gpt-4o-mini").build();

    @TempDir
    Path checkpoints;

    @Test
    void theDriftJobReadsPredictionsOfAProducersOwnSchema() throws Exception {
        Schema ours = PredictionEvent.getClassSchema();
        Schema theirs = SchemaBuilder.record("ChurnPrediction").namespace("com.acme.ml").fields()
                .requiredString("event_id")
                .requiredLong("timestamp")
                .requiredString("model_id")
                .requiredString("model_version")
                .name("features").type(ours.getField("features").schema()).noDefault()
                .name("prediction").type(ours.getField("prediction").schema()).noDefault()
                .name("request_path").type().stringType().stringDefault("")
                .endRecord();
        Schema withoutVersion = SchemaBuilder.record("ChurnPrediction").namespace("com.acme.legacy").fields()
                .requiredString("event_id")
                .requiredLong("timestamp")
                .requiredString("model_id")
                .name("features").type(ours.getField("features").schema()).noDefault()
                .name("prediction").type(ours.getField("prediction").schema()).noDefault()
                .endRecord();
        SchemaRegistryClient registry = registry();
        int id = registry.register("it.confluent.predictions-value", theirs.toString());
        int legacyId = registry.register("legacy.predictions-value", withoutVersion.toString());
        GenericRecord legacy = new GenericData.Record(withoutVersion);
        legacy.put("event_id", "legacy-1");
        legacy.put("timestamp", DriftScenario.T0 + 12_000);
        legacy.put("model_id", "churn");
        legacy.put("features", Map.of());
        legacy.put("prediction", 0.5);

        new DriftScenario(KAFKA.cluster(), checkpoints, "it.confluent", registrySettings(),
                copiedInto(theirs, id, List.of("event_id", "timestamp", "model_id", "model_version", "features",
                        "prediction"), Map.of("request_path", "/v1/score")))
                .withMalformed(ConfluentWireFormat.frame(UNKNOWN_ID, datum(legacy)), RejectReason.UNDECODABLE)
                .withMalformed(ConfluentWireFormat.frame(legacyId, datum(legacy)), RejectReason.INCOMPATIBLE_SCHEMA)
                .runAndAssert();

        assertThat(details("it.confluent.dead-letter", RejectReason.INCOMPATIBLE_SCHEMA)).containsExactly(
                "field 'model_version' is not in schema id " + legacyId + " and PredictionEvent has no default for"
                        + " it: the producer's schema must write it, under its name or an alias");
        assertThat(details("it.confluent.dead-letter", RejectReason.UNDECODABLE))
                .anyMatch(detail -> detail.startsWith("schema id " + UNKNOWN_ID + " is not in the schema registry"));
    }

    /** An older producer still names the provider {@code gen_ai_system}; the schema's alias maps it. */
    @Test
    void theLlmJobReadsCallsOfAnOlderSchemaThroughItsAliases() throws Exception {
        Schema ours = LlmCallEvent.getClassSchema();
        Schema older = new Schema.Parser().parse(ours.toString()
                .replace("\"gen_ai_provider_name\"", "\"gen_ai_system\"")
                .replace("\"aliases\":[\"gen_ai_system\"],", "")
                .replace("\"name\":\"LlmCallEvent\"", "\"name\":\"GenAiCall\"")
                .replace("\"namespace\":\"io.plumbline.schemas\"", "\"namespace\":\"com.acme.telemetry\""));
        String textTokens = older.toString().replace(
                "{\"name\":\"gen_ai_usage_input_tokens\",\"type\":[\"null\",\"long\"]",
                "{\"name\":\"gen_ai_usage_input_tokens\",\"type\":[\"null\",\"string\"]");
        SchemaRegistryClient registry = registry();
        int id = registry.register("it.confluent-llm.llm-calls-value", older.toString());
        int textId = registry.register("text-tokens.llm-calls-value", textTokens);
        List<String> names = ours.getFields().stream()
                .map(f -> f.name().equals("gen_ai_provider_name") ? "gen_ai_system" : f.name())
                .toList();
        GenericRecord textCall = new GenericData.Record(new Schema.Parser().parse(textTokens));
        ProducerEncoding<LlmCallEvent> olderEncoding = copiedInto(older, id, names, Map.of());
        LlmCallEvent sample = LlmCallEvent.newBuilder().setEventId("text-1").setStartTimeUnixNano(1L)
                .setEndTimeUnixNano(2L).setServiceName("s").setGenAiOperationName("chat")
                .setGenAiProviderName("openai").setGenAiRequestModel("gpt-4o").build();
        for (int i = 0; i < names.size(); i++) {
            textCall.put(names.get(i), sample.get(i));
        }
        textCall.put("gen_ai_usage_input_tokens", "12");

        new LlmStatsScenario(KAFKA.cluster(), checkpoints, "it.confluent-llm", registrySettings(), olderEncoding)
                .withMalformed(ConfluentWireFormat.frame(textId, datum(textCall)), RejectReason.INCOMPATIBLE_SCHEMA)
                .runAndAssert();

        assertThat(details("it.confluent-llm.dead-letter", RejectReason.INCOMPATIBLE_SCHEMA)).containsExactly(
                "field 'gen_ai_usage_input_tokens' is written as [null, string] in schema id " + textId
                        + "; LlmCallEvent reads it as [null, long]");
    }

    /**
     * A registry that does not answer fails the job after {@code schema-registry.retry-for}, naming what to
     * check, instead of dead-lettering the topic; here with no restarts, on a cluster the restart strategy's.
     */
    @Test
    void aRegistryThatDoesNotAnswerFailsTheJobAndDeadLettersNothing() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PlumblineConfig config = BoundedDriftRun.configure(KAFKA.cluster(), "it.registry-down", 1, checkpoints,
                Map.of("schema-registry.url", "http://127.0.0.1:" + closed, "schema-registry.retry-for", "2s"));
        KAFKA.cluster().produce(List.of(new ProducerRecord<>(config.topics().predictions(), 0, (byte[]) null,
                PredictionEncoder.confluent(1, PredictionEvent.newBuilder().setEventId("e-1")
                        .setTimestamp(DriftScenario.T0).setModelId("churn").setModelVersion("v1")
                        .setFeatures(Map.of()).setPrediction(0.5).build()))));

        JobClient job = BoundedDriftRun.start(config, new long[] {1});

        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .hasStackTraceContaining("RegistryUnavailableException")
                .hasStackTraceContaining("the schema registry did not answer within PT2S (schema-registry.retry-for)");
        assertThat(KAFKA.cluster().consumeAllCommitted(config.topics().deadLetter(), Duration.ofSeconds(10)))
                .as("nothing dead-lettered for the outage").isEmpty();
    }

    @Test
    void theLlmJobReadsProtobufExports() throws Exception {
        byte[] httpOnly = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                        .setTraceId(ByteString.fromHex("0af7651916cd43dd8448eb211c80319c"))
                        .setSpanId(ByteString.fromHex("b7ad6b7169203331")).setName("GET /")
                        .addAttributes(KeyValue.newBuilder().setKey("http.request.method")
                                .setValue(AnyValue.newBuilder().setStringValue("GET")))))).build().toByteArray();
        runOtlp("otlp-proto", OtlpCallEncoder::proto, httpOnly, "it.otlp-proto");
    }

    @Test
    void theLlmJobReadsJsonExports() throws Exception {
        byte[] httpOnly = ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                + "\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"GET /\","
                + "\"attributes\":[{\"key\":\"http.request.method\",\"value\":{\"stringValue\":\"GET\"}}]}]}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        runOtlp("otlp-json", OtlpCallEncoder::json, httpOnly, "it.otlp-json");
    }

    @Test
    void theDriftJobPairsInferenceLogsInBinaryMode() throws Exception {
        DriftScenario.ofInferenceLogs(KAFKA.cluster(), checkpoints, "it.kserve-binary",
                new KserveLogs(InferenceLogEncoder.Mode.BINARY)).runAndAssert();
    }

    @Test
    void theDriftJobPairsInferenceLogsInStructuredMode() throws Exception {
        DriftScenario.ofInferenceLogs(KAFKA.cluster(), checkpoints, "it.kserve-structured",
                new KserveLogs(InferenceLogEncoder.Mode.STRUCTURED)).runAndAssert();

        assertThat(details("it.kserve-structured.dead-letter", RejectReason.WRONG_TYPE)).hasSize(2).allSatisfy(detail ->
                assertThat(detail).startsWith("inference mismatched-").contains("2 rows", "1 rows"));
    }

    private void runOtlp(String format, Function<List<LlmCallEvent>, byte[]> encoder, byte[] httpOnly, String prefix)
            throws Exception {
        new LlmStatsScenario(KAFKA.cluster(), checkpoints, prefix, Map.of("topics.llm-calls-format", format),
                (call, index) -> encoder.apply(List.of(call)))
                .withoutJsonAndAvroMalformed()
                .withRecordOfNoCall(httpOnly)
                .withMalformed(encoder.apply(List.of(LlmCallEvent.newBuilder(BAD_CALL)
                        .setGenAiUsageInputTokens(-4L).build())), RejectReason.NEGATIVE_COUNT)
                .withMalformed(encoder.apply(List.of(LlmCallEvent.newBuilder(BAD_CALL).setEventId("bad-2")
                        .setEvalScore(1.5).build())), RejectReason.OUT_OF_RANGE)
                .withMalformed("not a trace export".getBytes(StandardCharsets.UTF_8), RejectReason.UNDECODABLE)
                .runAndAssert();
    }

    private static Map<String, String> registrySettings() {
        return Map.of("schema-registry.url", REGISTRY.url().toString());
    }

    private static SchemaRegistryClient registry() {
        return new SchemaRegistryClient(SchemaRegistrySettings.of(REGISTRY.url()));
    }

    /**
     * Writes each event's fields, by position, into {@code schema}'s fields of {@code names}, with
     * {@code extra} fields of the producer's own, in Confluent's wire format under {@code id}.
     */
    private static <E extends org.apache.avro.specific.SpecificRecord> ProducerEncoding<E> copiedInto(
            Schema schema, int id, List<String> names, Map<String, Object> extra) {
        return (event, index) -> {
            GenericRecord written = new GenericData.Record(schema);
            for (int i = 0; i < names.size(); i++) {
                written.put(names.get(i), event.get(i));
            }
            extra.forEach(written::put);
            return ConfluentWireFormat.frame(id, datum(written));
        };
    }

    private static byte[] datum(GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> details(String deadLetterTopic, RejectReason reason) throws Exception {
        return KAFKA.cluster().consumeAllCommitted(deadLetterTopic, Duration.ofSeconds(30)).stream()
                .filter(letter -> header(letter, "plumbline.reason").equals(reason.code()))
                .map(letter -> header(letter, "plumbline.detail"))
                .toList();
    }

}
