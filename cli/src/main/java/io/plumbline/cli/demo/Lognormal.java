package io.plumbline.cli.demo;

import java.util.random.RandomGenerator;

/**
 * A lognormal distribution by its median and the standard deviation of its logarithm: the shape of
 * LLM latencies and token counts, skewed right with a long tail.
 */
record Lognormal(double median, double sigma) {

    Lognormal {
        if (!(median > 0) || !(sigma >= 0)) {
            throw new IllegalArgumentException("a lognormal needs a median > 0 and a sigma ≥ 0, got median "
                    + median + ", sigma " + sigma);
        }
    }

    double draw(RandomGenerator rng) {
        return median * Math.exp(sigma * rng.nextGaussian());
    }

    /** A count drawn from it: rounded, at least 1. */
    long drawCount(RandomGenerator rng, double factor) {
        return Math.max(1, Math.round(factor * draw(rng)));
    }
}
