package io.plumbline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.schemas.PredictionEvent;

/**
 * Prediction events as a model server's logger writes them: per event a request and a response, structured-mode
 * CloudEvents with Open Inference Protocol (V2) bodies, each feature a named tensor of one row.
 */
final class InferenceLogPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InferenceLogPayloads() {
    }

    /** Each event's request, then its response. */
    static List<byte[]> of(List<PredictionEvent> events) {
        List<byte[]> records = new ArrayList<>(2 * events.size());
        for (PredictionEvent e : events) {
            ObjectNode request = JSON.createObjectNode();
            ArrayNode inputs = request.putArray("inputs");
            e.getFeatures().forEach((name, value) -> {
                ObjectNode tensor = inputs.addObject().put("name", name).put("datatype", datatype(value));
                tensor.putArray("shape").add(1);
                tensor.putArray("data").add(JSON.valueToTree(value));
            });
            ObjectNode response = JSON.createObjectNode().put("model_name", e.getModelId())
                    .put("model_version", e.getModelVersion()).put("id", e.getEventId());
            ObjectNode output = response.putArray("outputs").addObject().put("name", "predict")
                    .put("datatype", datatype(e.getPrediction()));
            output.putArray("shape").add(1);
            output.putArray("data").add(JSON.valueToTree(e.getPrediction()));
            records.add(cloudEvent("org.kubeflow.serving.inference.request", e.getEventId(), e.getTimestamp(), request));
            records.add(cloudEvent("org.kubeflow.serving.inference.response", e.getEventId(), e.getTimestamp() + 5,
                    response));
        }
        return records;
    }

    private static String datatype(Object value) {
        return value instanceof CharSequence ? "BYTES" : value instanceof Boolean ? "BOOL" : "FP64";
    }

    private static byte[] cloudEvent(String type, String id, long time, ObjectNode data) {
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", id).put("type", type)
                .put("source", "http://localhost:9081/").put("time", Instant.ofEpochMilli(time).toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
