package io.plumbline.jobs.drift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.codec.InferenceLogEncoder;
import io.plumbline.schemas.codec.InferenceLogEncoder.LogRecord;
import io.plumbline.schemas.validation.RejectReason;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Predictions as a model server's logger writes them ({@link InferenceLogEncoder}): per prediction, a request
 * and a response CloudEvent with the same id. In binary mode with V2 bodies, the response naming model and
 * version; in structured mode with V1 bodies, the version coming from the config.
 */
public final class KserveLogs {

    /** A record value and its headers. */
    public record Written(byte[] value, List<Header> headers) {
    }

    /** A record the job must dead-letter for {@code reason}. */
    public record Malformed(Written record, RejectReason reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InferenceLogEncoder.Mode mode;
    private final InferenceLogEncoder.Protocol protocol;

    public KserveLogs(InferenceLogEncoder.Mode mode) {
        this.mode = mode;
        this.protocol = mode == InferenceLogEncoder.Mode.BINARY ? InferenceLogEncoder.Protocol.V2
                : InferenceLogEncoder.Protocol.V1;
    }

    /** The config the drift job reads these logs with. */
    public Map<String, String> settings() {
        return protocol == InferenceLogEncoder.Protocol.V2 ? Map.of("topics.predictions-format", "kserve")
                : Map.of("topics.predictions-format", "kserve", "kserve.model-version", DriftTraffic.VERSION);
    }

    /** The request's record, then the response's. */
    List<Written> write(PredictionEvent e) {
        return InferenceLogEncoder.write(e, mode, protocol).stream().map(KserveLogs::written).toList();
    }

    /** One record for each way a logger's record can be wrong, each rejected where it is read. */
    List<Malformed> malformed(long at, PredictionEvent valid) {
        PredictionEvent ancient = PredictionEvent.newBuilder(valid).setEventId("ancient-" + at)
                .setTimestamp(Instant.parse("1990-01-01T00:00:00Z").toEpochMilli()).build();
        Map<String, Object> features = new HashMap<>(valid.getFeatures());
        features.put("prediction", 1.0);
        PredictionEvent namedPrediction = PredictionEvent.newBuilder(valid).setEventId("named-prediction-" + at)
                .setFeatures(features).build();
        return List.of(
                new Malformed(new Written(bytes("{\"event_id\":\"not-a-cloud-event-" + at + "\"}"), List.of()),
                        RejectReason.UNDECODABLE),
                new Malformed(written(InferenceLogEncoder.request(ancient, mode, protocol)),
                        RejectReason.IMPLAUSIBLE_TIMESTAMP),
                new Malformed(written(InferenceLogEncoder.request(namedPrediction, mode, protocol)),
                        RejectReason.INVALID_ID));
    }

    /** A request of one row and a response of two, which cannot be paired. */
    List<Written> mismatchedPair(long at, PredictionEvent valid) {
        PredictionEvent event = PredictionEvent.newBuilder(valid).setEventId("mismatched-" + at).build();
        LogRecord response = InferenceLogEncoder.response(event, mode, protocol);
        ObjectNode value;
        try {
            value = (ObjectNode) JSON.readTree(response.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode body = mode == InferenceLogEncoder.Mode.BINARY ? value : (ObjectNode) value.get("data");
        if (protocol == InferenceLogEncoder.Protocol.V1) {
            body.putArray("predictions").add(0.5).add(0.6);
        } else {
            ObjectNode tensor = (ObjectNode) body.get("outputs").get(0);
            tensor.putArray("shape").add(2);
            tensor.putArray("data").add(0.5).add(0.6);
        }
        return List.of(written(InferenceLogEncoder.request(event, mode, protocol)),
                written(new LogRecord(bytes(value.toString()), response.headers())));
    }

    private static Written written(LogRecord record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach((name, value) -> headers.add(new RecordHeader(name, bytes(value))));
        return new Written(record.value(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
