package io.plumbline.schemas.codec;

import io.plumbline.schemas.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/** PredictionEvents and their Avro encodings written by Avro's own writers, not ours. */
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

    static byte[] singleObject(PredictionEvent e) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PredictionEvent.getEncoder().encode(e, out);
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] datum(PredictionEvent e) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(PredictionEvent.class).write(e, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private AvroEvents() {
    }
}
