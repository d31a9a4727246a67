package io.plumbline.detectors.testing;

import io.plumbline.detectors.sketch.NumericSketch;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference computations sketches are held to, on the raw samples:
 * <ul>
 *   <li>KS D: walk both sorted samples over every distinct value of either, D = max |i/n - j/m| where i
 *       and j count the values ≤ it (ties handled exactly);</li>
 *   <li>PSI: bins cut at the baseline's deciles, decile k being the value of rank ⌈k·n/10⌉ (1-based) of
 *       the sorted baseline, equal deciles merged; right-closed bins; shares floored at 1e-4;</li>
 *   <li>categorical PSI: over the union of both samples' categories, shares floored at 1e-4;</li>
 *   <li>robust L∞ (Deequ): max(0, D − √(−ln(α/2)/2)·√((n+m)/(nm))) with the exact D;</li>
 *   <li>Wasserstein-1: Σ |i/n − j/m|·(next − v) over every distinct value v of either sample, i and j
 *       counting the values ≤ v (the area between the two empirical CDFs); normalized: divided by the
 *       baseline's population standard deviation (two-pass);</li>
 *   <li>Jensen-Shannon distance: √(½ Σ p log₂(2p/(p+q)) + ½ Σ q log₂(2q/(p+q))) over the union of
 *       categories;</li>
 *   <li>unseen-category share: current values whose category is absent from the baseline, over m;
 *       out-of-range share: current values &lt; min or &gt; max of the baseline, over m;</li>
 *   <li>quantile q: the value of rank ⌈q·n⌉ (1-based, the minimum at q = 0) of the sorted sample.</li>
 * </ul>
 * Published in this module's test jar, so the job's integration tests hold the whole pipeline to
 * the same definitions.
 */
public final class ExactStatistics {
    private ExactStatistics() {
    }

    public static double ksStatistic(double[] baseline, double[] current) {
        double[] a = sorted(baseline);
        double[] b = sorted(current);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length || j < b.length) {
            double v = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    public static double robustLinf(double[] baseline, double[] current, double alpha) {
        double n = baseline.length;
        double m = current.length;
        double c = Math.sqrt(-Math.log(alpha / 2) / 2);
        return Math.max(0, ksStatistic(baseline, current) - c * Math.sqrt((n + m) / (n * m)));
    }

    public static double wasserstein(double[] baseline, double[] current) {
        double[] a = sorted(baseline);
        double[] b = sorted(current);
        int i = 0;
        int j = 0;
        double w = 0;
        while (i < a.length || j < b.length) {
            double v = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
            if (i == a.length && j == b.length) {
                break;
            }
            double next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            w += Math.abs((double) i / a.length - (double) j / b.length) * (next - v);
        }
        return w;
    }

    public static double wassersteinNormalized(double[] baseline, double[] current) {
        double mean = Arrays.stream(baseline).sum() / baseline.length;
        double squares = Arrays.stream(baseline).map(v -> (v - mean) * (v - mean)).sum();
        return wasserstein(baseline, current) / Math.sqrt(squares / baseline.length);
    }

    public static double jensenShannonDistance(List<String> baseline, List<String> current) {
        Map<String, Integer> a = counts(baseline);
        Map<String, Integer> b = counts(current);
        Set<String> categories = new HashSet<>(a.keySet());
        categories.addAll(b.keySet());
        double divergence = 0;
        for (String c : categories) {
            double p = (double) a.getOrDefault(c, 0) / baseline.size();
            double q = (double) b.getOrDefault(c, 0) / current.size();
            double m = (p + q) / 2;
            divergence += (p == 0 ? 0 : p * Math.log(p / m)) / 2 + (q == 0 ? 0 : q * Math.log(q / m)) / 2;
        }
        return Math.sqrt(divergence / Math.log(2));
    }

    public static double unseenCategoryShare(List<String> baseline, List<String> current) {
        Set<String> known = new HashSet<>(baseline);
        return (double) current.stream().filter(c -> !known.contains(c)).count() / current.size();
    }

    public static double outOfRangeShare(double[] baseline, double[] current) {
        double min = Arrays.stream(baseline).min().orElseThrow();
        double max = Arrays.stream(baseline).max().orElseThrow();
        return (double) Arrays.stream(current).filter(v -> v < min || v > max).count() / current.length;
    }

    /** The quantile of a sorted sample (see the class comment); q·n within 1e-9 of a whole number counts as it. */
    public static double orderStatistic(double[] sorted, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * sorted.length - 1e-9));
        return sorted[(int) rank - 1];
    }

    public static double decile(double[] sortedBaseline, int k) {
        int n = sortedBaseline.length;
        int rank = (int) ((k * (long) n + 9) / 10);
        return sortedBaseline[rank - 1];
    }

    public static double psi(double[] baseline, double[] current) {
        double[] a = sorted(baseline);
        double[] b = sorted(current);
        double psi = 0;
        int aBelow = 0;
        int bBelow = 0;
        double previous = Double.NaN;
        for (int k = 1; k < 10; k++) {
            double edge = decile(a, k);
            if (edge == previous) {
                continue;
            }
            previous = edge;
            int aUpTo = countAtOrBelow(a, edge);
            int bUpTo = countAtOrBelow(b, edge);
            psi += term((double) (aUpTo - aBelow) / a.length, (double) (bUpTo - bBelow) / b.length);
            aBelow = aUpTo;
            bBelow = bUpTo;
        }
        return psi + term((double) (a.length - aBelow) / a.length, (double) (b.length - bBelow) / b.length);
    }

    public static double categoricalPsi(List<String> baseline, List<String> current) {
        Map<String, Integer> a = counts(baseline);
        Map<String, Integer> b = counts(current);
        Set<String> categories = new HashSet<>(a.keySet());
        categories.addAll(b.keySet());
        double psi = 0;
        for (String c : categories) {
            psi += term((double) a.getOrDefault(c, 0) / baseline.size(), (double) b.getOrDefault(c, 0) / current.size());
        }
        return psi;
    }

    private static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    public static NumericSketch sketchOf(double[] values) {
        NumericSketch sketch = new NumericSketch();
        for (double v : values) {
            sketch.add(v);
        }
        return sketch;
    }

    /** Eight partial sketches of consecutive parts merged, as local pre-aggregation builds them. */
    public static NumericSketch mergedSketchOf(double[] values) {
        NumericSketch merged = new NumericSketch();
        int part = (values.length + 7) / 8;
        for (int from = 0; from < values.length; from += part) {
            merged.merge(sketchOf(Arrays.copyOfRange(values, from, Math.min(values.length, from + part))));
        }
        return merged;
    }

    private static double term(double b, double c) {
        b = Math.max(b, 1e-4);
        c = Math.max(c, 1e-4);
        return (c - b) * Math.log(c / b);
    }

    private static int countAtOrBelow(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
