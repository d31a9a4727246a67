package io.plumbline.detectors.sketch;

import java.util.Arrays;

/**
 * The distribution function a numeric sketch estimates, as an immutable snapshot: knots x<sub>j</sub> with
 * the weight strictly below and at-or-below each, joined linearly in between. For exact values and point
 * masses every knot is a jump and the function is the empirical CDF itself. A digest contributes its
 * centroid means as knots: a single value, or a run of centroids sharing one mean (tied values), is a jump;
 * any other centroid is spread half below and half above its mean, as t-digest interpolates.
 *
 * <p>Between two adjacent knots of a union of such functions both are linear, so the supremum of a
 * difference of two of them is reached at, or just below, a knot of either: {@link #cdf} and
 * {@link #cdfBelow} at every {@link #supportPoints() support point} find it.
 */
public final class CumulativeDistribution {
    private static final CumulativeDistribution EMPTY =
            new CumulativeDistribution(new double[0], new double[0], new double[0], 0, true);

    private final double[] knots;
    private final double[] below;
    private final double[] atOrBelow;
    private final double total;
    private final boolean exact;

    private CumulativeDistribution(double[] knots, double[] below, double[] atOrBelow, double total, boolean exact) {
        this.knots = knots;
        this.below = below;
        this.atOrBelow = atOrBelow;
        this.total = total;
        this.exact = exact;
    }

