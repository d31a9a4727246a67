/**
 * Versioned binary formats (magic bytes, format version, payload) of profiles and feature types, used
 * for Flink state, checkpoints and the baselines topic; golden files pin every version.
 */
package io.plumbline.detectors.format;
