package io.plumbline.bench;

import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.stats.Wasserstein;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Locale;
import java.util.Random;

/**
 * KS D, PSI and Wasserstein-1 (normalized by the baseline's SD) computed from sketches against the exact
 * values on the raw samples: the largest |sketch − exact| over seeded repetitions, per distribution,
 * window size and shift.
 *
 * <p>Run: {@code bench/run-accuracy.sh}
 */
public final class AccuracyBench {

    private static final int[] SIZES = {1_000, 5_000, 10_000, 100_000};
    private static final double[] SHIFTS = {0, 0.3};
    private static final int REPETITIONS = 20;

    public static void main(String[] args) {
        StringBuilder header = new StringBuilder("| distribution | shift |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (int n : SIZES) {
            header.append(String.format(Locale.ROOT, " n=%,d max ΔD / ΔPSI / ΔW₁ |", n));
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        double[] overall = new double[3];
        for (Distribution distribution : Distribution.values()) {
            for (double shift : SHIFTS) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1fσ |",
                        distribution.name().toLowerCase(Locale.ROOT), shift));
                for (int n : SIZES) {
                    double[] worst = worstErrors(distribution, shift, n);
                    row.append(String.format(Locale.ROOT, " %.4f / %.4f / %.4f |", worst[0], worst[1], worst[2]));
                    for (int s = 0; s < overall.length; s++) {
                        overall[s] = Math.max(overall[s], worst[s]);
                    }
                }
                System.out.println(row);
            }
        }
        System.out.printf(Locale.ROOT, "%nLargest over all rows: ΔD %.4f, ΔPSI %.4f, ΔW₁ %.4f%n", overall[0], overall[1], overall[2]);
    }

    /** {max |ΔD|, max |ΔPSI|, max |ΔW₁/σ|} over the repetitions. */
    private static double[] worstErrors(Distribution distribution, double shift, int n) {
        Random random = new Random(1_000L * n + Math.round(shift * 10) + distribution.ordinal());
        double[] worst = new double[3];
        for (int rep = 0; rep < REPETITIONS; rep++) {
            double[] baseline = distribution.sample(n, 0, random);
            double[] current = distribution.sample(n, shift, random);
            NumericSketch b = ExactStatistics.sketchOf(baseline);
            NumericSketch c = ExactStatistics.sketchOf(current);
            worst[0] = Math.max(worst[0], Math.abs(KolmogorovSmirnov.test(b, c).statistic()
                    - ExactStatistics.ksStatistic(baseline, current)));
            worst[1] = Math.max(worst[1], Math.abs(Psi.numeric(b, c) - ExactStatistics.psi(baseline, current)));
            worst[2] = Math.max(worst[2], Math.abs(Wasserstein.normalized(b, c)
                    - ExactStatistics.wassersteinNormalized(baseline, current)));
        }
        return worst;
    }
}
