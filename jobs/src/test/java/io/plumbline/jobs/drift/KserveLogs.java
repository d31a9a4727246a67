package io.plumbline.jobs.drift;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Predictions as a model server's logger writes them: per prediction, a request and a response CloudEvent with
 * the same id, the response logged 5 ms after the request.
 *
 * <ul>
 *   <li>{@link Mode#BINARY}: the attributes in {@code ce_*} headers, as Knative's KafkaSink writes them; the bodies
 *       in the Open Inference Protocol (V2), each feature a named tensor, the response naming model and version.
 *   <li>{@link Mode#STRUCTURED}: whole CloudEvents as JSON, KServe's {@code inferenceservicename} extension naming
 *       the model; V1 bodies, each instance an object of features, so the version comes from the config.
 * </ul>
 */
public final class KserveLogs {

    public enum Mode { BINARY, STRUCTURED }

    /** A record value and its headers. */
    public record Written(byte[] value, List<Header> headers) {
    }

    /** A record the job must dead-letter for {@code reason}. */
    public record Malformed(Written record, RejectReason reason) {
    }

    private static final String REQUEST = "org.kubeflow.serving.inference.request";
    private static final String RESPONSE = "org.kubeflow.serving.inference.response";
    private static final String SOURCE = "http://localhost:9081/";
    private static final long RESPONSE_AFTER_MILLIS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mode mode;

    public KserveLogs(Mode mode) {
        this.mode = mode;
    }

    /** The config the drift job reads these logs with. */
    public Map<String, String> settings() {
        return mode == Mode.BINARY ? Map.of("topics.predictions-format", "kserve")
                : Map.of("topics.predictions-format", "kserve", "kserve.model-version", DriftTraffic.VERSION);
    }

    /** The request's record, then the response's. */
    List<Written> write(PredictionEvent e) {
        return List.of(request(e.getEventId(), e.getTimestamp(), e.getModelId(), body(e)),
                response(e.getEventId(), e.getTimestamp() + RESPONSE_AFTER_MILLIS, e.getModelId(),
                        e.getModelVersion(), List.of((Double) e.getPrediction())));
    }

    /** One record for each way a logger's record can be wrong, each rejected where it is read. */
    List<Malformed> malformed(long at, PredictionEvent valid) {
        ObjectNode body = body(valid);
        ObjectNode namedPrediction = body.deepCopy();
        if (mode == Mode.BINARY) {
            ((ObjectNode) namedPrediction.withArray("inputs").get(0)).put("name", "prediction");
        } else {
            ((ObjectNode) namedPrediction.withArray("instances").get(0)).set("prediction",
                    JSON.getNodeFactory().numberNode(1.0));
        }
        long ancient = Instant.parse("1990-01-01T00:00:00Z").toEpochMilli();
        return List.of(
                new Malformed(new Written(bytes("{\"event_id\":\"not-a-cloud-event-" + at + "\"}"), List.of()),
                        RejectReason.UNDECODABLE),
                new Malformed(request("ancient-" + at, ancient, valid.getModelId(), body), RejectReason.IMPLAUSIBLE_TIMESTAMP),
                new Malformed(request("named-prediction-" + at, at, valid.getModelId(), namedPrediction),
                        RejectReason.INVALID_ID));
    }

    /**
     * A request of one row and a response of two, which cannot be paired: dead-lettered at the response's
     * position, without its value, which the pairing no longer holds.
     */
    List<Written> mismatchedPair(long at, PredictionEvent valid) {
        String id = "mismatched-" + at;
        return List.of(request(id, at, valid.getModelId(), body(valid)),
                response(id, at + RESPONSE_AFTER_MILLIS, valid.getModelId(), valid.getModelVersion(),
                        List.of(0.5, 0.6)));
    }

    private ObjectNode body(PredictionEvent e) {
        ObjectNode body = JSON.createObjectNode();
        if (mode == Mode.STRUCTURED) {
            ObjectNode instance = body.putArray("instances").addObject();
            e.getFeatures().forEach((name, value) -> instance.set(name, JSON.valueToTree(value)));
            return body;
        }
        ArrayNode inputs = body.putArray("inputs");
        e.getFeatures().forEach((name, value) -> {
            ObjectNode tensor = inputs.addObject().put("name", name);
            tensor.putArray("shape").add(1);
            tensor.put("datatype", value instanceof String ? "BYTES" : value instanceof Boolean ? "BOOL" : "FP64");
            tensor.putArray("data").add(JSON.valueToTree(value));
        });
        return body;
    }

    private Written request(String id, long time, String model, ObjectNode body) {
        return cloudEvent(REQUEST, id, time, model, body);
    }

    private Written response(String id, long time, String model, String version, List<Double> predictions) {
        ObjectNode body = JSON.createObjectNode();
        if (mode == Mode.STRUCTURED) {
            ArrayNode values = body.putArray("predictions");
            predictions.forEach(values::add);
        } else {
            body.put("model_name", model).put("model_version", version).put("id", id);
            ObjectNode tensor = body.putArray("outputs").addObject().put("name", "predict");
            tensor.putArray("shape").add(predictions.size());
            tensor.put("datatype", "FP64");
            ArrayNode values = tensor.putArray("data");
            predictions.forEach(values::add);
        }
        return cloudEvent(RESPONSE, id, time, model, body);
    }

    private Written cloudEvent(String type, String id, long time, String model, ObjectNode data) {
        String at = Instant.ofEpochMilli(time).toString();
        if (mode == Mode.BINARY) {
            List<Header> headers = new ArrayList<>();
            for (String[] h : new String[][] {{"ce_specversion", "1.0"}, {"ce_id", id}, {"ce_type", type},
                    {"ce_source", SOURCE}, {"ce_time", at}, {"content-type", "application/json"}}) {
                headers.add(new RecordHeader(h[0], bytes(h[1])));
            }
            return new Written(bytes(data.toString()), headers);
        }
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", id).put("type", type)
                .put("source", SOURCE).put("time", at).put("datacontenttype", "application/json")
                .put("inferenceservicename", model);
        event.set("data", data);
        return new Written(bytes(event.toString()), List.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
