package io.plumbline.jobs.state;

import java.io.IOException;

import io.plumbline.detectors.format.Varint;
import io.plumbline.schemas.event.PredictionRecord;
import io.plumbline.schemas.event.SourcePosition;
import io.plumbline.schemas.event.ValueKind;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The event that crosses the keyBy, written compactly: ids, then per feature its name, a kind
 * byte and only the value that kind has (a double or a category), then the prediction the same way.
 * No field names, no boxing, no Kryo. Strings go through {@link InterningStrings}, so the keyed stage
 * gets each name as one object with its hash cached; that makes an instance stateful, one per thread
 * ({@link #duplicate}).
 */
public final class PredictionRecordSerializer extends InterningRecordSerializer<PredictionRecord> {

    /** The prototype {@link PlumblineTypes} hands out duplicates of. */
    public static final PredictionRecordSerializer INSTANCE = new PredictionRecordSerializer();

    private static final ValueKind[] KINDS = ValueKind.values();
    /** Far above any model's features (features.max-per-model); a record with more grows as it reads them. */
    private static final int MAX_PRESIZED_FEATURES = 1024;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<PredictionRecord> duplicate() {
        return new PredictionRecordSerializer();
    }

    @Override
    public PredictionRecord createInstance() {
        return new PredictionRecord();
    }

    @Override
    public PredictionRecord copy(PredictionRecord from) {
        return from.copy();
    }

    @Override
    public PredictionRecord copy(PredictionRecord from, PredictionRecord reuse) {
        return from.copy();
    }

    @Override
    public void serialize(PredictionRecord r, DataOutputView out) throws IOException {
        strings.write(r.eventId(), out);
        out.writeLong(r.timestamp());
        strings.write(r.modelId(), out);
        strings.write(r.modelVersion(), out);
        int n = r.featureCount();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            strings.write(r.featureName(i), out);
            ValueKind kind = r.featureKind(i);
            out.writeByte(kind.ordinal());
            switch (kind) {
                case NUMBER -> out.writeDouble(r.number(i));
                case CATEGORY -> strings.write(r.category(i), out);
                default -> { } // MISSING and UNSUPPORTED carry no value
            }
        }
        ValueKind prediction = r.predictionKind();
        out.writeByte(prediction.ordinal());
        switch (prediction) {
            case NUMBER -> out.writeDouble(r.predictionNumber());
            case CATEGORY -> strings.write(r.predictionCategory(), out);
            default -> { }
        }
        Varint.writeSigned(r.sourcePartition(), out);
        Varint.writeSigned(r.sourceOffset(), out);
    }

    @Override
    public PredictionRecord deserialize(DataInputView in) throws IOException {
        String eventId = strings.readOnce(in);
        long timestamp = in.readLong();
        String modelId = strings.readInterned(in);
        String modelVersion = strings.readInterned(in);
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt feature count " + n);
        }
        // Sized for the count it says, but a corrupt count must not allocate gigabytes before the bytes run out.
        PredictionRecord r = new PredictionRecord(Math.min(n, MAX_PRESIZED_FEATURES))
                .reset(eventId, timestamp, modelId, modelVersion);
        for (int i = 0; i < n; i++) {
            String name = strings.readInterned(in);
            switch (kind(in.readByte())) {
                case NUMBER -> r.addNumber(name, in.readDouble());
                case CATEGORY -> r.addCategory(name, strings.readInterned(in));
                case MISSING -> r.addMissing(name);
                case UNSUPPORTED -> r.addUnsupported(name);
            }
        }
        switch (kind(in.readByte())) {
            case NUMBER -> r.predictionNumber(in.readDouble());
            case CATEGORY -> r.predictionCategory(strings.readInterned(in));
            default -> r.predictionMissing();
        }
        long partition = Varint.readSigned(in);
        if (partition < SourcePosition.UNKNOWN || partition > Integer.MAX_VALUE) {
            throw new IOException("corrupt source partition " + partition);
        }
        r.locate((int) partition, Varint.readSigned(in));
        return r;
    }

    private static ValueKind kind(byte ordinal) throws IOException {
        if (ordinal < 0 || ordinal >= KINDS.length) {
            throw new IOException("corrupt value kind " + ordinal);
        }
        return KINDS[ordinal];
    }

    @Override
    public TypeSerializerSnapshot<PredictionRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PredictionRecord> {
        public Snapshot() {
            super(PredictionRecordSerializer::new);
        }
    }
}
