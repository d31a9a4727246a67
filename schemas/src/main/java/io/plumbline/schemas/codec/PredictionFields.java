package io.plumbline.schemas.codec;

/** The field names of a PredictionEvent, shared by its JSON form and its Avro schema. */
final class PredictionFields {

    static final String EVENT_ID = "event_id";
    static final String TIMESTAMP = "timestamp";
    static final String MODEL_ID = "model_id";
    static final String MODEL_VERSION = "model_version";
    static final String FEATURES = "features";
    static final String PREDICTION = "prediction";
    static final String PREDICTION_SCORES = "prediction_scores";
    static final String LATENCY_MS = "latency_ms";
    static final String SEGMENT = "segment";
    static final String LABEL = "label";

    /** How a detail names one entry of a map field, e.g. {@code features.age}. */
    static String entry(String mapField, String key) {
        return mapField + "." + key;
    }

    private PredictionFields() {
    }
}
