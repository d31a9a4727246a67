package io.plumbline.detectors.sketch;

/**
 * The invariants of a {@link NumericSketch.State}, checked before a sketch is rebuilt from one. Every pane and
 * baseline read from state passes here, so the checks per value build their message only once one fails.
 */
final class StateCheck {
    private StateCheck() {
    }

    static void validate(NumericSketch.State s) {
        require(s.count() >= 0 && s.missing() >= 0 && s.typeMismatches() >= 0,
                "negative count, missing or type-mismatch count");
        require(s.massValues() != null && s.massCounts() != null && s.centroidMeans() != null && s.centroidWeights() != null
                && s.extremeValues() != null, "null mass, centroid or extreme-value arrays");
        require(s.massValues().length == s.massCounts().length, "mass values and counts differ in length");
        require(s.centroidMeans().length == s.centroidWeights().length, "centroid means and weights differ in length");
        if (s.count() == 0) {
            require(s.exactValues() != null && s.exactValues().length == 0 && s.massValues().length == 0
                    && s.centroidMeans().length == 0 && s.extremeValues().length == 0, "an empty sketch holds values");
            return;
        }
        require(Double.isFinite(s.min()) && Double.isFinite(s.max()) && s.min() <= s.max(),
                "min " + s.min() + " and max " + s.max() + " are not finite and ordered");
        require(Double.isFinite(s.mean()) && Double.isFinite(s.m2()) && s.m2() >= 0,
                "mean " + s.mean() + " or M2 " + s.m2() + " is not a finite mean and a non-negative M2");
        if (s.exactValues() != null) {
            validateExactValues(s);
        } else {
            validateCounted(s);
        }
    }

    private static void validateExactValues(NumericSketch.State s) {
        double[] v = s.exactValues();
        require(v.length == s.count(), "count " + s.count() + " but " + v.length + " exact values");
        require(v.length <= NumericSketch.EXACT_VALUE_CAPACITY,
                v.length + " exact values exceed the capacity of " + NumericSketch.EXACT_VALUE_CAPACITY);
        require(s.massValues().length == 0 && s.centroidMeans().length == 0 && s.extremeValues().length == 0,
                "exact values next to masses, centroids or extremes");
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                fail("exact value " + i + " is not finite");
            }
            if (i > 0 && !(v[i - 1] <= v[i])) {
                fail("exact values are not sorted at index " + i);
            }
        }
        require(v[0] == s.min() && v[v.length - 1] == s.max(), "min and max differ from the smallest and largest value");
    }

    private static void validateCounted(NumericSketch.State s) {
        require(s.count() > NumericSketch.EXACT_VALUE_CAPACITY,
                "a sketch of " + s.count() + " values must hold them as exact values");
        double[] values = s.massValues();
        long[] counts = s.massCounts();
        require(values.length <= NumericSketch.POINT_MASS_CAPACITY,
                values.length + " point masses exceed the capacity of " + NumericSketch.POINT_MASS_CAPACITY);
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                fail("point mass " + i + " is not finite");
            }
            if (i > 0 && !(values[i - 1] < values[i])) {
                fail("point masses are not sorted and distinct at index " + i);
            }
            if (counts[i] <= 0) {
                fail("point mass " + i + " has count " + counts[i]);
            }
            total += counts[i];
        }
        double[] means = s.centroidMeans();
        long[] weights = s.centroidWeights();
        double[] extremes = s.extremeValues();
        require(values.length > 0 || means.length > 0 || extremes.length > 0, "a non-empty sketch holds no values");
        require(extremes.length <= Extremes.CAPACITY, extremes.length + " extreme values exceed the capacity of " + Extremes.CAPACITY);
        for (int i = 0; i < extremes.length; i++) {
            if (!Double.isFinite(extremes[i])) {
                fail("extreme value " + i + " is not finite");
            }
            if (i > 0 && !(extremes[i - 1] <= extremes[i])) {
                fail("extreme values are not sorted at index " + i);
            }
            total++;
        }
        for (int i = 0; i < means.length; i++) {
            if (!Double.isFinite(means[i])) {
                fail("centroid " + i + " has a non-finite mean");
            }
            if (i > 0 && !(means[i - 1] <= means[i])) {
                fail("centroids are not sorted at index " + i);
            }
            if (weights[i] <= 0) {
                fail("centroid " + i + " has weight " + weights[i]);
            }
            total += weights[i];
        }
        if (means.length > 0) {
            require(weights[0] == 1 && weights[means.length - 1] == 1,
                    "a digest's first and last centroids are single values");
        }
        require(total == s.count(), "count " + s.count() + " but masses, centroids and extremes weigh " + total);
        double smallest = Math.min(Math.min(first(values, Double.POSITIVE_INFINITY), first(means, Double.POSITIVE_INFINITY)),
                first(extremes, Double.POSITIVE_INFINITY));
        double largest = Math.max(Math.max(last(values, Double.NEGATIVE_INFINITY), last(means, Double.NEGATIVE_INFINITY)),
                last(extremes, Double.NEGATIVE_INFINITY));
        require(smallest == s.min() && largest == s.max(), "min and max differ from the smallest and largest value");
    }

    private static double first(double[] sorted, double ifEmpty) {
        return sorted.length > 0 ? sorted[0] : ifEmpty;
    }

    private static double last(double[] sorted, double ifEmpty) {
        return sorted.length > 0 ? sorted[sorted.length - 1] : ifEmpty;
    }

    private static void require(boolean holds, String fault) {
        if (!holds) {
            fail(fault);
        }
    }

    private static void fail(String fault) {
        throw new IllegalArgumentException("invalid numeric sketch: " + fault);
    }
}
