/**
 * Versioned binary formats (magic bytes, format version, payload) of profiles, feature types and LLM
 * state, used for Flink state, checkpoints and the baselines topic; golden files pin every version. One
 * toolkit writes and reads them all: {@link io.plumbline.detectors.format.BinaryWriter},
 * {@link io.plumbline.detectors.format.BinaryReader}, the header of {@link io.plumbline.detectors.format.FormatHeader}
 * and the magics of {@link io.plumbline.detectors.format.FormatTag}.
 */
package io.plumbline.detectors.format;