    /** The empirical distribution of the first {@code n} values of a sorted array. */
    static CumulativeDistribution ofSortedValues(double[] sorted, int n) {
        if (n == 0) {
            return EMPTY;
        }
        double[] x = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int k = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            x[k] = sorted[i];
            lo[k] = i;
            hi[k] = j;
            k++;
            i = j;
        }
        return new CumulativeDistribution(Arrays.copyOf(x, k), Arrays.copyOf(lo, k), Arrays.copyOf(hi, k), n, true);
    }

    /** Point masses plus, when {@code centroids} is not null, the digest of everything else. */
    static CumulativeDistribution of(PointMasses masses, Centroids centroids) {
        CumulativeDistribution steps = ofMasses(masses);
        if (centroids == null || centroids.size() == 0) {
            return steps;
        }
        return steps.plus(ofCentroids(centroids));
    }

    private static CumulativeDistribution ofMasses(PointMasses masses) {
        int n = masses.size();
        double[] x = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            x[i] = masses.value(i);
            lo[i] = cumulative;
            cumulative += masses.count(i);
            hi[i] = cumulative;
        }
        return n == 0 ? EMPTY : new CumulativeDistribution(x, lo, hi, cumulative, true);
    }

    private static CumulativeDistribution ofCentroids(Centroids centroids) {
        double[] means = centroids.means();
        long[] weights = centroids.weights();
        int n = means.length;
        double[] x = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        int k = 0;
        double cumulative = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            double weight = 0;
            while (j < n && means[j] == means[i]) {
                weight += weights[j];
                j++;
            }
            x[k] = means[i];
            boolean pointMass = j - i > 1 || weight == 1;
            lo[k] = pointMass ? cumulative : cumulative + weight / 2;
            hi[k] = pointMass ? cumulative + weight : cumulative + weight / 2;
            cumulative += weight;
            k++;
            i = j;
        }
        return new CumulativeDistribution(Arrays.copyOf(x, k), Arrays.copyOf(lo, k), Arrays.copyOf(hi, k), cumulative, false);
    }

    /** The distribution of the union of both samples (weights add). */
    private CumulativeDistribution plus(CumulativeDistribution other) {
        if (total == 0) {
            return other;
        }
        double[] x = mergedKnots(this, other);
        double[] lo = new double[x.length];
        double[] hi = new double[x.length];
        addWeightsAt(x, lo, hi);
        other.addWeightsAt(x, lo, hi);
        return new CumulativeDistribution(x, lo, hi, total + other.total, exact && other.exact);
    }

    /**
     * sup<sub>x</sub> |F(x) − G(x)| over both the at-or-below and the strictly-below sides, as reached at
     * the knots of either (see the class comment); NaN when one is empty and the other is not. One pass
     * over both knot arrays: at a window's close this runs for every numeric feature and LLM distribution,
     * with thousands of exact values each.
     */
    public static double supremumDistance(CumulativeDistribution f, CumulativeDistribution g) {
        if (f.total == 0 || g.total == 0) {
            return f.total == g.total ? 0 : Double.NaN;
        }
        double[] x = mergedKnots(f, g);
        int n = x.length;
        double[] fBelow = new double[n];
        double[] fAtOrBelow = new double[n];
        double[] gBelow = new double[n];
        double[] gAtOrBelow = new double[n];
        f.addWeightsAt(x, fBelow, fAtOrBelow);
        g.addWeightsAt(x, gBelow, gAtOrBelow);
        double d = 0;
        for (int k = 0; k < n; k++) {
            d = Math.max(d, Math.abs(fAtOrBelow[k] / f.total - gAtOrBelow[k] / g.total));
            d = Math.max(d, Math.abs(fBelow[k] / f.total - gBelow[k] / g.total));
        }
        return d;
    }

    /** The knots of both, ascending, each once. */
    private static double[] mergedKnots(CumulativeDistribution a, CumulativeDistribution b) {
        double[] x = new double[a.knots.length + b.knots.length];
        int n = 0;
        for (int i = 0, j = 0; i < a.knots.length || j < b.knots.length; ) {
            double next;
            if (j == b.knots.length || (i < a.knots.length && a.knots[i] < b.knots[j])) {
                next = a.knots[i++];
            } else if (i == a.knots.length || b.knots[j] < a.knots[i]) {
                next = b.knots[j++];
            } else {
                next = a.knots[i];
                i++;
                j++;
            }
            x[n++] = next;
        }
        return Arrays.copyOf(x, n);
    }

    /**
     * Adds this function's weight strictly below and at or below each of the ascending {@code xs} to
     * {@code below} and {@code atOrBelow}: {@link #weightAt} for each, by one forward walk instead of a
     * search per value.
     */
    private void addWeightsAt(double[] xs, double[] belowSum, double[] atOrBelowSum) {
        int n = knots.length;
        int j = 0;
        for (int k = 0; k < xs.length; k++) {
            double x = xs[k];
            while (j < n && knots[j] < x) {
                j++;
            }
            if (j < n && knots[j] == x) {
                belowSum[k] += below[j];
                atOrBelowSum[k] += atOrBelow[j];
            } else if (j > 0) {
                double weight = j == n ? total : between(j, x);
                belowSum[k] += weight;
                atOrBelowSum[k] += weight;
            }
        }
    }

    /** Number of values summarised. */
    public double total() {
        return total;
    }

    /** True when this is the empirical CDF of the values themselves (no digest involved). */
    public boolean isExact() {
        return exact;
    }

    /** Fraction of values ≤ x; NaN when empty. */
    public double cdf(double x) {
        return total == 0 || Double.isNaN(x) ? Double.NaN : weightAt(normalized(x), false) / total;
    }

    /** Fraction of values &lt; x; NaN when empty. */
    public double cdfBelow(double x) {
        return total == 0 || Double.isNaN(x) ? Double.NaN : weightAt(normalized(x), true) / total;
    }

    /**
     * The smallest x with cdf(x) ≥ q; for exact values the value of rank ⌈q·n⌉ (the minimum at q = 0).
     * q·n within 1e-9 of a whole number counts as that number, so that 0.7 · 10 is rank 7, not 8.
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile level must be within [0, 1], got " + q);
        }
        if (total == 0) {
            return Double.NaN;
        }
        double target = q * total;
        double whole = Math.rint(target);
        if (Math.abs(target - whole) <= 1e-9 * Math.max(1, target)) {
            target = whole;
        }
        int j = firstAtOrAbove(target);
        if (j == 0 || target >= below[j]) {
            return knots[j];
        }
        double from = atOrBelow[j - 1];
        return knots[j - 1] + (target - from) / (below[j] - from) * (knots[j] - knots[j - 1]);
    }

    /**
     * How many values fall in each bucket of ascending, finite upper bounds, as Prometheus and OpenTelemetry
     * count them (a value equal to a bound is in that bound's bucket), and last how many lie above every bound:
     * {@code bounds.length + 1} counts. Exact for exact values; for a digest each bound's at-or-below weight is
     * rounded to a whole count, which keeps the counts ≥ 0 and their sum the total, so their running sums make
     * a histogram's monotone cumulative buckets. All zero when empty.
     */
    public long[] bucketCounts(double[] bounds) {
        long[] counts = new long[bounds.length + 1];
        long total = Math.round(this.total);
        long below = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || i > 0 && !(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must be finite and strictly ascending, got "
                        + Arrays.toString(bounds));
            }
            long atOrBelow = Math.min(total, Math.round(weightAt(normalized(bounds[i]), false)));
            counts[i] = atOrBelow - below;
            below = atOrBelow;
        }
        counts[bounds.length] = total - below;
        return counts;
    }

    /** Where the function has a knot, ascending: every distinct value when exact. */
    public double[] supportPoints() {
        return knots.clone();
    }

    private int firstAtOrAbove(double target) {
        int lo = 0;
        int hi = knots.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (atOrBelow[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private double weightAt(double x, boolean strictlyBelow) {
        int n = knots.length;
        if (n == 0) {
            return 0;
        }
        int i = Arrays.binarySearch(knots, x);
        if (i >= 0) {
            return strictlyBelow ? below[i] : atOrBelow[i];
        }
        int j = -i - 1;
        if (j == 0) {
            return 0;
        }
        return j == n ? total : between(j, x);
    }

    /** The weight at {@code x}, strictly between knots {@code j - 1} and {@code j}: linear in between. */
    private double between(int j, double x) {
        double from = atOrBelow[j - 1];
        return from + (below[j] - from) * ((x - knots[j - 1]) / (knots[j] - knots[j - 1]));
    }

    /** Sketches store -0.0 as 0.0; so must lookups, or cdf(-0.0) would miss the zeros. */
    static double normalized(double x) {
        return x == 0 ? 0.0 : x;
    }
}
