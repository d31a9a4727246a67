package io.plumbline.alerts.rules;

import io.plumbline.detectors.compare.CategoricalComparison;
import io.plumbline.detectors.compare.FeatureCounts;
import io.plumbline.detectors.compare.NumericComparison;
import io.plumbline.detectors.compare.TestedStatistic;
import io.plumbline.detectors.stats.ChiSquareResult;
import io.plumbline.detectors.stats.KsResult;

/**
 * Comparisons as the rules' tests need them, each statistic set by name; 5 000 values on either side, and
 * every statistic not set NaN (not computed).
 */
final class Comparisons {

    private static final double NAN = Double.NaN;

    private Comparisons() {
    }

    static Numeric numeric() {
        return new Numeric();
    }

    static Categorical categorical() {
        return new Categorical();
    }

    /** What every type has. */
    abstract static class Counts<B extends Counts<B>> {
        long nBaseline = 5000;
        long nCurrent = 5000;
        long missingCurrent;
        long typeMismatchCurrent;
        TestedStatistic missingRate = TestedStatistic.NONE;
        TestedStatistic typeMismatchRate = TestedStatistic.NONE;

        abstract B self();

        B sizes(long n, long m) {
            nBaseline = n;
            nCurrent = m;
            return self();
        }

        B current(long missing, long typeMismatches) {
            missingCurrent = missing;
            typeMismatchCurrent = typeMismatches;
            return self();
        }

        B missingRate(double change, double p) {
            missingRate = new TestedStatistic(change, p);
            return self();
        }

        B typeMismatchRate(double change, double p) {
            typeMismatchRate = new TestedStatistic(change, p);
            return self();
        }

        FeatureCounts counts() {
            return new FeatureCounts(nBaseline, nCurrent, missingCurrent, typeMismatchCurrent, missingRate,
                    typeMismatchRate);
        }
    }

    static final class Numeric extends Counts<Numeric> {
        private TestedStatistic psi = TestedStatistic.NONE;
        private double ksStatistic = NAN;
        private double ksPValue = NAN;
        private double robustLinf = NAN;
        private double wassersteinNorm = NAN;
        private TestedStatistic outOfRange = TestedStatistic.NONE;

        @Override
        Numeric self() {
            return this;
        }

        Numeric psi(double psi, double p) {
            this.psi = new TestedStatistic(psi, p);
            return this;
        }

        Numeric ks(double d, double p) {
            ksStatistic = d;
            ksPValue = p;
            return this;
        }

        Numeric robustLinf(double v) {
            robustLinf = v;
            return this;
        }

        Numeric wassersteinNorm(double v) {
            wassersteinNorm = v;
            return this;
        }

        Numeric outOfRange(double rate, double p) {
            outOfRange = new TestedStatistic(rate, p);
            return this;
        }

        NumericComparison build() {
            return new NumericComparison(counts(), psi, new KsResult(ksStatistic, ksPValue, nBaseline, nCurrent),
                    robustLinf, wassersteinNorm, outOfRange);
        }
    }

    static final class Categorical extends Counts<Categorical> {
        private double psi = NAN;
        private double chi2PValue = NAN;
        private double maxShareChange = NAN;
        private double jsDistance = NAN;
        private TestedStatistic newCategory = TestedStatistic.NONE;

        @Override
        Categorical self() {
            return this;
        }

        Categorical psi(double v) {
            psi = v;
            return this;
        }

        Categorical chi2(double p, double shareChange) {
            chi2PValue = p;
            maxShareChange = shareChange;
            return this;
        }

        Categorical jsDistance(double v) {
            jsDistance = v;
            return this;
        }

        Categorical newCategory(double rate, double p) {
            newCategory = new TestedStatistic(rate, p);
            return this;
        }

        CategoricalComparison build() {
            return new CategoricalComparison(counts(), psi, new ChiSquareResult(chi2PValue, maxShareChange), jsDistance,
                    newCategory);
        }
    }
}
