package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonTokens.A_STRING;
import static io.plumbline.schemas.codec.JsonTokens.describe;
import static io.plumbline.schemas.codec.JsonTokens.requireString;
import static io.plumbline.schemas.codec.PlausibleTimestamps.Unit.MILLIS;
import static io.plumbline.schemas.codec.PredictionFields.EVENT_ID;
import static io.plumbline.schemas.codec.PredictionFields.FEATURES;
import static io.plumbline.schemas.codec.PredictionFields.LABEL;
import static io.plumbline.schemas.codec.PredictionFields.LATENCY_MS;
import static io.plumbline.schemas.codec.PredictionFields.MODEL_ID;
import static io.plumbline.schemas.codec.PredictionFields.MODEL_VERSION;
import static io.plumbline.schemas.codec.PredictionFields.PREDICTION;
import static io.plumbline.schemas.codec.PredictionFields.PREDICTION_SCORES;
import static io.plumbline.schemas.codec.PredictionFields.SEGMENT;
import static io.plumbline.schemas.codec.PredictionFields.TIMESTAMP;
import static io.plumbline.schemas.codec.PredictionFields.entry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.ValueKind;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.io.IOException;

/**
 * Reads the JSON form of a PredictionEvent token by token straight into a {@link PredictionRecord}:
 * no tree and no map, so an event costs one record plus its new strings. The common event is read
 * first by {@link JsonPredictionFastPath}, several times faster; what it leaves, Jackson reads here.
 *
 * <p>A JSON event is accepted when it could have been written with the Avro schema, with two
 * leniencies: unknown fields are ignored, and a feature value that is an array or an object is kept
 * as UNSUPPORTED (a type mismatch for that feature) rather than losing the whole event. A key given
 * twice in the event or in an object inside it that is read is rejected, as is a feature name or a
 * category longer than an id ({@link Ids}).
 */
final class JsonPredictionReader {

    private static final String EPOCH_MILLIS = "integer epoch milliseconds";
    private static final String FEATURE_OBJECT = "an object of feature name to number, string, boolean or null";
    private static final String NUMBER_OR_STRING = "a number or a string";
    private static final String SCORES_OBJECT = "an object of class to number, or null";
    private static final String SEGMENT_OBJECT = "an object of label to string, or null";

    private final JsonFactory factory = JsonTokens.newFactory();
    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;
    private final JsonKeySet fields = new JsonKeySet();
    private final JsonKeySet featureNames = new JsonKeySet();
    /** For prediction_scores and segment, which are read one after the other, never nested. */
    private final JsonKeySet mapKeys = new JsonKeySet();
    /** Reads the common event first; Jackson reads the rest. */
    private final JsonPredictionFastPath fastPath;
    /** The last event's feature count: a model's events mostly have as many, so its record need not grow. */
    private int expectedFeatures = 16;

    JsonPredictionReader(StringInterner interner, PlausibleTimestamps timestamps) {
        this.interner = interner;
        this.timestamps = timestamps;
        this.fastPath = new JsonPredictionFastPath(interner, timestamps);
    }

    PredictionRecord read(byte[] payload) throws RejectedRecordException {
        PredictionRecord simple = fastPath.read(payload);
        return simple != null ? simple : readWithJackson(payload);
    }

    /** Every event, the rejected ones included, as Jackson's tokens give it. */
    PredictionRecord readWithJackson(byte[] payload) throws RejectedRecordException {
        JsonTokens.requireUtf8(payload);
        try (JsonParser p = factory.createParser(payload)) {
            return readEvent(p);
        } catch (IOException e) {
            throw JsonTokens.malformed(e);
        }
    }

