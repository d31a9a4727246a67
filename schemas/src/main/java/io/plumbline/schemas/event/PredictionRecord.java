package io.plumbline.schemas.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded, validated prediction event in compact form: the record that crosses the keyBy.
 *
 * <p>Features live in parallel arrays instead of a map so that neither decoding nor the
 * job's serializer boxes a value per feature. Feature names and categories are interned by
 * the decoder, so equal names are usually the same object.
 */
public final class PredictionRecord implements SourcePosition {

    private static final int INITIAL_CAPACITY = 16;

    private String eventId;
    private long timestamp;
    private String modelId;
    private String modelVersion;

    private int featureCount;
    private String[] featureNames;
    private byte[] featureKinds;
    private double[] numbers;
    private String[] categories;

    private ValueKind predictionKind = ValueKind.MISSING;
    private double predictionNumber;
    private String predictionCategory;

    /** Not part of the event: where it was read, so it is left out of {@link #equals}. */
    private int sourcePartition = UNKNOWN;
    private long sourceOffset = UNKNOWN;

    public PredictionRecord() {
        this(INITIAL_CAPACITY);
    }

    /**
     * Room for {@code expectedFeatures} without growing: a decoder that expects as many as the last event had
     * saves a copy of every array per event.
     */
    public PredictionRecord(int expectedFeatures) {
        int capacity = Math.max(1, expectedFeatures);
        featureNames = new String[capacity];
        featureKinds = new byte[capacity];
        numbers = new double[capacity];
        categories = new String[capacity];
    }

    /** Clears the features and prediction and sets the identifying fields. */
    public PredictionRecord reset(String eventId, long timestamp, String modelId, String modelVersion) {
        Arrays.fill(categories, 0, featureCount, null);
        Arrays.fill(featureNames, 0, featureCount, null);
        this.featureCount = 0;
        this.predictionKind = ValueKind.MISSING;
        this.predictionNumber = 0;
        this.predictionCategory = null;
        this.sourcePartition = UNKNOWN;
        this.sourceOffset = UNKNOWN;
        return identity(eventId, timestamp, modelId, modelVersion);
    }

    /**
     * Sets the identifying fields and keeps the features and prediction: a JSON producer may
     * write the identifying fields after the features, and the decoder reads in one pass.
     */
    public PredictionRecord identity(String eventId, long timestamp, String modelId, String modelVersion) {
        this.eventId = eventId;
        this.timestamp = timestamp;
        this.modelId = modelId;
        this.modelVersion = modelVersion;
        return this;
    }

    public PredictionRecord addNumber(String feature, double value) {
        int i = append(feature, ValueKind.NUMBER);
        numbers[i] = value;
        return this;
    }

    public PredictionRecord addCategory(String feature, String value) {
        int i = append(feature, ValueKind.CATEGORY);
        categories[i] = Objects.requireNonNull(value, "category");
        return this;
    }

    public PredictionRecord addMissing(String feature) {
        append(feature, ValueKind.MISSING);
        return this;
    }

    public PredictionRecord addUnsupported(String feature) {
        append(feature, ValueKind.UNSUPPORTED);
        return this;
    }

    public PredictionRecord predictionNumber(double value) {
        predictionKind = ValueKind.NUMBER;
        predictionNumber = value;
        predictionCategory = null;
        return this;
    }

    public PredictionRecord predictionCategory(String value) {
        predictionKind = ValueKind.CATEGORY;
        predictionCategory = Objects.requireNonNull(value, "prediction");
        return this;
    }

    public PredictionRecord predictionMissing() {
        predictionKind = ValueKind.MISSING;
        predictionCategory = null;
        return this;
    }

    private int append(String feature, ValueKind kind) {
        if (featureCount == featureNames.length) {
            int capacity = Math.max(INITIAL_CAPACITY, featureCount * 2);
            featureNames = Arrays.copyOf(featureNames, capacity);
            featureKinds = Arrays.copyOf(featureKinds, capacity);
            numbers = Arrays.copyOf(numbers, capacity);
            categories = Arrays.copyOf(categories, capacity);
        }
        int i = featureCount++;
        featureNames[i] = Objects.requireNonNull(feature, "feature");
        featureKinds[i] = (byte) kind.ordinal();
        return i;
    }

