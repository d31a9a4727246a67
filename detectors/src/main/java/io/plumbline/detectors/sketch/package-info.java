/**
 * Mergeable window summaries: {@link io.plumbline.detectors.sketch.NumericSketch} (exact values, exact
 * counts, or a t-digest with exact counts of tied values and its extreme values kept exactly), {@link io.plumbline.detectors.sketch.CategoricalSketch}
 * (exact counts of K categories plus "other"), and the {@link io.plumbline.detectors.sketch.ModelProfile}
 * of every feature of one model version, whose feature types {@link io.plumbline.detectors.sketch.FeatureTypes}
 * fixes; and the {@link io.plumbline.detectors.sketch.QuantileSketch} of a latency or rate, sized for
 * p99 rather than for distribution tests; {@link io.plumbline.detectors.sketch.Saturating} sums for the
 * totals of windows and merges. Sketches are single-threaded: a keyed stage owns each one.
 */
package io.plumbline.detectors.sketch;
