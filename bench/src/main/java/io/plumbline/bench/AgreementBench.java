package io.plumbline.bench;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.stats.ChiSquare;
import io.plumbline.detectors.stats.ChiSquareResult;
import io.plumbline.detectors.stats.KolmogorovSmirnov;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Decision agreement (issue 12 §6): the KS and chi-square tests computed from sketches against the
 * same tests on the raw samples. For every seeded case this writes one binary record to stdout: the
 * sketch-based result, commons-math3's result on the raw data, and the raw data themselves (both
 * samples for KS, both count vectors for chi-square), so that {@code bench/agreement.py} can run
 * scipy on exactly the same data and tabulate. Nothing else goes to stdout; progress goes to stderr.
 *
 * <p>Record (big-endian, {@link DataOutputStream}): int kind (0 KS, 1 chi-square), int shape, double
 * effect, int n, int m, int rep, double sketch statistic (D or max share change), double sketch p,
 * double commons-math3 statistic, double commons-math3 p, double exact D (NaN for chi-square), int k;
 * then KS: n + m doubles (baseline, current); chi-square: k longs of baseline counts, k of current.
 *
 * <p>Run: {@code bench/run-agreement.sh}
 */
public final class AgreementBench {

    /** 50: n·m &lt; 10 000, where commons-math3 computes the exact p-value and jitters ties. */
    static final int[] SIZES = {50, 1_000, 10_000, 100_000};
    static final int[] KS_REPETITIONS = {400, 400, 150, 30};
    static final int[] CHI_REPETITIONS = {400, 400, 200, 40};
    /** Mean shifts in σ, per n: none, four across the α = 0.01 decision boundary, clear drift. */
    static final double[][] KS_EFFECTS = {
        {0, 0.3, 0.6, 0.9, 1.2, 2.0},
        {0, 0.06, 0.12, 0.18, 0.25, 0.6},
        {0, 0.02, 0.04, 0.06, 0.08, 0.2},
        {0, 0.006, 0.012, 0.018, 0.025, 0.06},
    };
    static final Distribution[] KS_SHAPES = {
        Distribution.NORMAL, Distribution.LOGNORMAL, Distribution.BIMODAL, Distribution.UNIFORM, Distribution.LEVELS_20,
    };
    /** Share moved from one category to another, in share points, per n. */
    static final double[][] CHI_EFFECTS = {
        {0, 4, 8, 12, 15, 18},
        {0, 2, 3, 4, 5, 8},
        {0, 0.5, 1, 1.5, 2, 5},
        {0, 0.15, 0.3, 0.45, 0.6, 5},
    };
    /** 10 categories, shift from c00 (30 %) to c03 (10 %). */
    static final double[] TEN = {0.30, 0.20, 0.15, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02};
    /** 300 categories, Zipf s = 1.1: more than the sketch's K = 100, so its tail is counted as "other". */
    static final double[] ZIPF_300 = zipf(300, 1.1);
    static final double[][] CHI_SHAPES = {TEN, ZIPF_300};
    static final int[][] CHI_SHIFT_FROM_TO = {{0, 3}, {0, 1}};

    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();
    private static final ChiSquareTest CHI = new ChiSquareTest();

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true)); // keep stdout binary
        for (int s = 0; s < SIZES.length; s++) {
            int n = SIZES[s];
            long start = System.nanoTime();
            for (int shape = 0; shape < KS_SHAPES.length; shape++) {
                for (int e = 0; e < KS_EFFECTS[s].length; e++) {
                    Random random = new Random(seed(0, n, shape, e));
                    for (int rep = 0; rep < KS_REPETITIONS[s]; rep++) {
                        ks(out, random, shape, KS_EFFECTS[s][e], n, rep);
                    }
                }
            }
            System.err.printf("KS n=%d: %.1f s%n", n, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (int shape = 0; shape < CHI_SHAPES.length; shape++) {
                for (int e = 0; e < CHI_EFFECTS[s].length; e++) {
                    Random random = new Random(seed(1, n, shape, e));
                    for (int rep = 0; rep < CHI_REPETITIONS[s]; rep++) {
                        chi(out, random, shape, CHI_EFFECTS[s][e], n, rep);
                    }
                }
            }
            System.err.printf("chi-square n=%d: %.1f s%n", n, (System.nanoTime() - start) / 1e9);
        }
        out.flush();
    }

    private static long seed(int kind, int n, int shape, int effect) {
        return 1_000_003L * kind + 7_919L * n + 101L * shape + effect;
    }

    private static void ks(DataOutputStream out, Random random, int shape, double effect, int n, int rep) throws IOException {
        Distribution distribution = KS_SHAPES[shape];
        double[] baseline = distribution.sample(n, 0, random);
        double[] current = distribution.sample(n, effect, random);
        KsResult sketch = KolmogorovSmirnov.test(ExactStatistics.sketchOf(baseline), ExactStatistics.sketchOf(current));
        double cmD = KS.kolmogorovSmirnovStatistic(baseline, current);
        double cmP = KS.kolmogorovSmirnovTest(baseline, current);
        double exactD = ExactStatistics.ksStatistic(baseline, current);
        header(out, 0, shape, effect, n, n, rep, sketch.statistic(), sketch.pValue(), cmD, cmP, exactD, 0);
        for (double v : baseline) {
            out.writeDouble(v);
        }
        for (double v : current) {
            out.writeDouble(v);
        }
    }

    private static void chi(DataOutputStream out, Random random, int shape, double effectPoints, int n, int rep) throws IOException {
        double[] base = CHI_SHAPES[shape];
        double[] shifted = base.clone();
        double delta = effectPoints / 100;
        shifted[CHI_SHIFT_FROM_TO[shape][0]] -= delta;
        shifted[CHI_SHIFT_FROM_TO[shape][1]] += delta;
        int k = base.length;
        long[] b = new long[k];
        long[] c = new long[k];
        CategoricalSketch sb = new CategoricalSketch();
        CategoricalSketch sc = new CategoricalSketch();
        draw(random, cumulative(base), n, b, sb);
        draw(random, cumulative(shifted), n, c, sc);
        ChiSquareResult sketch = ChiSquare.test(sb, sc);
        // The raw counts, categories empty in both dropped (commons-math3 rejects them).
        int kept = 0;
        long[] rb = new long[k];
        long[] rc = new long[k];
        double maxShare = 0;
        for (int i = 0; i < k; i++) {
            if (b[i] + c[i] > 0) {
                rb[kept] = b[i];
                rc[kept] = c[i];
                kept++;
                maxShare = Math.max(maxShare, Math.abs((double) c[i] / n - (double) b[i] / n));
            }
        }
        rb = Arrays.copyOf(rb, kept);
        rc = Arrays.copyOf(rc, kept);
        double cmP = kept < 2 ? 1 : CHI.chiSquareTestDataSetsComparison(rb, rc);
        header(out, 1, shape, effectPoints, n, n, rep, sketch.maxShareChange(), sketch.pValue(), maxShare, cmP, Double.NaN, kept);
        for (long v : rb) {
            out.writeLong(v);
        }
        for (long v : rc) {
            out.writeLong(v);
        }
    }

    private static void draw(Random random, double[] cumulative, int n, long[] counts, CategoricalSketch sketch) {
        for (int i = 0; i < n; i++) {
            int index = Arrays.binarySearch(cumulative, random.nextDouble());
            int category = Math.min(cumulative.length - 1, index >= 0 ? index + 1 : -index - 1);
            counts[category]++;
            sketch.add(NAMES[category]);
        }
    }

    private static final String[] NAMES = new String[300];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = String.format("c%03d", i);
        }
    }

    private static double[] cumulative(double[] shares) {
        double[] cumulative = new double[shares.length];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            sum += shares[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < shares.length; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static double[] zipf(int k, double s) {
        double[] shares = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            shares[i] = 1 / Math.pow(i + 1, s);
            sum += shares[i];
        }
        for (int i = 0; i < k; i++) {
            shares[i] /= sum;
        }
        return shares;
    }

    private static void header(DataOutputStream out, int kind, int shape, double effect, int n, int m, int rep,
            double sketchStat, double sketchP, double cmStat, double cmP, double exactStat, int k) throws IOException {
        out.writeInt(kind);
        out.writeInt(shape);
        out.writeDouble(effect);
        out.writeInt(n);
        out.writeInt(m);
        out.writeInt(rep);
        out.writeDouble(sketchStat);
        out.writeDouble(sketchP);
        out.writeDouble(cmStat);
        out.writeDouble(cmP);
        out.writeDouble(exactStat);
        out.writeInt(k);
    }
}
