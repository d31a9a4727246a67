package io.plumbline.bench;

import io.plumbline.alerts.rules.DriftRules;
import io.plumbline.alerts.rules.DriftThresholds;
import io.plumbline.alerts.rules.RuleOutcome;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.compare.ProfileComparison;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Detection quality of the CURRENT drift rules (issue 12 §6), a baseline for the drift engine that
 * will replace them: {@link DriftThresholds#DEFAULTS} (psi ≥ 0.2; ks p &lt; 0.001 and D ≥ 0.05; chi2
 * p &lt; 0.001 and share change ≥ 0.05) applied by {@link DriftRules} to {@link ProfileComparator}'s
 * comparison of two {@link ModelProfile}s, next to the exact KS test on the raw samples at α = 0.001.
 *
 * <ul>
 *   <li>False alarms: a 50-feature model (8 numeric features of each of normal, lognormal σ=2,
 *       bimodal, uniform, 20 levels; 10 categorical features of 10 categories), baseline and current
 *       window drawn from the same distributions (a fresh baseline per window); the share of windows
 *       with any rule holding on any feature.</li>
 *   <li>Detection: every numeric feature of the current window changed (mean shift of 0.1σ, 0.25σ,
 *       0.5σ, or SD × 1.25); the share of (window, feature) pairs whose rules hold in that first
 *       window.</li>
 * </ul>
 *
 * <p>The numbers in bench/README.md were measured before e4fb9a1 changed {@link DriftRules}' rule set and
 * 41b9776 added per-baseline null resampling to {@link ProfileComparator}; with a fresh baseline per
 * window this bench now pays that resampling on every comparison (see the README).
 *
 * <p>Run: {@code bench/run-detection.sh}
 */
public final class DetectionBench {
    private static final int[] SIZES = {1_000, 10_000};
    private static final int[] STATIONARY_WINDOWS = {1000, 200};
    private static final int[] DETECTION_WINDOWS = {50, 20};
    private static final Distribution[] SHAPES = {
        Distribution.NORMAL, Distribution.LOGNORMAL, Distribution.BIMODAL, Distribution.UNIFORM, Distribution.LEVELS_20,
    };
    private static final int NUMERIC_PER_SHAPE = 8;
    private static final int CATEGORICAL = 10;
    private static final double[] SHARES = {0.30, 0.20, 0.15, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02};
    private static final String[] LEVELS = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    private static final double ALPHA = 0.001;
    private static final double SD_FACTOR = 1.25;
    /** Changes: mean shifts in σ; NaN stands for the variance change. */
    private static final double[] CHANGES = {0.1, 0.25, 0.5, Double.NaN};

    private static final DriftRules RULES = new DriftRules(DriftThresholds.DEFAULTS);
    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

    public static void main(String[] args) {
        System.out.println("### False alarms: stationary windows of a 50-feature model\n");
        System.out.println("| events per window | windows | windows with any alert (current rules) | by rule: psi / ks / chi2 "
                + "| feature-windows with an alert | windows with exact KS p < 0.001 on any of the 40 numeric features |");
        System.out.println("|---:|---:|---:|---|---:|---:|");
        for (int s = 0; s < SIZES.length; s++) {
            stationary(SIZES[s], STATIONARY_WINDOWS[s]);
        }
        System.out.println();
        System.out.println("### Detection in the first window: current rules / exact KS at α = 0.001\n");
        System.out.println("Share of (window, feature) pairs in which any rule (psi or ks) holds on the changed feature, "
                + "then the share in which the exact KS test on the raw samples rejects at α = 0.001.\n");
        StringBuilder header = new StringBuilder("| events per window | change | feature-windows per shape |");
        StringBuilder rule = new StringBuilder("|---:|---|---:|");
        for (Distribution shape : SHAPES) {
            header.append(' ').append(name(shape)).append(" |");
            rule.append("---:|");
        }
        header.append(" all shapes | of which by psi / ks |");
        rule.append("---:|---|");
        System.out.println(header);
        System.out.println(rule);
        for (int s = 0; s < SIZES.length; s++) {
            for (int c = 0; c < CHANGES.length; c++) {
                detection(SIZES[s], DETECTION_WINDOWS[s], CHANGES[c], c);
            }
        }
    }

    private static void stationary(int n, int windows) {
        long start = System.nanoTime();
        Random random = new Random(31L * n + 1);
        int anyAlert = 0;
        int featureAlerts = 0;
        int exactAny = 0;
        int[] byRule = new int[3];
        for (int w = 0; w < windows; w++) {
            ModelProfile baseline = new ModelProfile();
            ModelProfile current = new ModelProfile();
            boolean exact = false;
            for (int shape = 0; shape < SHAPES.length; shape++) {
                for (int f = 0; f < NUMERIC_PER_SHAPE; f++) {
                    String feature = "x" + shape + "_" + f;
                    double[] b = SHAPES[shape].sample(n, 0, random);
                    double[] c = SHAPES[shape].sample(n, 0, random);
                    add(baseline, feature, b);
                    add(current, feature, c);
                    exact |= exactP(b, c) < ALPHA;
                }
            }
            for (int f = 0; f < CATEGORICAL; f++) {
                String feature = "cat" + f;
                for (int i = 0; i < n; i++) {
                    baseline.categoricalFeature(feature).add(LEVELS[category(random)]);
                    current.categoricalFeature(feature).add(LEVELS[category(random)]);
                }
            }
            ProfileComparison comparison = ProfileComparator.compare(baseline, current);
            boolean any = false;
            boolean[] windowByRule = new boolean[3];
            for (FeatureComparison fc : comparison.features()) {
                boolean featureAlert = false;
                for (RuleOutcome outcome : RULES.evaluate(fc)) {
                    if (outcome.holds()) {
                        featureAlert = true;
                        windowByRule[ruleIndex(outcome.rule())] = true;
                    }
                }
                any |= featureAlert;
                featureAlerts += featureAlert ? 1 : 0;
            }
            anyAlert += any ? 1 : 0;
            exactAny += exact ? 1 : 0;
            for (int r = 0; r < 3; r++) {
                byRule[r] += windowByRule[r] ? 1 : 0;
            }
        }
        int featureWindows = windows * (SHAPES.length * NUMERIC_PER_SHAPE + CATEGORICAL);
        System.out.printf(Locale.ROOT, "| %,d | %d | %s | %d / %d / %d | %s | %s |%n", n, windows, pct(anyAlert, windows),
                byRule[0], byRule[1], byRule[2], String.format(Locale.ROOT, "%.2f %%", 100.0 * featureAlerts / featureWindows),
                pct(exactAny, windows));
        System.err.printf(Locale.ROOT, "stationary n=%d: %.1f s%n", n, (System.nanoTime() - start) / 1e9);
    }