    private PredictionRecord readEvent(JsonParser p) throws IOException, RejectedRecordException {
        JsonTokens.startObject(p);
        PredictionRecord record = new PredictionRecord(expectedFeatures);
        String eventId = null;
        String modelId = null;
        String modelVersion = null;
        long timestamp = 0;
        boolean hasTimestamp = false;
        boolean hasFeatures = false;
        fields.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = JsonTokens.uniqueName(p, fields, null);
            JsonToken value = p.nextToken();
            switch (field) {
                case EVENT_ID -> {
                    requireString(p, value, EVENT_ID);
                    // unique per event: interning would only evict vocabulary
                    eventId = Ids.check(EVENT_ID, p.getText());
                }
                case TIMESTAMP -> {
                    timestamp = JsonTokens.timestamp(p, value, TIMESTAMP, MILLIS, timestamps);
                    hasTimestamp = true;
                }
                case MODEL_ID -> {
                    requireString(p, value, MODEL_ID);
                    modelId = Ids.check(MODEL_ID, internText(p));
                }
                case MODEL_VERSION -> {
                    requireString(p, value, MODEL_VERSION);
                    modelVersion = Ids.check(MODEL_VERSION, internText(p));
                }
                case FEATURES -> {
                    readFeatures(p, value, record);
                    hasFeatures = true;
                }
                case PREDICTION -> readPrediction(p, value, record);
                case PREDICTION_SCORES -> checkScores(p, value);
                case LATENCY_MS -> checkLatency(p, value);
                case SEGMENT -> checkSegment(p, value);
                case LABEL -> checkLabel(p, value);
                default -> p.skipChildren(); // unknown fields are the producer's business
            }
        }
        JsonTokens.endOfInput(p);
        if (eventId == null) {
            throw Rejections.missing(EVENT_ID, A_STRING);
        }
        if (!hasTimestamp) {
            throw Rejections.missing(TIMESTAMP, EPOCH_MILLIS);
        }
        if (modelId == null) {
            throw Rejections.missing(MODEL_ID, A_STRING);
        }
        if (modelVersion == null) {
            throw Rejections.missing(MODEL_VERSION, A_STRING);
        }
        if (!hasFeatures) {
            throw Rejections.missing(FEATURES, FEATURE_OBJECT);
        }
        if (record.predictionKind() == ValueKind.MISSING) {
            throw Rejections.missing(PREDICTION, NUMBER_OR_STRING);
        }
        expectedFeatures = record.featureCount();
        return record.identity(eventId, timestamp, modelId, modelVersion);
    }

    private void readFeatures(JsonParser p, JsonToken value, PredictionRecord record)
            throws IOException, RejectedRecordException {
        if (value == JsonToken.VALUE_NULL) {
            throw Rejections.nullValue(FEATURES, FEATURE_OBJECT);
        }
        if (value != JsonToken.START_OBJECT) {
            throw Rejections.wrongType(FEATURES, describe(p, value), FEATURE_OBJECT);
        }
        featureNames.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = Ids.checkFeatureName(interner.intern(p.currentName()));
            if (!featureNames.add(name)) {
                throw Rejections.duplicate(entry(FEATURES, name));
            }
            if (name.equals(PREDICTION)) {
                throw Rejections.reservedFeature(entry(FEATURES, name));
            }
            switch (p.nextToken()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> record.addNumber(name, finite(p, FEATURES, name));
                case VALUE_STRING -> record.addCategory(name, Ids.checkCategory(name, internText(p)));
                case VALUE_TRUE -> record.addCategory(name, "true");
                case VALUE_FALSE -> record.addCategory(name, "false");
                case VALUE_NULL -> record.addMissing(name);
                default -> {
                    p.skipChildren();
                    record.addUnsupported(name);
                }
            }
        }
    }

    private void readPrediction(JsonParser p, JsonToken value, PredictionRecord record)
            throws IOException, RejectedRecordException {
        switch (value) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> record.predictionNumber(finite(p, PREDICTION, null));
            case VALUE_STRING -> record.predictionCategory(Ids.checkCategory(null, internText(p)));
            case VALUE_NULL -> throw Rejections.nullValue(PREDICTION, NUMBER_OR_STRING);
            default -> throw Rejections.wrongType(PREDICTION, describe(p, value), NUMBER_OR_STRING);
        }
    }

    private void checkScores(JsonParser p, JsonToken value) throws IOException, RejectedRecordException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw Rejections.wrongType(PREDICTION_SCORES, describe(p, value), SCORES_OBJECT);
        }
        mapKeys.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String label = JsonTokens.uniqueName(p, mapKeys, PREDICTION_SCORES);
            JsonToken score = p.nextToken();
            if (!score.isNumeric()) {
                throw Rejections.wrongType(entry(PREDICTION_SCORES, label), describe(p, score), "a number");
            }
            finite(p, PREDICTION_SCORES, label);
        }
    }

    private static void checkLatency(JsonParser p, JsonToken value) throws IOException, RejectedRecordException {
        if (value.isNumeric()) {
            finite(p, LATENCY_MS, null);
        } else if (value != JsonToken.VALUE_NULL) {
            throw Rejections.wrongType(LATENCY_MS, describe(p, value), "a number or null");
        }
    }

    private void checkSegment(JsonParser p, JsonToken value) throws IOException, RejectedRecordException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw Rejections.wrongType(SEGMENT, describe(p, value), SEGMENT_OBJECT);
        }
        mapKeys.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String label = JsonTokens.uniqueName(p, mapKeys, SEGMENT);
            JsonToken labelValue = p.nextToken();
            if (labelValue != JsonToken.VALUE_STRING) {
                throw Rejections.wrongType(entry(SEGMENT, label), describe(p, labelValue), A_STRING);
            }
        }
    }

    private static void checkLabel(JsonParser p, JsonToken value) throws IOException, RejectedRecordException {
        if (value.isNumeric()) {
            finite(p, LABEL, null);
        } else if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
            throw Rejections.wrongType(LABEL, describe(p, value), "a number, a string or null");
        }
    }

    /** The current number, which must be finite; {@code key} names the map entry, if any. */
    private static double finite(JsonParser p, String field, String key) throws IOException, RejectedRecordException {
        return JsonTokens.finite(p, key == null ? field : entry(field, key));
    }

    private String internText(JsonParser p) throws IOException {
        return JsonTokens.internedText(p, interner);
    }
}
