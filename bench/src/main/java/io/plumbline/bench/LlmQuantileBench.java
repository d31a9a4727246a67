package io.plumbline.bench;

import io.plumbline.detectors.sketch.QuantileSketch;
import io.plumbline.detectors.testing.LatencyShape;
import io.plumbline.detectors.testing.QuantileErrors;
import java.util.Locale;

/**
 * LLM latency percentiles from the LlmJob's {@link QuantileSketch} against the exact order statistics
 * of the raw sample (issue 13 §7: p99 relative error target ≤ 1 %), per latency shape and size.
 *
 * <p>Run: {@code bench/run-llm-quantiles.sh}
 */
public final class LlmQuantileBench {
    private static final double[] LEVELS = {0.5, 0.9, 0.95, 0.99};
    private static final int[] SIZES = {1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000};

    public static void main(String[] args) {
        System.out.println("| shape | n | seeds | worst relative error p50 | p90 | p95 | p99 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        double worstP99 = 0;
        for (LatencyShape shape : LatencyShape.values()) {
            for (int n : SIZES) {
                int seeds = n <= 10_000 ? 10 : n <= 300_000 ? 4 : 2;
                double[] worst = QuantileErrors.worst(shape, n, seeds, LEVELS, QuantileSketch::new);
                worstP99 = Math.max(worstP99, worst[3]);
                System.out.printf(Locale.ROOT, "| %s | %,d | %d | %.3f %% | %.3f %% | %.3f %% | %.3f %% |%n",
                        shape.name().toLowerCase(Locale.ROOT), n, seeds, 100 * worst[0], 100 * worst[1],
                        100 * worst[2], 100 * worst[3]);
            }
        }
        System.out.printf(Locale.ROOT, "%nWorst p99 relative error over every row: %.3f %% (target 1 %%)%n",
                100 * worstP99);
    }
}
