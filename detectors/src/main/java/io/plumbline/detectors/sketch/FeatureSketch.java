package io.plumbline.detectors.sketch;

/**
 * The window (or baseline) summary of one feature or prediction. Missing values and values of the wrong
 * type are counted beside the values, as signals of their own; those counts are kept here, the same for
 * every kind of sketch.
 */
public abstract sealed class FeatureSketch permits NumericSketch, CategoricalSketch {

    private long missing;
    private long typeMismatches;

    FeatureSketch() {
    }

    public abstract FeatureType type();

    /** Values summarised: neither missing nor of the wrong type. */
    public abstract long count();

    public final long missing() {
        return missing;
    }

    public final long typeMismatches() {
        return typeMismatches;
    }

    public final void addMissing() {
        missing++;
    }

    public final void addTypeMismatch() {
        typeMismatches++;
    }

    /** Counts {@code n} missing values at once, as a merged partial profile brings them. */
    public final void addMissing(long n) {
        missing += n;
    }

    /** Counts {@code n} values of the wrong type at once, as a merged partial profile brings them. */
    public final void addTypeMismatches(long n) {
        typeMismatches += n;
    }

    /** The part of a merge every sketch shares: the missing and type-mismatch counts. */
    final void mergeCounts(FeatureSketch other) {
        missing += other.missing;
        typeMismatches += other.typeMismatches;
    }
}
