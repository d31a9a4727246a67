package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.JsonByteScanner.NOT_SIMPLE;
import static io.plumbline.schemas.codec.PlausibleTimestamps.Unit.MILLIS;

import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;

/**
 * The common JSON prediction event read straight from its bytes: ASCII only, no escapes, each known field at
 * most once, no unknown field, features of numbers, strings, booleans and nulls, and a valid event. That is
 * what producers send nearly always, and reading it here costs a fraction of a general parser's time: no
 * parser per event, no String for a field name, no char copy of a number.
 *
 * <p>Anything else (a malformed event, one that would be rejected, or one this class merely does not take on)
 * gets {@code null}, and {@link JsonPredictionReader} reads it again with Jackson, which decides and words any
 * rejection. So this class never rejects: when it answers, the record is the one Jackson's reading gives
 * (JsonFastPathAgreementTest holds the two against each other on mutated events).
 */
final class JsonPredictionFastPath {

    private static final byte[][] FIELDS = JsonByteScanner.names(PredictionFields.EVENT_ID,
            PredictionFields.TIMESTAMP, PredictionFields.MODEL_ID, PredictionFields.MODEL_VERSION,
            PredictionFields.FEATURES, PredictionFields.PREDICTION, PredictionFields.PREDICTION_SCORES,
            PredictionFields.LATENCY_MS, PredictionFields.SEGMENT, PredictionFields.LABEL);
    private static final int EVENT_ID = 0;
    private static final int TIMESTAMP = 1;
    private static final int MODEL_ID = 2;
    private static final int MODEL_VERSION = 3;
    private static final int FEATURES = 4;
    private static final int PREDICTION = 5;
    private static final int PREDICTION_SCORES = 6;
    private static final int LATENCY_MS = 7;
    private static final int SEGMENT = 8;
    private static final int LABEL = 9;
    private static final int REQUIRED = 1 << EVENT_ID | 1 << TIMESTAMP | 1 << MODEL_ID | 1 << MODEL_VERSION
            | 1 << FEATURES | 1 << PREDICTION;

    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;
    private final JsonKeySet featureNames = new JsonKeySet();
    private final JsonByteScanner json = new JsonByteScanner();
    /** The last event's feature count: a model's events mostly have as many, so its record need not grow. */
    private int expectedFeatures = 16;

    JsonPredictionFastPath(StringInterner interner, PlausibleTimestamps timestamps) {
        this.interner = interner;
        this.timestamps = timestamps;
    }

    /** The event, or null when Jackson must read it. */
    PredictionRecord read(byte[] payload) {
        json.reset(payload);
        try {
            return event();
        } catch (RuntimeException notSimple) {
            // NOT_SIMPLE, or any surprise on input no test foresaw: Jackson's reading decides either way
            return null;
        } finally {
            json.release();
        }
    }

    private PredictionRecord event() {
        json.skipWhitespace();
        json.expect('{');
        PredictionRecord record = new PredictionRecord(expectedFeatures);
        String eventId = null;
        String modelId = null;
        String modelVersion = null;
        long timestamp = 0;
        int seen = 0;
        json.skipWhitespace();
        if (json.peek() != '}') {
            do {
                int field = json.memberName(FIELDS);
                if ((seen & 1 << field) != 0) {
                    throw NOT_SIMPLE;
                }
                seen |= 1 << field;
                switch (field) {
                    case EVENT_ID -> eventId = id(PredictionFields.EVENT_ID, json.newString());
                    case TIMESTAMP -> timestamp = timestamp();
                    case MODEL_ID -> modelId = id(PredictionFields.MODEL_ID, json.internedString(interner));
                    case MODEL_VERSION ->
                            modelVersion = id(PredictionFields.MODEL_VERSION, json.internedString(interner));
                    case FEATURES -> features(record);
                    case PREDICTION -> prediction(record);
                    case PREDICTION_SCORES, SEGMENT -> {
                        if (!json.consumeNull()) {
                            throw NOT_SIMPLE;
                        }
                    }
                    case LATENCY_MS -> nullOrNumber();
                    case LABEL -> {
                        if (json.peek() == '"') {
                            json.newString();
                        } else {
                            nullOrNumber();
                        }
                    }
                    default -> throw new IllegalStateException("field " + field);
                }
                json.skipWhitespace();
            } while (json.consume(','));
        }
        json.expect('}');
        json.requireEnd();
        if ((seen & REQUIRED) != REQUIRED) {
            throw NOT_SIMPLE;
        }
        expectedFeatures = record.featureCount();
        return record.identity(eventId, timestamp, modelId, modelVersion);
    }

    private void features(PredictionRecord record) {
        json.expect('{');
        featureNames.clear();
        json.skipWhitespace();
        if (json.consume('}')) {
            return;
        }
        do {
            json.skipWhitespace();
            String name = json.internedString(interner);
            try {
                Ids.checkFeatureName(name);
            } catch (RejectedRecordException e) {
                throw NOT_SIMPLE;
            }
            if (!featureNames.add(name) || name.equals(PredictionFields.PREDICTION)) {
                throw NOT_SIMPLE;
            }
            json.skipWhitespace();
            json.expect(':');
            json.skipWhitespace();
            switch (json.peek()) {
                case '"' -> record.addCategory(name, category(name, json.internedString(interner)));
                case 't', 'f' -> record.addCategory(name, json.bool() ? "true" : "false");
                case 'n' -> {
                    json.consumeNull();
                    record.addMissing(name);
                }
                default -> record.addNumber(name, json.finiteNumber());
            }
            json.skipWhitespace();
        } while (json.consume(','));
        json.expect('}');
    }

    private void prediction(PredictionRecord record) {
        if (json.peek() == '"') {
            record.predictionCategory(category(null, json.internedString(interner)));
        } else {
            record.predictionNumber(json.finiteNumber());
        }
    }

    private long timestamp() {
        try {
            return timestamps.check(PredictionFields.TIMESTAMP, MILLIS, json.integer());
        } catch (RejectedRecordException e) {
            throw NOT_SIMPLE;
        }
    }

    private void nullOrNumber() {
        if (!json.consumeNull()) {
            json.finiteNumber();
        }
    }

    private static String id(String field, String value) {
        try {
            return Ids.check(field, value);
        } catch (RejectedRecordException e) {
            throw NOT_SIMPLE;
        }
    }

    private static String category(String feature, String value) {
        try {
            return Ids.checkCategory(feature, value);
        } catch (RejectedRecordException e) {
            throw NOT_SIMPLE;
        }
    }
}
