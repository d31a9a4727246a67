package io.plumbline.detectors.sketch;

/**
 * The invariants of a {@link QuantileSketch.State}, checked before a sketch is rebuilt from one. Every sketch
 * read from state passes here, so the checks per value build their message only once one fails.
 */
final class QuantileSketchCheck {
    private QuantileSketchCheck() {
    }

    static void validate(QuantileSketch.State s) {
        require(s.count() >= 0, "negative count " + s.count());
        require(Double.isFinite(s.sum()) && s.sum() >= 0, "sum " + s.sum() + " is not finite and ≥ 0");
        if (s.exactValues() != null) {
            require(s.topValues() == null && s.centroidMeans() == null && s.centroidWeights() == null,
                    "exact values next to top values or centroids");
            double[] v = s.exactValues();
            require(v.length == s.count(), "count " + s.count() + " but " + v.length + " exact values");
            require(v.length <= QuantileSketch.EXACT_VALUE_CAPACITY,
                    v.length + " exact values exceed the capacity of " + QuantileSketch.EXACT_VALUE_CAPACITY);
            requireSortedValues(v, "exact value");
            return;
        }
        require(s.topValues() != null && s.centroidMeans() != null && s.centroidWeights() != null,
                "neither exact values nor top values and centroids");
        require(s.count() > QuantileSketch.EXACT_VALUE_CAPACITY,
                "a sketch of " + s.count() + " values must hold them as exact values");
        double[] top = s.topValues();
        require(top.length == QuantileSketch.TOP_VALUE_CAPACITY,
                top.length + " top values, not " + QuantileSketch.TOP_VALUE_CAPACITY);
        requireSortedValues(top, "top value");
        double[] means = s.centroidMeans();
        long[] weights = s.centroidWeights();
        require(means.length == weights.length, "centroid means and weights differ in length");
        long total = top.length;
        for (int i = 0; i < means.length; i++) {
            if (!(Double.isFinite(means[i]) && means[i] >= 0)) {
                fail("centroid " + i + " has mean " + means[i]);
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
            require(weights[0] == 1 && weights[means.length - 1] == 1, "a digest's first and last centroids are single values");
            require(means[means.length - 1] <= top[0], "a digested value exceeds the smallest top value");
        }
        require(total == s.count(), "count " + s.count() + " but top values and centroids weigh " + total);
    }

    private static void requireSortedValues(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!(Double.isFinite(v[i]) && v[i] >= 0)) {
                fail(what + " " + i + " is " + v[i] + ", not finite and ≥ 0");
            }
            if (i > 0 && !(v[i - 1] <= v[i])) {
                fail(what + "s are not sorted at index " + i);
            }
        }
    }

    private static void require(boolean holds, String fault) {
        if (!holds) {
            fail(fault);
        }
    }

    private static void fail(String fault) {
        throw new IllegalArgumentException("invalid quantile sketch: " + fault);
    }
}
