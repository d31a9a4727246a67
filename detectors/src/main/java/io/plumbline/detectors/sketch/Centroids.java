package io.plumbline.detectors.sketch;

/** A digest's centroids, sorted by mean; weights are whole numbers of values. */
record Centroids(double[] means, long[] weights) {

    int size() {
        return means.length;
    }
}
