package io.plumbline.detectors.compare;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.ChiSquare;
import io.plumbline.detectors.stats.ChiSquareResult;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.stats.Psi;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Compares a current profile with its baseline, feature by feature, for every feature in either. */
public final class ProfileComparator {
    /** The name a prediction's comparison carries (drift records use it as the feature name). */
    public static final String PREDICTION = "prediction";

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
        if (baseline instanceof NumericSketch b && current instanceof NumericSketch c) {
            KsResult ks = KolmogorovSmirnov.test(b, c);
            return new FeatureComparison(name, typed.type(), nBaseline, nCurrent, missingCurrent, mismatchCurrent,
                    Psi.numeric(b, c), ks.statistic(), ks.pValue(), nan, nan);
        }
        if (baseline instanceof CategoricalSketch b && current instanceof CategoricalSketch c) {
            ChiSquareResult chi2 = ChiSquare.test(b, c);
            return new FeatureComparison(name, typed.type(), nBaseline, nCurrent, missingCurrent, mismatchCurrent,
                    Psi.categorical(b, c), nan, nan, chi2.pValue(), chi2.maxShareChange());
        }
        return new FeatureComparison(name, typed.type(), nBaseline, nCurrent, missingCurrent, mismatchCurrent,
                nan, nan, nan, nan, nan);
    }
}
