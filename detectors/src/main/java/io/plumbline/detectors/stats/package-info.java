/**
 * Drift statistics between a baseline and a current sketch, one class per test or distance. Each is
 * exact when both sketches are exact and within 0.005 of the exact value on the raw samples otherwise
 * (PSI: see SketchAccuracyTest for where a shift makes it more sensitive); an empty sample gives NaN.
 */
package io.plumbline.detectors.stats;
