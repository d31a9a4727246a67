/**
 * Drift statistics between a baseline and a current sketch, one class per test or distance. Each is
 * exact when both sketches are exact and within 0.005 of the exact value on the raw samples otherwise
 * (PSI: see SketchAccuracyTest for where a shift makes it more sensitive; normalized Wasserstein on a
 * heavy tail: see WassersteinAccuracyTest); an empty sample gives NaN. Beside them, what turns many
 * statistics into few decisions: p-values of "no drift" for the distances too (their chance level at
 * the window's sizes) and {@link io.plumbline.detectors.stats.MultipleTesting} (p-values of many
 * features and rules at once).
 */
package io.plumbline.detectors.stats;
