package io.plumbline.jobs.drift;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact statistics on raw samples that the job's sketches are held to, computed here
 * independently of detectors, with the definitions of detectors' Psi and KolmogorovSmirnov javadoc:
 * <ul>
 *   <li>KS D: the largest |F_baseline − F_current| over every distinct value of either sample;</li>
 *   <li>numeric PSI: 10 bins cut at the baseline's deciles (decile k is the value of rank ⌈k·n/10⌉,
 *       1-based, of the sorted baseline; equal deciles merged), right-closed, shares floored at 1e-4;</li>
 *   <li>categorical PSI: over the union of both samples' categories, shares floored at 1e-4.</li>
 * </ul>
 */
final class ExactDrift {

    private static final double FLOOR = 1e-4;

    private ExactDrift() {
    }

    static double ksStatistic(double[] baseline, double[] current) {
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

    static double numericPsi(double[] baseline, double[] current) {
        double[] a = sorted(baseline);
        double[] b = sorted(current);
        double psi = 0;
        int aBelow = 0;
        int bBelow = 0;
        double previousEdge = Double.NaN;
        for (int k = 1; k < 10; k++) {
            double edge = a[(int) ((k * (long) a.length + 9) / 10) - 1];
            if (edge == previousEdge) {
                continue;
            }
            previousEdge = edge;
            int aUpTo = atOrBelow(a, edge);
            int bUpTo = atOrBelow(b, edge);
            psi += term((double) (aUpTo - aBelow) / a.length, (double) (bUpTo - bBelow) / b.length);
            aBelow = aUpTo;
            bBelow = bUpTo;
        }
        return psi + term((double) (a.length - aBelow) / a.length, (double) (b.length - bBelow) / b.length);
    }

    static double categoricalPsi(List<String> baseline, List<String> current) {
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

    private static double term(double b, double c) {
        double fb = Math.max(b, FLOOR);
        double fc = Math.max(c, FLOOR);
        return (fc - fb) * Math.log(fc / fb);
    }

    private static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    private static int atOrBelow(double[] sorted, double x) {
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
