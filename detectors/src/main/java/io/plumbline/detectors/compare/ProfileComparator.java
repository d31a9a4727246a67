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
import io.plumbline.detectors.stats.NullThreshold;
import io.plumbline.detectors.stats.OutOfRange;
import io.plumbline.detectors.stats.ProportionResult;
import io.plumbline.detectors.stats.ProportionTest;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.stats.RobustLinf;
import io.plumbline.detectors.stats.UnseenCategories;
import io.plumbline.detectors.stats.Wasserstein;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.apache.commons.math3.special.Beta;

/**
 * Compares a current profile with its baseline, feature by feature, for every feature in either.
 *
 * <p>Null thresholds: each distance (PSI, normalized Wasserstein, Jensen-Shannon) comes with the value
 * stationary samples of the window's sizes exceed with probability {@value #NULL_ALPHA}, resampled from
 * the baseline sketch by {@link NullThreshold}. A simulation costs tens of milliseconds per feature and
 * size bucket, so it must be paid once per baseline, not per window. The {@link NullThreshold} of each
 * baseline sketch is therefore kept beside that sketch: in a map weakly keyed by the sketch object itself
 * (sketches do not override equals, so this is by identity), which the callers need not thread through —
 * the drift job keeps its baseline profile for many windows and calls {@link #compare} with it each time —
 * and which lets go of a baseline's thresholds when the baseline itself is dropped (a rolling baseline
 * after its window, a new model version). A sketch that changed since (its count differs) gets new ones.
 */
public final class ProfileComparator {
    /** The name a prediction's comparison carries (drift records use it as the feature name). */
    public static final String PREDICTION = "prediction";
    /** A numeric feature with at most this many distinct baseline values is compared as categorical. */
    public static final int LOW_CARDINALITY = 5;
    /** The α of robust L∞ (Deequ's c = 1.36). */
    public static final double ROBUST_LINF_ALPHA = 0.05;
    /** The chance that a stationary window's distance exceeds its null threshold. */
    public static final double NULL_ALPHA = 0.01;
    /** The smallest distance the default rules alert at (psi 0.2, wasserstein_norm 0.1, js_distance 0.1). */
    public static final double PSI_GATE_FROM = 0.2;
    public static final double WASSERSTEIN_GATE_FROM = 0.1;
    public static final double JS_GATE_FROM = 0.1;

    private static final Map<FeatureSketch, BaselineNull> NULLS = Collections.synchronizedMap(new WeakHashMap<>());

    /** A baseline sketch's null distributions, valid while the sketch still has {@code count} values. */
    private record BaselineNull(long count, NullThreshold threshold) {
    }

    private ProfileComparator() {
    }

    public static ProfileComparison compare(ModelProfile baseline, ModelProfile current) {
        SortedSet<String> names = new TreeSet<>(baseline.features().keySet());
        names.addAll(current.features().keySet());
        List<FeatureComparison> features = new ArrayList<>(names.size());
        for (String name : names) {
            features.add(compare(name, baseline.feature(name), current.feature(name), current.untypedMissing(name)));
        }
        FeatureComparison prediction = baseline.prediction() == null && current.prediction() == null
                ? null
                : compare(PREDICTION, baseline.prediction(), current.prediction(), current.untypedPredictionMissing());
        return new ProfileComparison(features, prediction);
    }

