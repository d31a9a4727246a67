package io.plumbline.detectors.testing;

import io.plumbline.detectors.sketch.CumulativeDistribution;
import io.plumbline.detectors.sketch.QuantileSketch;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

/** How far a quantile sketch's answers are from the exact order statistics of the sample it was fed. */
public final class QuantileErrors {
    private QuantileErrors() {
    }

    /**
     * The worst relative error |q̂ − q| / q at each level over {@code seeds} seeded samples of {@code n}
     * values of the shape, each fed to a fresh sketch; exact = {@link ExactStatistics#orderStatistic}.
     */
    public static double[] worst(LatencyShape shape, int n, int seeds, double[] levels,
                                 Supplier<QuantileSketch> sketches) {
        double[] worst = new double[levels.length];
        for (int seed = 0; seed < seeds; seed++) {
            Random random = new Random(31L * n + seed);
            QuantileSketch sketch = sketches.get();
            double[] sample = new double[n];
            for (int i = 0; i < n; i++) {
                sample[i] = shape.draw(random);
                sketch.add(sample[i]);
            }
            Arrays.sort(sample);
            CumulativeDistribution distribution = sketch.distribution();
            for (int k = 0; k < levels.length; k++) {
                double exact = ExactStatistics.orderStatistic(sample, levels[k]);
                worst[k] = Math.max(worst[k], Math.abs(distribution.quantile(levels[k]) - exact) / exact);
            }
        }
        return worst;
    }
}
