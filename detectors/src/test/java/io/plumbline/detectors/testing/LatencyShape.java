package io.plumbline.detectors.testing;

import java.util.Random;

/** Positive samples shaped like LLM call latencies; StrictMath keeps them identical on every JVM. */
public enum LatencyShape {
    LOGNORMAL_0_5 {
        @Override
        public double draw(Random r) {
            return StrictMath.exp(0.5 * r.nextGaussian());
        }
    },
    /** p99 ≈ 33 × the median: the heaviest tail here. */
    LOGNORMAL_1_5 {
        @Override
        public double draw(Random r) {
            return StrictMath.exp(1.5 * r.nextGaussian());
        }
    },
    EXPONENTIAL {
        @Override
        public double draw(Random r) {
            return -StrictMath.log(1 - r.nextDouble());
        }
    },
    /** 70 % fast (median 0.8 s, cached or short answers), 30 % slow (median 6 s). */
    BIMODAL {
        @Override
        public double draw(Random r) {
            return (r.nextDouble() < 0.7 ? 0.8 : 6) * StrictMath.exp(0.3 * r.nextGaussian());
        }
    },
    /** 30 % exactly 0.25 (one cached answer), the rest lognormal σ = 0.8 rounded to 10 ms. */
    HEAVY_TIES {
        @Override
        public double draw(Random r) {
            return r.nextDouble() < 0.3 ? 0.25 : Math.max(0.01, Math.rint(100 * StrictMath.exp(0.8 * r.nextGaussian())) / 100);
        }
    };

    public abstract double draw(Random r);
}
