package io.plumbline.detectors.testing;

import java.util.Random;

/**
 * The sample shapes accuracy is measured on. {@code shift} moves a sample by that many standard
 * deviations of the distribution (of the underlying normal for the lognormal and the discrete ones,
 * where a shift of the raw SD would be absurd or impossible). StrictMath keeps samples, and so golden
 * files built from them, identical on every JVM.
 */
public enum Distribution {
    NORMAL {
        @Override
        public double draw(Random r, double shift) {
            return r.nextGaussian() + shift;
        }
    },
    /** σ = 2: a heavy right tail (p99 ≈ 100 × median). */
    LOGNORMAL {
        @Override
        public double draw(Random r, double shift) {
            return StrictMath.exp(2 * (r.nextGaussian() + shift));
        }
    },
    /** ½ N(-3, 1) + ½ N(3, 1): SD √10. */
    BIMODAL {
        @Override
        public double draw(Random r, double shift) {
            return (r.nextBoolean() ? -3 : 3) + r.nextGaussian() + shift * Math.sqrt(10);
        }
    },
    /** U(0, 1): SD 1/√12. */
    UNIFORM {
        @Override
        public double draw(Random r, double shift) {
            return r.nextDouble() + shift / Math.sqrt(12);
        }
    },
    /** 20 bell-shaped levels 0..19. */
    LEVELS_20 {
        @Override
        public double draw(Random r, double shift) {
            return Math.max(0, Math.min(19, Math.floor(10 + 3 * (r.nextGaussian() + shift))));
        }
    },
    /** Integers 0..5. */
    INTEGERS_0_TO_5 {
        @Override
        public double draw(Random r, double shift) {
            return Math.max(0, Math.min(5, Math.rint(2 + 1.2 * (r.nextGaussian() + shift))));
        }
    },
    /** 40 % zeros (a default value), the rest lognormal σ = 0.5. */
    ZERO_INFLATED {
        @Override
        public double draw(Random r, double shift) {
            return r.nextDouble() < 0.4 ? 0 : StrictMath.exp(0.5 * (r.nextGaussian() + shift));
        }
    };

    public abstract double draw(Random r, double shift);

    public double[] sample(int n, double shift, Random r) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = draw(r, shift);
        }
        return values;
    }
}
