package io.plumbline.detectors.stats;

/**
 * Deequ's robust L∞ distance: the KS statistic less the largest D that two samples of the same
 * distribution reach with probability α, max(0, D − c(α)·√((n+m)/(n·m))) with c(α) = √(−ln(α/2)/2).
 * At large n a KS p-value flags shifts too small to matter; this is an effect size that a rule compares
 * with its own threshold (e.g. 0.05). Robust L∞ &gt; 0 alone is just the asymptotic KS test at level α.
 */
public final class RobustLinf {
    private RobustLinf() {
    }

    /** max(0, D − c(α)·√((n+m)/(n·m))); NaN when the KS result has no statistic (an empty sample). */
    public static double of(KsResult ks, double alpha) {
        double c = coefficient(alpha);
        if (Double.isNaN(ks.statistic()) || ks.n() == 0 || ks.m() == 0) {
            return Double.NaN;
        }
        double n = ks.n();
        double m = ks.m();
        return Math.max(0, ks.statistic() - c * Math.sqrt((n + m) / (n * m)));
    }

    /** c(α) = √(−ln(α/2)/2), the asymptotic critical value of √(nm/(n+m))·D: 1.358 at α = 0.05. */
    public static double coefficient(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be within (0, 1), got " + alpha);
        }
        return Math.sqrt(-Math.log(alpha / 2) / 2);
    }
}
