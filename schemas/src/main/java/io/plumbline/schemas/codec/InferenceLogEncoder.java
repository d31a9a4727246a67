package io.plumbline.schemas.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.schemas.PredictionEvent;

/**
 * Writes a PredictionEvent as a model server's logger logs the inference behind it, for the demo's traffic, the
 * benchmarks and tests: a request and a response CloudEvent with the event's id, the response logged
 * {@value #RESPONSE_AFTER_MILLIS} ms after the request, both of which {@link InferenceLogDecoder} reads and
 * {@link InferencePairs} joins back into the event (its features, prediction, model; V1 names no version).
 * Thread-safe.
 */
public final class InferenceLogEncoder {

    /** How the CloudEvent is carried: attributes in {@code ce_*} headers, or the whole event as JSON. */
    public enum Mode { BINARY, STRUCTURED }

    /** How the body is written: the Open Inference Protocol's named tensors, or KServe's V1 instances. */
    public enum Protocol { V2, V1 }

    /** One record: its value and, in binary mode, its headers. */
    public record LogRecord(byte[] value, Map<String, String> headers) {
    }

    public static final String REQUEST_TYPE = "org.kubeflow.serving.inference.request";
    public static final String RESPONSE_TYPE = "org.kubeflow.serving.inference.response";
    static final long RESPONSE_AFTER_MILLIS = 5;
    private static final String SOURCE = "http://localhost:9081/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InferenceLogEncoder() {
    }

    /** The request's record, then the response's. */
    public static List<LogRecord> write(PredictionEvent event, Mode mode, Protocol protocol) {
        return List.of(request(event, mode, protocol), response(event, mode, protocol));
    }

    /** The request of the inference behind {@code event}. */
    public static LogRecord request(PredictionEvent event, Mode mode, Protocol protocol) {
        ObjectNode body = JSON.createObjectNode();
        if (protocol == Protocol.V1) {
            ObjectNode instance = body.putArray("instances").addObject();
            event.getFeatures().forEach((name, value) -> instance.set(name, JSON.valueToTree(plain(value))));
        } else {
            ArrayNode inputs = body.putArray("inputs");
            event.getFeatures().forEach((name, value) -> tensor(inputs, name, value));
        }
        return cloudEvent(REQUEST_TYPE, event.getEventId(), event.getTimestamp(), event.getModelId(), body, mode);
    }

    /** The response of the inference behind {@code event}. */
    public static LogRecord response(PredictionEvent event, Mode mode, Protocol protocol) {
        ObjectNode body = JSON.createObjectNode();
        if (protocol == Protocol.V1) {
            body.putArray("predictions").add(JSON.valueToTree(plain(event.getPrediction())));
        } else {
            body.put("model_name", event.getModelId()).put("model_version", event.getModelVersion())
                    .put("id", event.getEventId());
            tensor(body.putArray("outputs"), "predict", event.getPrediction());
        }
        return cloudEvent(RESPONSE_TYPE, event.getEventId(), event.getTimestamp() + RESPONSE_AFTER_MILLIS,
                event.getModelId(), body, mode);
    }

    /** A tensor of one row holding {@code value}: numbers FP64, text BYTES, booleans BOOL. */
    private static void tensor(ArrayNode tensors, String name, Object value) {
        ObjectNode tensor = tensors.addObject().put("name", name).put("datatype",
                value instanceof CharSequence ? "BYTES" : value instanceof Boolean ? "BOOL" : "FP64");
        tensor.putArray("shape").add(1);
        tensor.putArray("data").add(JSON.valueToTree(plain(value)));
    }

    /** Avro's strings as Java's, which Jackson writes as JSON strings. */
    private static Object plain(Object value) {
        return value instanceof CharSequence ? value.toString() : value;
    }

    private static LogRecord cloudEvent(String type, String id, long time, String model, ObjectNode data, Mode mode) {
        String at = Instant.ofEpochMilli(time).toString();
        if (mode == Mode.BINARY) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("ce_specversion", "1.0");
            headers.put("ce_id", id);
            headers.put("ce_type", type);
            headers.put("ce_source", SOURCE);
            headers.put("ce_time", at);
            headers.put("ce_inferenceservicename", model);
            headers.put("content-type", "application/json");
            return new LogRecord(bytes(data.toString()), headers);
        }
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", id).put("type", type)
                .put("source", SOURCE).put("time", at).put("datacontenttype", "application/json")
                .put("inferenceservicename", model);
        event.set("data", data);
        return new LogRecord(bytes(event.toString()), Map.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
