package io.plumbline.schemas.event;

import java.util.List;
import java.util.Objects;

/**
 * One half of a logged inference, as a model server's logger writes it: the request, with a row of features per
 * instance of the batch, or the response, with a row holding each instance's prediction. The two halves share
 * the CloudEvent id by which they are paired into {@link PredictionRecord}s.
 *
 * <p>The rows are predictions not yet whole: a request row has features and no prediction, a response row a
 * prediction and no features, and neither has its final identity until the halves are paired.
 */
public final class InferenceHalf implements SourcePosition {

    private final String id;
    private final boolean response;
    private final long timestamp;
    private final String modelId;
    private final String modelVersion;
    private final List<PredictionRecord> rows;
    private int sourcePartition = UNKNOWN;
    private long sourceOffset = UNKNOWN;

    /**
     * @param id the CloudEvent id, the same in both halves
     * @param timestamp when the half was logged, in epoch milliseconds: the CloudEvent's time, else the record's
     * @param modelId the model the half names: never null, since a CloudEvent always has a source to fall back on
     * @param modelVersion the version the half names, or null when it names none
     */
    public InferenceHalf(String id, boolean response, long timestamp, String modelId, String modelVersion,
                         List<PredictionRecord> rows) {
        this.id = Objects.requireNonNull(id, "id");
        this.response = response;
        this.timestamp = timestamp;
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.modelVersion = modelVersion;
        this.rows = List.copyOf(rows);
    }

    public String id() { return id; }
    /** Whether this is the response half; else the request half. */
    public boolean isResponse() { return response; }
    public long timestamp() { return timestamp; }
    public String modelId() { return modelId; }
    public String modelVersion() { return modelVersion; }
    public List<PredictionRecord> rows() { return rows; }

    @Override
    public void locate(int partition, long offset) {
        this.sourcePartition = partition;
        this.sourceOffset = offset;
    }

    @Override
    public int sourcePartition() { return sourcePartition; }

    @Override
    public long sourceOffset() { return sourceOffset; }

    @Override
    public boolean equals(Object o) {
        return o instanceof InferenceHalf h && response == h.response && timestamp == h.timestamp && id.equals(h.id)
                && modelId.equals(h.modelId) && Objects.equals(modelVersion, h.modelVersion) && rows.equals(h.rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, response, timestamp);
    }

    @Override
    public String toString() {
        return (response ? "response " : "request ") + id + " of " + modelId + "/" + modelVersion + " at " + timestamp
                + ", " + rows.size() + " rows";
    }
}
