package io.plumbline.bench;

import io.plumbline.alerts.rules.DriftRule;
import io.plumbline.alerts.rules.DriftRules;
import io.plumbline.alerts.rules.DriftThresholds;
import io.plumbline.alerts.rules.RuleOutcome;
import io.plumbline.alerts.rules.RuleSetting;
import io.plumbline.detectors.compare.CategoricalComparison;
import io.plumbline.detectors.compare.FeatureComparison;
import io.plumbline.detectors.compare.NumericComparison;
import io.plumbline.detectors.compare.ProfileComparator;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.stats.ChiSquareResult;
import io.plumbline.detectors.stats.KsResult;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ExactStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Detection quality of the drift rules at their defaults ({@link DriftThresholds#DEFAULTS}), as the job
 * applies them: {@link ProfileComparator} on two {@link ModelProfile}s, every p-value of the model's
 * window adjusted as one family ({@link DriftRules#adjust}), then each feature's rules.
 *
 * <p>The model has 50 features: 8 numeric of each of normal, lognormal σ=2, bimodal, uniform and 20
 * levels (the first two of each shape missing 5 % of the time), and 10 categorical: 4 of 10 skewed
 * levels, 3 of 60 long-tailed (Zipf) levels and 3 of 300 (past the sketch's 100, so "other" is used).
 * Each window draws a fresh baseline of the same size, so a rate is over baselines as well as windows.
 *
 * <ul>
 *   <li>False alarms: baseline and window from the same distributions; the share of model-windows with
 *       any rule holding on any feature (target ≤ 1 %).</li>
 *   <li>Detection: in each window one feature of each numeric shape changed (mean + 0.1σ, 0.25σ, 0.5σ,
 *       or SD × 1.25), or two skewed categorical features with their first category's share up by 5
 *       points; the share of changed (window, feature) pairs on which any rule holds in that first
 *       window. Next to it, the same ks (or chi2) rule with the exact test on the raw samples the sketches
 *       hold (missing values left out on both) in place of the sketch's, adjusted in the same family.</li>
 * </ul>
 *
 * <p>Run: {@code bench/run-detection.sh}
 */
public final class DetectionBench {
    private static final int[] SIZES = {1_000, 10_000};
    private static final int[] STATIONARY_WINDOWS = {1_000, 200};
    private static final int[] DETECTION_WINDOWS = {200, 60};
    private static final Distribution[] SHAPES = {
        Distribution.NORMAL, Distribution.LOGNORMAL, Distribution.BIMODAL, Distribution.UNIFORM, Distribution.LEVELS_20,
    };
    private static final int NUMERIC_PER_SHAPE = 8;
    private static final int WITH_MISSING_PER_SHAPE = 2;
    private static final double MISSING = 0.05;
    private static final double[] SKEWED = {0.30, 0.20, 0.15, 0.10, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02};
    private static final double SD_FACTOR = 1.25;
    private static final double CATEGORY_SHIFT = 0.05;

    private static final DriftRules RULES = new DriftRules(DriftThresholds.DEFAULTS);
    /** The defaults with wasserstein_norm on at Evidently's 0.1, to show what it would add. */
    private static final DriftRules WITH_WASSERSTEIN = new DriftRules(withWasserstein(DriftThresholds.DEFAULTS, 0.1));
    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();
    private static final ChiSquareTest CHI2 = new ChiSquareTest();

    /** What a detection row changes. */
    private enum Change {
        MEAN_01("mean + 0.1σ"), MEAN_025("mean + 0.25σ"), MEAN_05("mean + 0.5σ"), SD("SD × " + SD_FACTOR),
        CATEGORY("category share + 5 points");

        final String label;

        Change(String label) {
            this.label = label;
        }

        double shift() {
            return switch (this) {
                case MEAN_01 -> 0.1;
                case MEAN_025 -> 0.25;
                case MEAN_05 -> 0.5;
                default -> 0;
            };
        }
    }

    /** The categorical features: name → level weights. */
    private static final Map<String, double[]> CATEGORICAL = categorical();

    public static void main(String[] args) {
        System.out.println("#### False alarms: stationary windows of a 50-feature model, default rules\n");
        System.out.println("| events per window | model-windows | with any alert | alerts by rule (model-windows) "
                + "| exact ks rule on the raw samples | with wasserstein_norm on at 0.1 |");
        System.out.println("|---:|---:|---:|---|---:|---:|");
        for (int s = 0; s < SIZES.length; s++) {
            stationary(SIZES[s], STATIONARY_WINDOWS[s]);
        }
        System.out.println();
        System.out.println("#### Detection in the first window: any rule (sketches) / the exact test's rule\n");
        StringBuilder header = new StringBuilder("| events per window | change | changed feature-windows per column |");
        StringBuilder rule = new StringBuilder("|---:|---|---:|");
        for (Distribution shape : SHAPES) {
            header.append(' ').append(name(shape)).append(" |");
            rule.append("---:|");
        }
        header.append(" skewed categorical | sketch ks (chi2) rule / exact |");
        rule.append("---:|---|");
        System.out.println(header);
        System.out.println(rule);
        for (int s = 0; s < SIZES.length; s++) {
            for (Change change : Change.values()) {
                detection(SIZES[s], DETECTION_WINDOWS[s], change);
            }
        }
    }

    /** One model-window: the profiles and the exact p-values the sketch's tests stand for. */
    private static final class Window {
        final ModelProfile baseline = new ModelProfile();
        final ModelProfile current = new ModelProfile();
        /** Per feature: the exact test's {KS D, p-value}, or {NaN, chi-square p-value}. */
        final Map<String, double[]> exact = new TreeMap<>();
    }

    private static Window window(int n, Change change, Random random) {
        Window w = new Window();
        for (int shape = 0; shape < SHAPES.length; shape++) {
            for (int f = 0; f < NUMERIC_PER_SHAPE; f++) {
                String feature = "x" + shape + "_" + f;
                boolean changed = change != null && changed(feature, change);
                double[] b = SHAPES[shape].sample(n, 0, random);
                double[] c = !changed ? SHAPES[shape].sample(n, 0, random)
                        : change == Change.SD ? wider(SHAPES[shape], n, random)
                        : SHAPES[shape].sample(n, change.shift(), random);
                double missing = f < WITH_MISSING_PER_SHAPE ? MISSING : 0;
                // The exact test on the values the sketches hold: those drawn missing are in neither.
                double[] inBaseline = add(w.baseline, feature, b, missing, random);
                double[] inCurrent = add(w.current, feature, c, missing, random);
                double d = ExactStatistics.ksStatistic(inBaseline, inCurrent);
                w.exact.put(feature, new double[] {d, Math.min(1, KS.approximateP(d, inBaseline.length, inCurrent.length))});
            }
        }
        for (Map.Entry<String, double[]> e : CATEGORICAL.entrySet()) {
            boolean changed = change != null && changed(e.getKey(), change);
            double[] weights = e.getValue();
            long[] b = draw(w.baseline, e.getKey(), weights, n, random);
            long[] c = draw(w.current, e.getKey(), changed ? shifted(weights) : weights, n, random);
            w.exact.put(e.getKey(), new double[] {Double.NaN, exactChiSquare(b, c)});
        }
        return w;
    }

    private static void stationary(int n, int windows) {
        long start = System.nanoTime();
        Random random = new Random(31L * n + 1);
        int anyAlert = 0;
        int exactAny = 0;
        int withWasserstein = 0;
        Map<String, Integer> byRule = new TreeMap<>();
        for (int i = 0; i < windows; i++) {
            Window w = window(n, null, random);
            Map<String, FeatureComparison> features = ProfileComparator.compare(w.baseline, w.current).features();
            List<List<RuleOutcome>> outcomes = judge(RULES, List.copyOf(features.values()));
            withWasserstein += judge(WITH_WASSERSTEIN, List.copyOf(features.values())).stream().flatMap(List::stream)
                    .anyMatch(RuleOutcome::holds) ? 1 : 0;
            boolean any = false;
            java.util.Set<String> rulesFiring = new java.util.TreeSet<>();
            for (List<RuleOutcome> feature : outcomes) {
                for (RuleOutcome o : feature) {
                    if (o.holds()) {
                        any = true;
                        rulesFiring.add(o.rule());
                    }
                }
            }
            rulesFiring.forEach(r -> byRule.merge(r, 1, Integer::sum));
            anyAlert += any ? 1 : 0;
            exactAny += exactRuleCount(features, w, null) > 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "| %,d | %d | %s | %s | %s | %s |%n", n, windows, pct(anyAlert, windows),
                byRule.isEmpty() ? "none" : byRule.toString().replaceAll("[{}]", "").replace("=", ": "),
                pct(exactAny, windows), pct(withWasserstein, windows));
        System.err.printf(Locale.ROOT, "stationary n=%d: %.1f s%n", n, (System.nanoTime() - start) / 1e9);
    }

    private static void detection(int n, int windows, Change change) {
        long start = System.nanoTime();
        Random random = new Random(97L * n + change.ordinal());
        int[] detected = new int[SHAPES.length + 1];
        int sketchRule = 0;
        int exactRule = 0;
        int perColumn = change == Change.CATEGORY ? 2 * windows : windows;
        for (int i = 0; i < windows; i++) {
            Window w = window(n, change, random);
            Map<String, FeatureComparison> features = ProfileComparator.compare(w.baseline, w.current).features();
            List<List<RuleOutcome>> outcomes = judge(RULES, List.copyOf(features.values()));
            List<String> names = List.copyOf(features.keySet());
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(k);
                if (!changed(name, change)) {
                    continue;
                }
                int column = change == Change.CATEGORY ? SHAPES.length : name.charAt(1) - '0';
                detected[column] += outcomes.get(k).stream().anyMatch(RuleOutcome::holds) ? 1 : 0;
                String testRule = (change == Change.CATEGORY ? DriftRule.CHI2 : DriftRule.KS).alertName();
                sketchRule += outcomes.get(k).stream().anyMatch(o -> o.holds() && o.rule().equals(testRule)) ? 1 : 0;
            }
            exactRule += exactRuleCount(features, w, change);
        }
        int changedPairs = change == Change.CATEGORY ? 2 * windows : SHAPES.length * windows;
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %,d | %s | %d |", n, change.label, perColumn));
        for (int column = 0; column <= SHAPES.length; column++) {
            boolean applies = (column == SHAPES.length) == (change == Change.CATEGORY);
            row.append(' ').append(applies ? pct(detected[column], perColumn) : "–").append(" |");
        }
        row.append(' ').append(pct(sketchRule, changedPairs)).append(" / ").append(pct(exactRule, changedPairs))
                .append(" |");
        System.out.println(row);
        System.err.printf(Locale.ROOT, "detection n=%d %s: %.1f s%n", n, change, (System.nanoTime() - start) / 1e9);
    }

    private static DriftThresholds withWasserstein(DriftThresholds d, double threshold) {
        return d.with(Map.of(RuleSetting.WASSERSTEIN_NORM_THRESHOLD, threshold), null);
    }

    /** Whether the feature is one the change applies to: the first of each numeric shape, or two skewed ones. */
    private static boolean changed(String feature, Change change) {
        return change == Change.CATEGORY
                ? feature.equals("skewed0") || feature.equals("skewed1")
                : feature.startsWith("x") && feature.endsWith("_0");
    }

    /** Every feature's rule outcomes, the window's p-values adjusted as one family, as the job does. */
    private static List<List<RuleOutcome>> judge(DriftRules rules, List<FeatureComparison> features) {
        List<EnumMap<DriftRule, Double>> adjusted = rules.adjust(features);
        int tests = DriftRules.tests(adjusted);
        List<List<RuleOutcome>> outcomes = new ArrayList<>(features.size());
        for (int k = 0; k < features.size(); k++) {
            outcomes.add(rules.evaluate(features.get(k), adjusted.get(k), tests));
        }
        return outcomes;
    }

    /**
     * The comparisons with each KS and chi-square p-value replaced by the exact test's on the raw samples,
     * judged in the same family: does the ks (chi2) rule hold on some (the changed) feature?
     */
    private static int exactRuleCount(Map<String, FeatureComparison> features, Window w, Change change) {
        List<String> names = List.copyOf(features.keySet());
        List<FeatureComparison> exact = new ArrayList<>(features.size());
        for (String name : names) {
            exact.add(withExactTest(features.get(name), w.exact.get(name)));
        }
        List<List<RuleOutcome>> outcomes = judge(RULES, exact);
        int count = 0;
        for (int k = 0; k < exact.size(); k++) {
            String name = names.get(k);
            boolean counted = change == null || changed(name, change);
            String rule = (name.startsWith("x") ? DriftRule.KS : DriftRule.CHI2).alertName();
            if (counted && outcomes.get(k).stream().anyMatch(o -> o.holds() && o.rule().equals(rule))) {
                count++;
            }
        }
        return count;
    }

    private static FeatureComparison withExactTest(FeatureComparison c, double[] exact) {
        if (c instanceof NumericComparison n) {
            return new NumericComparison(n.counts(), n.psi(), new KsResult(exact[0], exact[1], n.ks().n(), n.ks().m()),
                    n.robustLinf(), n.wassersteinNorm(), n.outOfRange());
        }
        CategoricalComparison k = (CategoricalComparison) c;
        return new CategoricalComparison(k.counts(), k.psi(), new ChiSquareResult(exact[1], k.chi2().maxShareChange()),
                k.jsDistance(), k.newCategory());
    }

    private static double exactChiSquare(long[] baseline, long[] current) {
        List<long[]> kept = new ArrayList<>();
        for (int i = 0; i < baseline.length; i++) {
            if (baseline[i] + current[i] > 0) {
                kept.add(new long[] {baseline[i], current[i]});
            }
        }
        if (kept.size() < 2) {
            return 1;
        }
        return Math.min(1, CHI2.chiSquareTestDataSetsComparison(kept.stream().mapToLong(p -> p[0]).toArray(),
                kept.stream().mapToLong(p -> p[1]).toArray()));
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

    /** Adds each value to the profile's feature, or with chance {@code missing} a missing value instead; returns those added. */
    private static double[] add(ModelProfile profile, String feature, double[] values, double missing, Random random) {
        var sketch = profile.numericFeature(feature);
        double[] added = new double[values.length];
        int count = 0;
        for (double v : values) {
            if (missing > 0 && random.nextDouble() < missing) {
                sketch.addMissing();
            } else {
                sketch.add(v);
                added[count++] = v;
            }
        }
        return Arrays.copyOf(added, count);
    }

    /** n draws of the weighted levels into the profile's feature; returns the count per level. */
    private static long[] draw(ModelProfile profile, String feature, double[] weights, int n, Random random) {
        double[] cumulative = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            cumulative[i] = total;
        }
        long[] counts = new long[weights.length];
        var sketch = profile.categoricalFeature(feature);
        for (int i = 0; i < n; i++) {
            int k = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
            k = Math.min(weights.length - 1, k < 0 ? -k - 1 : k);
            counts[k]++;
            sketch.add("v" + k);
        }
        return counts;
    }

    /** The first level's share up by CATEGORY_SHIFT, the others scaled down to make room. */
    private static double[] shifted(double[] weights) {
        double[] w = weights.clone();
        double scale = (1 - w[0] - CATEGORY_SHIFT) / (1 - w[0]);
        for (int i = 1; i < w.length; i++) {
            w[i] *= scale;
        }
        w[0] += CATEGORY_SHIFT;
        return w;
    }

    private static Map<String, double[]> categorical() {
        Map<String, double[]> features = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
            features.put("skewed" + i, SKEWED);
        }
        for (int i = 0; i < 3; i++) {
            features.put("tail60_" + i, zipf(60));
            features.put("tail300_" + i, zipf(300));
        }
        return features;
    }

    private static double[] zipf(int levels) {
        double[] w = new double[levels];
        for (int k = 0; k < levels; k++) {
            w[k] = 1.0 / (k + 1);
        }
        return w;
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