    /** At least one of the sketches is present; a missing one counts as an empty sample. */
    private static FeatureComparison compare(String name, FeatureSketch baseline, FeatureSketch current,
                                             long untypedMissingCurrent) {
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
                && !(b.count() > 0 && b.isLowCardinality(LOW_CARDINALITY))) {
            KsResult ks = KolmogorovSmirnov.test(b, c);
            double outOfRange = OutOfRange.share(b, c);
            double psi = Psi.numeric(b, c);
            double wasserstein = Wasserstein.normalized(b, c);
            return new FeatureComparison(name, FeatureType.NUMERIC, nBaseline, nCurrent, missingCurrent,
                    mismatchCurrent, psi, ks.statistic(), ks.pValue(), nan, nan,
                    RobustLinf.of(ks, ROBUST_LINF_ALPHA), wasserstein, outOfRange,
                    outOfRangePValue(outOfRange, nBaseline, nCurrent), nan, nan,
                    missing.pValue(), missing.difference(), mismatch.pValue(), mismatch.difference(),
                    gate(b, false, NullThreshold.Distance.PSI, psi, PSI_GATE_FROM, nBaseline, nCurrent),
                    gate(b, false, NullThreshold.Distance.WASSERSTEIN_NORMALIZED, wasserstein, WASSERSTEIN_GATE_FROM,
                            nBaseline, nCurrent), nan);
        }
        boolean sameType = baseline instanceof CategoricalSketch && current instanceof CategoricalSketch
                || baseline instanceof NumericSketch && current instanceof NumericSketch;
        if (sameType) {
            CategoricalSketch b = categorical(baseline);
            CategoricalSketch c = categorical(current);
            ChiSquareResult chi2 = ChiSquare.test(b, c);
            double psi = Psi.categorical(b, c);
            double js = JensenShannon.distance(b, c);
            return new FeatureComparison(name, FeatureType.CATEGORICAL, nBaseline, nCurrent, missingCurrent,
                    mismatchCurrent, psi, nan, nan, chi2.pValue(), chi2.maxShareChange(),
                    nan, nan, nan, nan, js, UnseenCategories.share(b, c),
                    missing.pValue(), missing.difference(), mismatch.pValue(), mismatch.difference(),
                    gate(baseline, true, NullThreshold.Distance.PSI, psi, PSI_GATE_FROM, nBaseline, nCurrent), nan,
                    gate(baseline, true, NullThreshold.Distance.JENSEN_SHANNON, js, JS_GATE_FROM, nBaseline, nCurrent));
        }
        return new FeatureComparison(name, typed.type(), nBaseline, nCurrent, missingCurrent, mismatchCurrent,
                nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan,
                missing.pValue(), missing.difference(), mismatch.pValue(), mismatch.difference(), nan, nan, nan);
    }

    /** Events of the feature: values, missing and type mismatches. */
    private static long events(FeatureSketch sketch) {
        return sketch.count() + sketch.missing() + sketch.typeMismatches();
    }

    /** The sketch as categories: itself, or a low-cardinality numeric sketch's levels. */
    private static CategoricalSketch categorical(FeatureSketch sketch) {
        return sketch instanceof CategoricalSketch c ? c : ((NumericSketch) sketch).asCategorical();
    }

    /**
     * One-sided P(X ≥ k) for X ~ Binomial(m, 2/(n+1)), k the window's values outside the range: a fresh
     * value lands above the largest (or below the smallest) of n continuous baseline values with
     * probability 1/(n+1) each. Tied data puts fewer outside, so this errs towards fewer alerts. It is what
     * keeps a small baseline, whose range is narrow, from flagging every window. As I_p(k, m − k + 1).
     */
    static double outOfRangePValue(double share, long n, long m) {
        if (Double.isNaN(share) || n == 0 || m == 0) {
            return Double.NaN;
        }
        long k = Math.round(share * m);
        if (k == 0) {
            return 1;
        }
        double p = Math.min(1, 2.0 / (n + 1));
        return p >= 1 ? 1 : Beta.regularizedBeta(p, k, m - k + 1);
    }

    /** The baseline sketch's null distributions, from the cache while the sketch is unchanged. */
    private static NullThreshold nullOf(FeatureSketch baseline, boolean asCategorical) {
        BaselineNull cached = NULLS.get(baseline);
        if (cached == null || cached.count() != baseline.count()) {
            NullThreshold threshold = asCategorical
                    ? NullThreshold.of(categorical(baseline)) : NullThreshold.of((NumericSketch) baseline);
            cached = new BaselineNull(baseline.count(), threshold);
            NULLS.put(baseline, cached);
        }
        return cached.threshold();
    }

    /**
     * The distance's null threshold, simulated only when the distance reaches {@code from}: below it no
     * rule at its default threshold can hold, and the simulation is what a comparison costs most (tens of
     * milliseconds per feature, every window for a rolling baseline). NaN when not simulated. Guarded by
     * the baseline sketch: a NullThreshold is not thread-safe, a baseline may be shared.
     */
    private static double gate(FeatureSketch baseline, boolean asCategorical, NullThreshold.Distance distance,
                               double value, double from, long n, long m) {
        if (!(value >= from)) {
            return Double.NaN;
        }
        synchronized (baseline) {
            return nullOf(baseline, asCategorical).threshold(distance, n, m, NULL_ALPHA);
        }
    }
}
