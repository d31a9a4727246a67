package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.ProportionResult;
import io.plumbline.detectors.stats.ProportionTest;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a current profile with its baseline, feature by feature, for every feature in either, and the
 * prediction apart from them.
 *
 * <p>Each distance comes with the p-value of a test of "no drift" on the same data, which the rules
 * adjust with the window's other tests before a distance may alert: PSI its own χ² limit (numeric) or
 * the chi-square test of its categories (categorical), Jensen-Shannon the same chi-square, Wasserstein
 * and robust L∞ the KS test. A resampled null of each distance was tried first; it could only give
 * α = 0.01 per feature, which a 50-feature model exceeds somewhere in most windows.
 */
public final class ProfileComparator {
    /** A numeric feature with at most this many distinct baseline values is compared as categorical. */
    public static final int LOW_CARDINALITY = 5;
    /** The α of robust L∞ (Deequ's c = 1.36). */
    public static final double ROBUST_LINF_ALPHA = 0.05;

    private ProfileComparator() {
    }

    /** Each feature compared as its baseline decides (see {@link FeatureComparison}). */
    public static ProfileComparison compare(ModelProfile baseline, ModelProfile current) {
        return compare(baseline, current, ForcedTypes.NONE);
    }

    /** As {@link #compare(ModelProfile, ModelProfile)}, except for the features and prediction {@code forced} types. */
    public static ProfileComparison compare(ModelProfile baseline, ModelProfile current, ForcedTypes forced) {
        SortedSet<String> names = new TreeSet<>(baseline.features().keySet());
        names.addAll(current.features().keySet());
        Map<String, FeatureComparison> features = new TreeMap<>();
        for (String name : names) {
            features.put(name, compare(baseline.feature(name), current.feature(name), current.untypedMissing(name),
                    forced.feature(name)));
        }
        FeatureComparison prediction = baseline.prediction() == null && current.prediction() == null
                ? null
                : compare(baseline.prediction(), current.prediction(), current.untypedPredictionMissing(),
                forced.prediction());
        return new ProfileComparison(features, prediction);
    }

    /**
     * At least one of the sketches is present; a missing one counts as an empty sample.
     *
     * @param forced the type to compare numeric sketches as; null to decide from the baseline's levels
     */
    private static FeatureComparison compare(FeatureSketch baseline, FeatureSketch current,
                                             long untypedMissingCurrent, FeatureType forced) {
        FeatureCounts counts = counts(baseline, current, untypedMissingCurrent);
        if (baseline instanceof NumericSketch b && current instanceof NumericSketch c
                && comparedAsNumeric(b, forced)) {
            return NumericComparison.of(b, c, counts);
        }
        boolean sameType = baseline instanceof CategoricalSketch && current instanceof CategoricalSketch
                || baseline instanceof NumericSketch && current instanceof NumericSketch;
        if (sameType) {
            return CategoricalComparison.of(categorical(baseline), categorical(current), counts);
        }
        return new UnpairedComparison((baseline != null ? baseline : current).type(), counts);
    }

    private static FeatureCounts counts(FeatureSketch baseline, FeatureSketch current, long untypedMissingCurrent) {
        // Rates need both sides' event counts. A window where the feature only came as null has no sketch
        // of it, only its missing count: every event of it missing, the case a broken pipeline produces.
        ProportionResult missing = baseline == null ? null
                : current != null ? ProportionTest.missingRate(baseline, current)
                : ProportionTest.test(baseline.missing(), events(baseline), untypedMissingCurrent,
                        untypedMissingCurrent);
        ProportionResult mismatch = baseline == null || current == null
                ? null : ProportionTest.typeMismatchRate(baseline, current);
        return new FeatureCounts(baseline == null ? 0 : baseline.count(), current == null ? 0 : current.count(),
                current == null ? untypedMissingCurrent : current.missing(),
                current == null ? 0 : current.typeMismatches(), change(missing), change(mismatch));
    }

    /** A rate's change and its test; NONE without a test. */
    private static TestedStatistic change(ProportionResult test) {
        return test == null ? TestedStatistic.NONE : new TestedStatistic(test.difference(), test.pValue());
    }

    private static boolean comparedAsNumeric(NumericSketch baseline, FeatureType forced) {
        if (forced != null) {
            return forced == FeatureType.NUMERIC;
        }
        return !(baseline.count() > 0 && baseline.isLowCardinality(LOW_CARDINALITY));
    }

    /** Events of the feature: values, missing and type mismatches. */
    private static long events(FeatureSketch sketch) {
        return sketch.count() + sketch.missing() + sketch.typeMismatches();
    }

    /** The sketch as categories: itself, or a low-cardinality numeric sketch's levels. */
    private static CategoricalSketch categorical(FeatureSketch sketch) {
        return sketch instanceof CategoricalSketch c ? c : ((NumericSketch) sketch).asCategorical();
    }
}