    public String eventId() { return eventId; }
    public long timestamp() { return timestamp; }
    public String modelId() { return modelId; }
    public String modelVersion() { return modelVersion; }

    public int featureCount() { return featureCount; }
    public String featureName(int i) { check(i); return featureNames[i]; }
    public ValueKind featureKind(int i) { check(i); return ValueKind.ofOrdinal(featureKinds[i]); }
    /** The value of feature {@code i}; meaningful only when its kind is NUMBER. */
    public double number(int i) { check(i); return numbers[i]; }
    /** The value of feature {@code i}; non-null only when its kind is CATEGORY. */
    public String category(int i) { check(i); return categories[i]; }

    @Override
    public void locate(int partition, long offset) {
        this.sourcePartition = partition;
        this.sourceOffset = offset;
    }

    @Override
    public int sourcePartition() { return sourcePartition; }
    @Override
    public long sourceOffset() { return sourceOffset; }

    public ValueKind predictionKind() { return predictionKind; }
    public double predictionNumber() { return predictionNumber; }
    public String predictionCategory() { return predictionCategory; }

    private void check(int i) {
        if (i < 0 || i >= featureCount) {
            throw new IndexOutOfBoundsException("feature " + i + " of " + featureCount);
        }
    }

    /** A deep copy: the arrays are copied, the (immutable) strings shared. */
    public PredictionRecord copy() {
        PredictionRecord c = new PredictionRecord();
        c.eventId = eventId;
        c.timestamp = timestamp;
        c.modelId = modelId;
        c.modelVersion = modelVersion;
        c.featureCount = featureCount;
        int capacity = Math.max(INITIAL_CAPACITY, featureCount);
        c.featureNames = Arrays.copyOf(featureNames, capacity);
        c.featureKinds = Arrays.copyOf(featureKinds, capacity);
        c.numbers = Arrays.copyOf(numbers, capacity);
        c.categories = Arrays.copyOf(categories, capacity);
        c.predictionKind = predictionKind;
        c.predictionNumber = predictionNumber;
        c.predictionCategory = predictionCategory;
        c.sourcePartition = sourcePartition;
        c.sourceOffset = sourceOffset;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof PredictionRecord r)) return false;
        if (timestamp != r.timestamp || featureCount != r.featureCount || predictionKind != r.predictionKind
                || !Objects.equals(eventId, r.eventId) || !Objects.equals(modelId, r.modelId)
                || !Objects.equals(modelVersion, r.modelVersion)
                || !Objects.equals(predictionCategory, r.predictionCategory)
                || Double.compare(predictionNumber, r.predictionNumber) != 0) {
            return false;
        }
        for (int i = 0; i < featureCount; i++) {
            if (featureKinds[i] != r.featureKinds[i] || !featureNames[i].equals(r.featureNames[i])
                    || Double.compare(numbers[i], r.numbers[i]) != 0
                    || !Objects.equals(categories[i], r.categories[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, timestamp, modelId, modelVersion, featureCount);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PredictionRecord{")
                .append(modelId).append('/').append(modelVersion)
                .append(" id=").append(eventId).append(" ts=").append(timestamp).append(" features={");
        for (int i = 0; i < featureCount; i++) {
            if (i > 0) sb.append(", ");
            sb.append(featureNames[i]).append('=');
            switch (featureKind(i)) {
                case NUMBER -> sb.append(numbers[i]);
                case CATEGORY -> sb.append('"').append(categories[i]).append('"');
                default -> sb.append(featureKind(i));
            }
        }
        sb.append("} prediction=");
        switch (predictionKind) {
            case NUMBER -> sb.append(predictionNumber);
            case CATEGORY -> sb.append('"').append(predictionCategory).append('"');
            default -> sb.append(predictionKind);
        }
        return sb.append('}').toString();
    }
}
