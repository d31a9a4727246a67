package io.plumbline.jobs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import io.plumbline.jobs.llm.LlmStatsScenario;
import io.plumbline.jobs.testing.IntegrationClusters;
import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.codec.OtlpCallEncoder;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM job on OpenTelemetry trace exports, as the Collector's Kafka exporter writes them, in protobuf and in
 * OTLP/JSON: the statistics run and every assertion of the JSON and Avro one ({@link LlmStatsScenario}), each
 * call a GenAI span. On top, in that format: an export holding only an HTTP server span is no call and no dead
 * letter, a span with a negative token count and one with a score out of range are dead letters, as is a record
 * that is no export at all.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OtlpITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = IntegrationClusters.flink();

    @RegisterExtension
    static final IntegrationClusters.Kafka KAFKA = new IntegrationClusters.Kafka();

    private static final LlmCallEvent BAD_CALL = LlmCallEvent.newBuilder().setEventId("bad-1")
            .setStartTimeUnixNano(1_748_736_001_000_000_000L).setEndTimeUnixNano(1_748_736_002_000_000_000L)
            .setServiceName("support-bot").setGenAiOperationName("chat").setGenAiProviderName("openai")
            .setGenAiRequestModel("gpt-4o-mini").build();

    @TempDir
    Path checkpoints;

    @Test
    void theLlmJobReadsProtobufExports() throws Exception {
        byte[] httpOnly = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                        .setTraceId(ByteString.fromHex("0af7651916cd43dd8448eb211c80319c"))
                        .setSpanId(ByteString.fromHex("b7ad6b7169203331")).setName("GET /")
                        .addAttributes(KeyValue.newBuilder().setKey("http.request.method")
                                .setValue(AnyValue.newBuilder().setStringValue("GET")))))).build().toByteArray();
        run("otlp-proto", OtlpCallEncoder::proto, httpOnly, "it.otlp-proto");
    }

    @Test
    void theLlmJobReadsJsonExports() throws Exception {
        byte[] httpOnly = ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                + "\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"GET /\","
                + "\"attributes\":[{\"key\":\"http.request.method\",\"value\":{\"stringValue\":\"GET\"}}]}]}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        run("otlp-json", OtlpCallEncoder::json, httpOnly, "it.otlp-json");
    }

    private void run(String format, Function<List<LlmCallEvent>, byte[]> encoder, byte[] httpOnly, String prefix)
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
}
