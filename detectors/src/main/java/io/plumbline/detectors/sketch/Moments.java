package io.plumbline.detectors.sketch;

/**
 * Count, min, max, mean and the sum of squared deviations (M2) of a stream. Welford's update keeps the
 * mean and M2 accurate where a running sum of squares would cancel catastrophically; Chan's formula
 * combines two partial results, so profiles built in parts agree with one built in one pass.
 *
 * <p>Values near the largest double (a producer's 1e308) must not make the mean or M2 infinite: a sketch
 * holding one could not be checkpointed and restored. Where a difference overflows, the mean moves by the
 * parts' quotients instead, and M2 saturates at {@link Double#MAX_VALUE}; ordinary values take the usual
 * update bit for bit.
 */
final class Moments {
    private long count;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double mean = Double.NaN;
    private double m2;

    void add(double v) {
        count++;
        if (count == 1) {
            min = v;
            max = v;
            mean = v;
            return;
        }
        if (v < min) {
            min = v;
        } else if (v > max) {
            max = v;
        }
        double delta = v - mean;
        mean = Double.isFinite(delta) ? mean + delta / count : mean + (v / count - mean / count);
        m2 = finite(m2 + delta * (v - mean));
    }

    /** A sum of squares that overflowed, or took an infinite difference, is as large as a double goes. */
    private static double finite(double m2) {
        return Double.isFinite(m2) ? m2 : Double.MAX_VALUE;
    }

    void merge(Moments other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            set(other.count, other.min, other.max, other.mean, other.m2);
            return;
        }
        long total = count + other.count;
        double delta = other.mean - mean;
        double otherShare = (double) other.count / total;
        mean = Double.isFinite(delta) ? mean + delta * otherShare
                : mean * (1 - otherShare) + other.mean * otherShare;
        m2 = finite(m2 + other.m2 + delta * delta * count * otherShare);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        count = total;
    }

    void set(long count, double min, double max, double mean, double m2) {
        this.count = count;
        this.min = min;
        this.max = max;
        this.mean = mean;
        this.m2 = m2;
    }

    long count() {
        return count;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    double mean() {
        return mean;
    }

    double m2() {
        return m2;
    }

    /** Sample variance (n - 1 in the denominator); NaN below two values. */
    double variance() {
        return count < 2 ? Double.NaN : m2 / (count - 1);
    }
}