    private static void detection(int n, int windows, double change, int changeIndex) {
        long start = System.nanoTime();
        Random random = new Random(97L * n + changeIndex);
        int[] rules = new int[SHAPES.length];
        int[] exact = new int[SHAPES.length];
        int psi = 0;
        int ks = 0;
        for (int w = 0; w < windows; w++) {
            ModelProfile baseline = new ModelProfile();
            ModelProfile current = new ModelProfile();
            for (int shape = 0; shape < SHAPES.length; shape++) {
                for (int f = 0; f < NUMERIC_PER_SHAPE; f++) {
                    String feature = "x" + shape + "_" + f;
                    double[] b = SHAPES[shape].sample(n, 0, random);
                    double[] c = Double.isNaN(change) ? wider(SHAPES[shape], n, random) : SHAPES[shape].sample(n, change, random);
                    add(baseline, feature, b);
                    add(current, feature, c);
                    exact[shape] += exactP(b, c) < ALPHA ? 1 : 0;
                }
            }
            for (FeatureComparison fc : ProfileComparator.compare(baseline, current).features()) {
                int shape = fc.feature().charAt(1) - '0';
                boolean holds = false;
                for (RuleOutcome outcome : RULES.evaluate(fc)) {
                    if (outcome.holds()) {
                        holds = true;
                        psi += outcome.rule().equals(DriftRules.PSI) ? 1 : 0;
                        ks += outcome.rule().equals(DriftRules.KS) ? 1 : 0;
                    }
                }
                rules[shape] += holds ? 1 : 0;
            }
        }
        int perShape = windows * NUMERIC_PER_SHAPE;
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %,d | %s | %d |", n,
                Double.isNaN(change) ? "SD × " + SD_FACTOR : "mean + " + change + "σ", perShape));
        int rulesAll = 0;
        int exactAll = 0;
        for (int shape = 0; shape < SHAPES.length; shape++) {
            row.append(' ').append(pct(rules[shape], perShape)).append(" / ").append(pct(exact[shape], perShape)).append(" |");
            rulesAll += rules[shape];
            exactAll += exact[shape];
        }
        int all = perShape * SHAPES.length;
        row.append(' ').append(pct(rulesAll, all)).append(" / ").append(pct(exactAll, all)).append(" | ")
                .append(pct(psi, all)).append(" / ").append(pct(ks, all)).append(" |");
        System.out.println(row);
        System.err.printf(Locale.ROOT, "detection n=%d change=%s: %.1f s%n", n, change, (System.nanoTime() - start) / 1e9);
    }

    /** The shape with its SD (of the underlying normal for lognormal and levels) multiplied by SD_FACTOR. */
    private static double[] wider(Distribution shape, int n, Random r) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (shape) {
                case NORMAL -> SD_FACTOR * r.nextGaussian();
                case LOGNORMAL -> StrictMath.exp(2 * SD_FACTOR * r.nextGaussian());
                case BIMODAL -> SD_FACTOR * ((r.nextBoolean() ? -3 : 3) + r.nextGaussian());
                case UNIFORM -> 0.5 + SD_FACTOR * (r.nextDouble() - 0.5);
                case LEVELS_20 -> Math.max(0, Math.min(19, Math.floor(10 + 3 * SD_FACTOR * r.nextGaussian())));
                default -> throw new IllegalArgumentException(shape.name());
            };
        }
        return values;
    }

    private static void add(ModelProfile profile, String feature, double[] values) {
        var sketch = profile.numericFeature(feature);
        for (double v : values) {
            sketch.add(v);
        }
    }

    /** Exact D on the raw samples (ties counted exactly), commons-math3's p for it (asymptotic at these n·m). */
    private static double exactP(double[] b, double[] c) {
        return KS.approximateP(ExactStatistics.ksStatistic(b, c), b.length, c.length);
    }

    private static int category(Random random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < SHARES.length; i++) {
            cumulative += SHARES[i];
            if (u < cumulative) {
                return i;
            }
        }
        return SHARES.length - 1;
    }

    private static int ruleIndex(String rule) {
        return switch (rule) {
            case DriftRules.PSI -> 0;
            case DriftRules.KS -> 1;
            default -> 2;
        };
    }

    private static String name(Distribution shape) {
        return switch (shape) {
            case NORMAL -> "normal";
            case LOGNORMAL -> "lognormal σ=2";
            case BIMODAL -> "bimodal";
            case UNIFORM -> "uniform";
            case LEVELS_20 -> "20 levels";
            default -> shape.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String pct(int x, int total) {
        return String.format(Locale.ROOT, "%.1f %%", 100.0 * x / total);
    }

}
