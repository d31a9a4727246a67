package io.plumbline.detectors.sketch;

import io.plumbline.detectors.testing.LatencyShape;
import io.plumbline.detectors.testing.QuantileErrors;

import static io.plumbline.detectors.testing.ExactStatistics.orderStatistic;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Relative error of {@link QuantileSketch} quantiles against the exact order statistic (the value of rank
 * ⌈q·n⌉ of the sorted sample) on latency-like samples, n = 100 to 1 000 000, worst over seeds; and what
 * the default sizing buys over a digest alone or half the compression. Prints the table it checks.
 */
class QuantileSketchAccuracyTest {
    private static final double[] LEVELS = {0.5, 0.9, 0.95, 0.99};
    /** The sizes asked for, plus 30 000 and 300 000, where the digest rather than the top values answers p95 and p99. */
    private static final int[] SIZES = {100, 1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000};


    @Test
    void theDefaultSketchIsWithinOnePercentAtP99AndP95OnEveryShapeAndSize() {
        StringBuilder table = new StringBuilder(String.format("%-14s %9s %8s %8s %8s %8s%n", "shape", "n", "p50", "p90", "p95", "p99"));
        double worstP99 = 0;
        double worstP95 = 0;
        double worstBody = 0;
        for (LatencyShape shape : LatencyShape.values()) {
            for (int n : SIZES) {
                double[] worst = worstRelativeErrors(shape, n, seedsFor(n), QuantileSketch::new);
                table.append(String.format("%-14s %9d %7.3f%% %7.3f%% %7.3f%% %7.3f%%%n", shape, n,
                        100 * worst[0], 100 * worst[1], 100 * worst[2], 100 * worst[3]));
                worstBody = Math.max(worstBody, Math.max(worst[0], worst[1]));
                worstP95 = Math.max(worstP95, worst[2]);
                worstP99 = Math.max(worstP99, worst[3]);
            }
        }
        System.out.print(table);

        assertThat(worstP99).as("worst p99 relative error").isLessThanOrEqualTo(0.01);
        assertThat(worstP95).as("worst p95 relative error").isLessThanOrEqualTo(0.01);
        assertThat(worstBody).as("worst p50 and p90 relative error").isLessThanOrEqualTo(0.02);
    }

    @Test
    void exactTopValuesAreWhatBringsP99WithinOnePercentAtTenThousand() {
        double[] digestAlone = worstRelativeErrors(LatencyShape.LOGNORMAL_1_5, 10_000, 10,
                () -> new QuantileSketch(QuantileSketch.COMPRESSION, 1));
        double[] withTop = worstRelativeErrors(LatencyShape.LOGNORMAL_1_5, 10_000, 10, QuantileSketch::new);
        System.out.printf("lognormal 1.5, n = 10 000, p99: digest alone %.3f%%, with the top values %.3f%%%n",
                100 * digestAlone[3], 100 * withTop[3]);

        assertThat(digestAlone[3]).isGreaterThan(0.01);
        assertThat(withTop[3]).isZero();
    }

    @Test
    void halfTheCompressionMissesP95OnceTheDigestAnswersIt() {
        double[] half = worstRelativeErrors(LatencyShape.LOGNORMAL_1_5, 300_000, 6,
                () -> new QuantileSketch(QuantileSketch.COMPRESSION / 2, QuantileSketch.TOP_VALUE_CAPACITY));
        double[] chosen = worstRelativeErrors(LatencyShape.LOGNORMAL_1_5, 300_000, 6, QuantileSketch::new);
        System.out.printf("lognormal 1.5, n = 300 000, p95: compression %.0f %.3f%%, %.0f %.3f%%%n",
                QuantileSketch.COMPRESSION / 2, 100 * half[2], QuantileSketch.COMPRESSION, 100 * chosen[2]);

        assertThat(half[2]).isGreaterThan(0.01);
        assertThat(chosen[2]).isLessThan(0.01);
    }

    @Test
    void mergedPartsAreAsAccurateAsOneSketch() {
        Random random = new Random(42);
        int n = 400_000;
        double[] sample = new double[n];
        QuantileSketch merged = new QuantileSketch();
        QuantileSketch part = new QuantileSketch();
        for (int i = 0; i < n; i++) {
            sample[i] = LatencyShape.LOGNORMAL_1_5.draw(random);
            part.add(sample[i]);
            // parts of uneven sizes, some exact and some digested, as panes of uneven traffic
            if (random.nextInt(3_000) == 0 || i == n - 1) {
                merged.merge(part);
                part = new QuantileSketch();
            }
        }
        Arrays.sort(sample);

        for (double q : LEVELS) {
            double exact = orderStatistic(sample, q);
            assertThat(Math.abs(merged.quantile(q) - exact) / exact).as("p" + Math.round(100 * q)).isLessThanOrEqualTo(0.01);
        }
        assertThat(merged.quantile(0.999)).as("rank within the top values").isEqualTo(orderStatistic(sample, 0.999));
    }

    private static int seedsFor(int n) {
        return n <= 10_000 ? 10 : n <= 300_000 ? 4 : 2;
    }

    private static double[] worstRelativeErrors(LatencyShape shape, int n, int seeds, Supplier<QuantileSketch> sketches) {
        return QuantileErrors.worst(shape, n, seeds, LEVELS, sketches);
    }
}
