package io.plumbline.bench;

import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.Psi;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * The bounds {@code SketchAccuracyTest} holds the sketches to, measured over many more seeds than the test
 * runs: for every distribution, digested sizes from just above the exact-value capacity to 100 000, stable
 * and shifted by 0.3 SD, sketches built in one pass and merged from eight parts, the largest |ΔD|, the largest
 * |ΔPSI|, and the largest |ΔPSI| / PSI where a shift makes PSI sensitive to a digest's rank error (uniform and
 * bimodal shifted). Seeds differ from the test's. Args: seeds per size at n ≤ 5 000 (default 200); fewer above.
 *
 * <p>Run: {@code bench/run-sketch-bounds.sh}
 */
public final class SketchBoundsBench {

    private static final int[] SIZES = {NumericSketch.EXACT_VALUE_CAPACITY + 1, 5_000, 20_000, 100_000};

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.println("| distribution | shift | n | seeds | max ΔD | max ΔPSI | max ΔPSI / PSI |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        Worst overallD = new Worst();
        Worst overallPsi = new Worst();
        Worst overallRelative = new Worst();
        for (Distribution distribution : Distribution.values()) {
            for (double shift : new double[] {0, 0.3}) {
                boolean sensitive = shift > 0 && (distribution == Distribution.UNIFORM || distribution == Distribution.BIMODAL);
                for (int n : SIZES) {
                    int repetitions = n <= 5_000 ? seeds : n <= 20_000 ? Math.max(1, seeds / 4) : Math.max(1, seeds / 10);
                    Worst d = new Worst();
                    Worst psi = new Worst();
                    Worst relative = new Worst();
                    for (int rep = 0; rep < repetitions; rep++) {
                        // Seeds apart from SketchAccuracyTest's (31n + 1 009 rep + ...).
                        long seed = 1_000_003L * n + 7_919L * rep + 101L * distribution.ordinal() + (shift > 0 ? 13 : 0);
                        Random random = new Random(seed);
                        double[] baseline = distribution.sample(n, 0, random);
                        double[] current = distribution.sample(n, shift, random);
                        double exactD = ExactStatistics.ksStatistic(baseline, current);
                        double exactPsi = ExactStatistics.psi(baseline, current);
                        for (Build build : Build.values()) {
                            NumericSketch b = build.sketch.apply(baseline);
                            NumericSketch c = build.sketch.apply(current);
                            String where = String.format(Locale.ROOT, "%s %.1fσ n=%d seed %d, %s",
                                    distribution.name().toLowerCase(Locale.ROOT), shift, n, seed, build.description);
                            d.offer(Math.abs(KolmogorovSmirnov.test(b, c).statistic() - exactD), where);
                            double psiError = Math.abs(Psi.numeric(b, c) - exactPsi);
                            if (sensitive) {
                                relative.offer(psiError / exactPsi, where);
                            } else {
                                psi.offer(psiError, where);
                            }
                        }
                    }
                    System.out.printf(Locale.ROOT, "| %s | %.1fσ | %,d | %d | %.4f | %s | %s |%n",
                            distribution.name().toLowerCase(Locale.ROOT), shift, n, repetitions, d.value,
                            sensitive ? "–" : String.format(Locale.ROOT, "%.4f", psi.value),
                            sensitive ? String.format(Locale.ROOT, "%.1f %%", 100 * relative.value) : "–");
                    overallD.offer(d);
                    overallPsi.offer(psi);
                    overallRelative.offer(relative);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nLargest |ΔD|: %.4f (%s)%n", overallD.value, overallD.where);
        System.out.printf(Locale.ROOT, "Largest |ΔPSI| elsewhere: %.4f (%s)%n", overallPsi.value, overallPsi.where);
        System.out.printf(Locale.ROOT, "Largest |ΔPSI| / PSI, uniform and bimodal shifted 0.3σ: %.1f %% (%s)%n",
                100 * overallRelative.value, overallRelative.where);
    }

    private enum Build {
        ONE_PASS("one pass", ExactStatistics::sketchOf),
        MERGED("merged from 8 parts", ExactStatistics::mergedSketchOf);

        final String description;
        final Function<double[], NumericSketch> sketch;

        Build(String description, Function<double[], NumericSketch> sketch) {
            this.description = description;
            this.sketch = sketch;
        }
    }

    /** The largest value offered, and where it was. */
    private static final class Worst {
        double value;
        String where = "";

        void offer(double candidate, String at) {
            if (candidate > value) {
                value = candidate;
                where = at;
            }
        }

        void offer(Worst other) {
            offer(other.value, other.where);
        }
    }
}
