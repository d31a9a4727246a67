package io.plumbline.detectors.sketch;

/**
 * The window (or baseline) summary of one feature or prediction. Missing values and values of the wrong
 * type are counted beside the values, as signals of their own.
 */
public sealed interface FeatureSketch permits NumericSketch, CategoricalSketch {

    FeatureType type();

    /** Values summarised: neither missing nor of the wrong type. */
    long count();

    long missing();

    long typeMismatches();

    void addMissing();

    void addTypeMismatch();
}
