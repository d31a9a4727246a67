package io.plumbline.bench;

import com.alibaba.fastjson2.JSONReader;
import io.plumbline.schemas.event.PredictionRecord;

/**
 * fastjson2's streaming reader building the same {@link PredictionRecord} as our JSON reader, for
 * {@code JsonDecodeBench} to time against it. Parsing only: none of the checks our reader makes (required
 * fields, plausible timestamps, id lengths, limits), so its time is a lower bound of what a full reader on
 * fastjson2 would take. It reads the benchmark's events, whose fields are all known.
 */
final class Fastjson2PredictionReader {

    private int expectedFeatures = 16;

    PredictionRecord read(byte[] json) {
        PredictionRecord record = new PredictionRecord(expectedFeatures);
        String eventId = null;
        String modelId = null;
        String modelVersion = null;
        long timestamp = 0;
        try (JSONReader reader = JSONReader.of(json)) {
            reader.nextIfObjectStart();
            while (!reader.nextIfObjectEnd()) {
                switch (reader.readFieldName()) {
                    case "event_id" -> eventId = reader.readString();
                    case "timestamp" -> timestamp = reader.readInt64Value();
                    case "model_id" -> modelId = reader.readString();
                    case "model_version" -> modelVersion = reader.readString();
                    case "features" -> features(reader, record);
                    case "prediction" -> record.predictionNumber(reader.readDoubleValue());
                    default -> reader.skipValue();
                }
            }
        }
        expectedFeatures = record.featureCount();
        return record.identity(eventId, timestamp, modelId, modelVersion);
    }

    private static void features(JSONReader reader, PredictionRecord record) {
        reader.nextIfObjectStart();
        while (!reader.nextIfObjectEnd()) {
            String name = reader.readFieldName();
            if (reader.isNumber()) {
                record.addNumber(name, reader.readDoubleValue());
            } else if (reader.isString()) {
                record.addCategory(name, reader.readString());
            } else if (reader.nextIfNull()) {
                record.addMissing(name);
            } else {
                record.addCategory(name, Boolean.toString(reader.readBoolValue()));
            }
        }
    }
}
