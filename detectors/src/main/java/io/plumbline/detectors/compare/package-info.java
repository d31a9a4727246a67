/** Feature-by-feature comparison of a current profile with its baseline: every applicable statistic, NaN for the rest. */
package io.plumbline.detectors.compare;
