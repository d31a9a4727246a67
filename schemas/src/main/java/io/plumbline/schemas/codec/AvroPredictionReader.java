package io.plumbline.schemas.codec;

import static io.plumbline.schemas.codec.PredictionFields.FEATURES;
import static io.plumbline.schemas.codec.PredictionFields.LABEL;
import static io.plumbline.schemas.codec.PredictionFields.LATENCY_MS;
import static io.plumbline.schemas.codec.PredictionFields.PREDICTION;
import static io.plumbline.schemas.codec.PredictionFields.PREDICTION_SCORES;
import static io.plumbline.schemas.codec.PredictionFields.entry;

import io.plumbline.schemas.PredictionEvent;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.validation.RejectedRecordException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads PredictionEvents in Avro binary: single-object encoded (the writer schema named by its
 * fingerprint, so older versions resolve against the current one) or a bare datum of the current
 * schema. The schema already enforces presence and types; what is left to check is what Avro
 * cannot express: finite doubles and a plausible timestamp.
 */
final class AvroPredictionReader {

    private final BinaryMessageDecoder<PredictionEvent> singleObject;
    private final SpecificDatumReader<PredictionEvent> datumReader = new SpecificDatumReader<>(PredictionEvent.class);
    private final StringInterner interner;
    private final PlausibleTimestamps timestamps;
    private BinaryDecoder datumDecoder;
    /** Decoded into again and again: its maps are cleared by Avro, not reallocated. */
    private PredictionEvent event;

    AvroPredictionReader(SchemaStore writerSchemas, StringInterner interner, PlausibleTimestamps timestamps) {
        this.singleObject = PredictionEvent.createDecoder(writerSchemas);
        this.interner = interner;
        this.timestamps = timestamps;
    }

    PredictionRecord readSingleObject(byte[] payload) throws RejectedRecordException {
        try {
            event = singleObject.decode(payload, event);
        } catch (BadHeaderException e) {
            throw Rejections.undecodable("not Avro single-object encoding (" + e.getMessage()
                    + "): expected C3 01 and an 8-byte schema fingerprint — first bytes " + Rejections.firstBytes(payload));
        } catch (MissingSchemaException e) {
            throw Rejections.undecodable(String.format("Avro single-object record written with an unknown schema "
                    + "(fingerprint %016X): not a PredictionEvent schema version this decoder knows",
                    fingerprint(payload)));
        } catch (IOException | RuntimeException e) {
            // Avro reports malformed input with assorted unchecked exceptions (negative lengths, bad union indexes)
            throw Rejections.undecodable("malformed Avro single-object record: " + describe(e));
        }
        return toRecord(event);
    }

    PredictionRecord readDatum(byte[] payload) throws RejectedRecordException {
        try {
            datumDecoder = DecoderFactory.get().binaryDecoder(payload, datumDecoder);
            event = datumReader.read(event, datumDecoder);
            if (!datumDecoder.isEnd()) {
                throw Rejections.undecodable("Avro datum has bytes left after a complete PredictionEvent: "
                        + "not a bare datum of the current schema");
            }
        } catch (IOException | RuntimeException e) {
            throw Rejections.undecodable("malformed Avro datum: " + describe(e));
        }
        return toRecord(event);
    }

    private PredictionRecord toRecord(PredictionEvent e) throws RejectedRecordException {
        PredictionRecord record = new PredictionRecord().reset(e.getEventId(), timestamps.check(e.getTimestamp()),
                interner.intern(e.getModelId()), interner.intern(e.getModelVersion()));
        for (Map.Entry<String, Object> feature : e.getFeatures().entrySet()) {
            String name = interner.intern(feature.getKey());
            Object value = feature.getValue();
            if (value instanceof Double d) {
                record.addNumber(name, finite(d, entry(FEATURES, name)));
            } else if (value instanceof String s) {
                record.addCategory(name, interner.intern(s));
            } else if (value instanceof Boolean b) {
                record.addCategory(name, b ? "true" : "false");
            } else {
                record.addMissing(name);
            }
        }
        if (e.getPrediction() instanceof Double d) {
            record.predictionNumber(finite(d, PREDICTION));
        } else {
            record.predictionCategory(interner.intern((String) e.getPrediction()));
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

    private static double finite(double v, String field) throws RejectedRecordException {
        if (!Double.isFinite(v)) {
            throw Rejections.nonFinite(field, Double.toString(v));
        }
        return v;
    }

    /** The writer schema's fingerprint as the single-object header carries it (little-endian after C3 01). */
    private static long fingerprint(byte[] payload) {
        return ByteBuffer.wrap(payload, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The innermost cause: the message decoder wraps it in an uninformative "Decoding datum failed". */
    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof EOFException) {
            return "it ends early";
        }
        String type = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? type : type + ": " + cause.getMessage();
    }
}
