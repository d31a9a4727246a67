package io.plumbline.schemas.codec;

/** The field names of a PredictionEvent, shared by its JSON form and its Avro schema. */
public final class PredictionFields {

    static final String EVENT_ID = "event_id";
    static final String TIMESTAMP = "timestamp";
    static final String MODEL_ID = "model_id";
    static final String MODEL_VERSION = "model_version";
    static final String FEATURES = "features";
    /**
     * The prediction's field, and the name it goes by beside the features wherever they are named: drift
     * records, alert labels, metric series, {@code rules.overrides}. No feature may take it.
     */
    public static final String PREDICTION = "prediction";
    /** Why a feature may not be named {@link #PREDICTION}, and the fix: what a refusal says after the name. */
    public static final String RESERVED = "is a reserved name: it names the prediction in drift records, alerts and"
            + " metrics; rename the feature";
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
