package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.AvroEventReader.finite;
import static io.plumbline.schemas.codec.PredictionFields.EVENT_ID;
import static io.plumbline.schemas.codec.PredictionFields.FEATURES;
import static io.plumbline.schemas.codec.PredictionFields.LABEL;
import static io.plumbline.schemas.codec.PredictionFields.LATENCY_MS;
import static io.plumbline.schemas.codec.PredictionFields.MODEL_ID;
import static io.plumbline.schemas.codec.PredictionFields.MODEL_VERSION;
import static io.plumbline.schemas.codec.PredictionFields.PREDICTION;
import static io.plumbline.schemas.codec.PredictionFields.PREDICTION_SCORES;
import static io.plumbline.schemas.codec.PredictionFields.TIMESTAMP;
import static io.plumbline.schemas.codec.PredictionFields.entry;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.util.Map;
import org.apache.avro.message.SchemaStore;

/**
 * Reads PredictionEvents in Avro binary (see {@link AvroEventReader}) into a {@link PredictionRecord}.
 * The schema already enforces presence and types; what is left to check is what Avro cannot express:
 * finite doubles, a plausible timestamp, valid ids, feature names and categories.
 */
final class AvroPredictionReader {

    private final AvroEventReader<PredictionEvent> avro;
    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;

    AvroPredictionReader(SchemaStore writerSchemas, WriterSchemaIds schemaIds, StringInterner interner, PlausibleTimestamps timestamps) {
        this.avro = new AvroEventReader<>(PredictionEvent.class, writerSchemas, schemaIds);
        this.interner = interner;
        this.timestamps = timestamps;
    }

    PredictionRecord readSingleObject(byte[] payload) throws RejectedRecordException {
        return toRecord(avro.readSingleObject(payload));
    }

    PredictionRecord readConfluent(byte[] payload) throws RejectedRecordException {
        return toRecord(avro.readConfluent(payload));
    }

    PredictionRecord readDatum(byte[] payload) throws RejectedRecordException {
        return toRecord(avro.readDatum(payload));
    }

    private PredictionRecord toRecord(PredictionEvent e) throws RejectedRecordException {
        long timestamp = timestamps.check(TIMESTAMP, PlausibleTimestamps.Unit.MILLIS, e.getTimestamp());
        PredictionRecord record = new PredictionRecord().reset(Ids.check(EVENT_ID, e.getEventId()), timestamp,
                interner.intern(Ids.check(MODEL_ID, e.getModelId())),
                interner.intern(Ids.check(MODEL_VERSION, e.getModelVersion())));
        for (Map.Entry<String, Object> feature : e.getFeatures().entrySet()) {
            String name = interner.intern(Ids.checkFeatureName(feature.getKey()));
            if (name.equals(PREDICTION)) {
                throw Rejections.reservedFeature(entry(FEATURES, name));
            }
            Object value = feature.getValue();
            if (value instanceof Double d) {
                record.addNumber(name, finite(d, entry(FEATURES, name)));
            } else if (value instanceof String s) {
                record.addCategory(name, interner.intern(Ids.checkCategory(name, s)));
            } else if (value instanceof Boolean b) {
                record.addCategory(name, b ? "true" : "false");
            } else {
                record.addMissing(name);
            }
        }
        if (e.getPrediction() instanceof Double d) {
            record.predictionNumber(finite(d, PREDICTION));
        } else {
            record.predictionCategory(interner.intern(Ids.checkCategory(null, (String) e.getPrediction())));
        }
        if (e.getPredictionScores() != null) {
            for (Map.Entry<String, Double> score : e.getPredictionScores().entrySet()) {
                finite(score.getValue(), entry(PREDICTION_SCORES, score.getKey()));
            }
        }
        if (e.getLatencyMs() != null) {
            finite(e.getLatencyMs(), LATENCY_MS);
        }
        if (e.getLabel() instanceof Double d) {
            finite(d, LABEL);
        }
        return record;
    }
}
