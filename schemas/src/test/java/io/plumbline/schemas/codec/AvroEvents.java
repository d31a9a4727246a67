package io.plumbline.schemas.codec;

import io.plumbline.schemas.LlmCallEvent;
import io.plumbline.schemas.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;

/** Events and their Avro encodings written by Avro's own writers, not ours. */
final class AvroEvents {

    static PredictionEvent.Builder sample() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", 42.0);
        features.put("plan", "pro");
        features.put("trial", true);
        features.put("referrer", null);
        return PredictionEvent.newBuilder()
                .setEventId("e-1")
                .setTimestamp(JsonEvent.TIMESTAMP)
                .setModelId("churn")
                .setModelVersion("v3")
                .setFeatures(features)
                .setPrediction(0.25);
    }

    /** The call of {@link JsonEvent#llmCall()}, every field set. */
    static LlmCallEvent.Builder llmCall() {
        return LlmCallEvent.newBuilder()
                .setEventId("c-1")
                .setStartTimeUnixNano(JsonEvent.START_NANOS)
                .setEndTimeUnixNano(JsonEvent.END_NANOS)
                .setServiceName("support-bot")
                .setGenAiOperationName("chat")
                .setGenAiProviderName("openai")
                .setGenAiRequestModel("gpt-4o")
                .setGenAiResponseModel("gpt-4o-2024-08-06")
                .setGenAiPromptName("triage")
                .setPromptVersion("v7")
                .setGenAiUsageInputTokens(1200L)
                .setGenAiUsageOutputTokens(350L)
                .setGenAiUsageCacheReadInputTokens(1024L)
                .setGenAiUsageReasoningOutputTokens(128L)
                .setGenAiResponseFinishReasons(List.of("stop", "content_filter"))
                .setGenAiResponseTimeToFirstChunk(0.25)
                .setErrorType("timeout")
                .setRefusal(true)
                .setCostUsd(0.0061)
                .setEvalScore(0.875)
                .setTenant("acme");
    }

    /** Single-object encoding of a generated or a generic record, with the record's own schema. */
    static byte[] singleObject(GenericRecord e) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new BinaryMessageEncoder<GenericRecord>(GenericData.get(), e.getSchema()).encode(e, out);
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] datum(GenericRecord e) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(e.getSchema()).write(e, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private AvroEvents() {
    }
}
