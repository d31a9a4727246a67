package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.ChiSquare;
import io.plumbline.detectors.stats.ChiSquareResult;
import io.plumbline.detectors.stats.JensenShannon;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.stats.OutOfRange;
import io.plumbline.detectors.stats.ProportionResult;
import io.plumbline.detectors.stats.ProportionTest;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.stats.RobustLinf;
import io.plumbline.detectors.stats.UnseenCategories;
import io.plumbline.detectors.stats.Wasserstein;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares a current profile with its baseline, feature by feature, for every feature in either.
 *
 * <p>Each distance comes with the p-value of a test of "no drift" on the same data, which the rules
 * adjust with the window's other tests before a distance may alert: PSI its own χ² limit (numeric) or
 * the chi-square test of its categories (categorical), Jensen-Shannon the same chi-square, Wasserstein
 * and robust L∞ the KS test. A resampled null of each distance was tried first; it could only give
 * α = 0.01 per feature, which a 50-feature model exceeds somewhere in most windows.
 */
public final class ProfileComparator {
    /** The name a prediction's comparison carries (drift records use it as the feature name). */
    public static final String PREDICTION = "prediction";
    /** A numeric feature with at most this many distinct baseline values is compared as categorical. */
    public static final int LOW_CARDINALITY = 5;
    /** The α of robust L∞ (Deequ's c = 1.36). */
    public static final double ROBUST_LINF_ALPHA = 0.05;

    private ProfileComparator() {
    }

    /** Each feature compared as its baseline decides (see {@link FeatureComparison}). */
    public static ProfileComparison compare(ModelProfile baseline, ModelProfile current) {
        return compare(baseline, current, name -> null);
    }

    /**
     * As {@link #compare(ModelProfile, ModelProfile)}, except for the features {@code forcedTypes} gives a type
     * (by name, {@link #PREDICTION} for the prediction; null for the rest): a numeric feature forced
     * {@link FeatureType#CATEGORICAL} is compared by the levels its sketches count exactly (up to
     * {@value NumericSketch#POINT_MASS_CAPACITY} distinct values, beyond that "other"), one forced
     * {@link FeatureType#NUMERIC} as numeric however few its levels. A string feature stays categorical
     * whatever it is forced to, and its comparison says so.
     */
    public static ProfileComparison compare(ModelProfile baseline, ModelProfile current,
                                            Function<String, FeatureType> forcedTypes) {
        SortedSet<String> names = new TreeSet<>(baseline.features().keySet());
        names.addAll(current.features().keySet());
        List<FeatureComparison> features = new ArrayList<>(names.size());
        for (String name : names) {
            features.add(compare(name, baseline.feature(name), current.feature(name), current.untypedMissing(name),
                    forcedTypes.apply(name)));
        }
        FeatureComparison prediction = baseline.prediction() == null && current.prediction() == null
                ? null
                : compare(PREDICTION, baseline.prediction(), current.prediction(), current.untypedPredictionMissing(),
                forcedTypes.apply(PREDICTION));
        return new ProfileComparison(features, prediction);
    }

    /**
     * At least one of the sketches is present; a missing one counts as an empty sample.
     *
     * @param forced the type to compare numeric sketches as; null to decide from the baseline's levels
     */
    private static FeatureComparison compare(String name, FeatureSketch baseline, FeatureSketch current,
                                             long untypedMissingCurrent, FeatureType forced) {
        long nBaseline = baseline == null ? 0 : baseline.count();
        long nCurrent = current == null ? 0 : current.count();
        long missingCurrent = current == null ? untypedMissingCurrent : current.missing();
        long mismatchCurrent = current == null ? 0 : current.typeMismatches();
        FeatureSketch typed = baseline != null ? baseline : current;
        double nan = Double.NaN;
        // Rates need both sides' event counts. A window where the feature only came as null has no sketch
        // of it, only its missing count: every event of it missing, the case a broken pipeline produces.
        ProportionResult missing = baseline == null ? new ProportionResult(nan, nan, nan, nan)
                : current != null ? ProportionTest.missingRate(baseline, current)
                : ProportionTest.test(baseline.missing(), events(baseline), untypedMissingCurrent, untypedMissingCurrent);
        ProportionResult mismatch = baseline == null || current == null
                ? new ProportionResult(nan, nan, nan, nan) : ProportionTest.typeMismatchRate(baseline, current);
        if (baseline instanceof NumericSketch b && current instanceof NumericSketch c
                && comparedAsNumeric(b, forced)) {
            KsResult ks = KolmogorovSmirnov.test(b, c);
            double outOfRange = OutOfRange.share(b, c);
            double psi = Psi.numeric(b, c);
            double wasserstein = Wasserstein.normalized(b, c);
            return new FeatureComparison(name, FeatureType.NUMERIC, nBaseline, nCurrent, missingCurrent,
                    mismatchCurrent, psi, ks.statistic(), ks.pValue(), nan, nan,
                    RobustLinf.of(ks, ROBUST_LINF_ALPHA), wasserstein, outOfRange,
                    OutOfRange.pValue(outOfRange, nBaseline, nCurrent), nan, nan,
                    missing.pValue(), missing.difference(), mismatch.pValue(), mismatch.difference(),
                    Psi.numericPValue(psi, nBaseline, nCurrent), nan);
        }
        boolean sameType = baseline instanceof CategoricalSketch && current instanceof CategoricalSketch
                || baseline instanceof NumericSketch && current instanceof NumericSketch;
        if (sameType) {
            CategoricalSketch b = categorical(baseline);
            CategoricalSketch c = categorical(current);
            ChiSquareResult chi2 = ChiSquare.test(b, c);
            return new FeatureComparison(name, FeatureType.CATEGORICAL, nBaseline, nCurrent, missingCurrent,
                    mismatchCurrent, Psi.categorical(b, c), nan, nan, chi2.pValue(), chi2.maxShareChange(),
                    nan, nan, nan, nan, JensenShannon.distance(b, c), UnseenCategories.share(b, c),
                    missing.pValue(), missing.difference(), mismatch.pValue(), mismatch.difference(),
                    chi2.pValue(), UnseenCategories.pValue(b, c));
        }
        return new FeatureComparison(name, typed.type(), nBaseline, nCurrent, missingCurrent, mismatchCurrent,
                nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan,
                missing.pValue(), missing.difference(), mismatch.pValue(), mismatch.difference(), nan, nan);
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
