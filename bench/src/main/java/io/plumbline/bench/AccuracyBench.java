package io.plumbline.bench;

import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Locale;
import java.util.Random;

/**
 * KS D and PSI computed from sketches against the exact values on the raw samples: the largest
 * |sketch − exact| over seeded repetitions, per distribution, window size and shift.
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
            header.append(String.format(Locale.ROOT, " n=%,d max ΔD / max ΔPSI |", n));
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Distribution distribution : Distribution.values()) {
            for (double shift : SHIFTS) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.1fσ |",
                        distribution.name().toLowerCase(Locale.ROOT), shift));
                for (int n : SIZES) {
                    double[] worst = worstErrors(distribution, shift, n);
                    row.append(String.format(Locale.ROOT, " %.4f / %.4f |", worst[0], worst[1]));
                }
                System.out.println(row);
            }
        }
    }

    private static double[] worstErrors(Distribution distribution, double shift, int n) {
        Random random = new Random(1_000L * n + Math.round(shift * 10) + distribution.ordinal());
        double worstD = 0;
        double worstPsi = 0;
        for (int rep = 0; rep < REPETITIONS; rep++) {
            double[] baseline = sample(distribution, random, 0, n);
            double[] current = sample(distribution, random, shift, n);
            NumericSketch b = ExactStatistics.sketchOf(baseline);
            NumericSketch c = ExactStatistics.sketchOf(current);
            worstD = Math.max(worstD, Math.abs(KolmogorovSmirnov.test(b, c).statistic()
                    - ExactStatistics.ksStatistic(baseline, current)));
            worstPsi = Math.max(worstPsi, Math.abs(Psi.numeric(b, c) - ExactStatistics.psi(baseline, current)));
        }
        return new double[] {worstD, worstPsi};
    }

    private static double[] sample(Distribution distribution, Random random, double shift, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = distribution.draw(random, shift);
        }
        return values;
    }
}
