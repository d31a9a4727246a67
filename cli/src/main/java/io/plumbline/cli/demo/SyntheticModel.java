package io.plumbline.cli.demo;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** A made-up model of the demo: how one prediction's features and score are drawn, before and during a shift. */
public interface SyntheticModel {

    String id();

    String version();

    /** What a shift changes, in words for the demo's header; empty for a model that never shifts. */
    List<String> shiftDescription();

    /** Draws one prediction's features (name → Double, String, Boolean or null) into {@code features}. */
    double draw(RandomGenerator rng, boolean shifted, Map<String, Object> features);

    static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static String pick(RandomGenerator rng, List<String> values, double[] weights) {
        double u = rng.nextDouble();
        for (int i = 0; i < values.size() - 1; i++) {
            u -= weights[i];
            if (u < 0) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }

    static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
