package io.plumbline.detectors.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Corrections for testing many features at once: with 50 features each tested at 5 %, a stationary model
 * would raise some alert in most windows. NaN p-values (a statistic that could not be computed) are not
 * tests: they do not count towards the number of tests, stay NaN when adjusted, and are never rejected.
 */
public final class MultipleTesting {
    /** How p-values of several simultaneous tests are adjusted. */
    public enum Correction {
        /** Each test on its own. */
        NONE,
        /** min(1, m·p): controls the chance of any false rejection (family-wise error rate). */
        BONFERRONI,
        /** Benjamini-Hochberg step-up: controls the expected share of false rejections (false discovery rate). */
        BENJAMINI_HOCHBERG
    }

    private MultipleTesting() {
    }

    /**
     * Adjusted p-values, in the input's order: a test is rejected at level q when its adjusted p-value is
     * ≤ q. Benjamini-Hochberg's is min over j ≥ i of min(1, m·p<sub>(j)</sub>/j) for the i-th smallest p,
     * as scipy's {@code false_discovery_control} and R's {@code p.adjust(method = "BH")}.
     */
    public static double[] adjust(double[] pValues, Correction correction) {
        for (double p : pValues) {
            if (!Double.isNaN(p) && !(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p-values must be within [0, 1] or NaN, got " + p);
            }
        }
        double[] adjusted = pValues.clone();
        int[] tested = indicesOfNonNaN(pValues);
        int m = tested.length;
        switch (correction) {
            case NONE -> {
            }
            case BONFERRONI -> {
                for (int i : tested) {
                    adjusted[i] = Math.min(1, m * pValues[i]);
                }
            }
            case BENJAMINI_HOCHBERG -> {
                Integer[] ascending = Arrays.stream(tested).boxed().toArray(Integer[]::new);
                Arrays.sort(ascending, (a, b) -> Double.compare(pValues[a], pValues[b]));
                double smallestAbove = 1;
                for (int rank = m; rank >= 1; rank--) {
                    int i = ascending[rank - 1];
                    smallestAbove = Math.min(smallestAbove, m * pValues[i] / rank);
                    adjusted[i] = smallestAbove;
                }
            }
        }
        return adjusted;
    }

    /**
     * {@link #adjust(double[], Correction)} over a family of tests grouped by what they test (a feature, a
     * variant), each group's p-values keyed by the rule that reads them; the groups in the input's order.
     */
    public static <K extends Enum<K>> List<EnumMap<K, Double>> adjust(List<EnumMap<K, Double>> family,
                                                                     Correction correction) {
        List<K> keys = new ArrayList<>();
        List<Double> flat = new ArrayList<>();
        for (EnumMap<K, Double> group : family) {
            keys.addAll(group.keySet());
            flat.addAll(group.values());
        }
        double[] adjusted = adjust(flat.stream().mapToDouble(Double::doubleValue).toArray(), correction);
        List<EnumMap<K, Double>> result = new ArrayList<>(family.size());
        int i = 0;
        for (EnumMap<K, Double> group : family) {
            EnumMap<K, Double> own = new EnumMap<>(group);
            for (int end = i + group.size(); i < end; i++) {
                own.put(keys.get(i), adjusted[i]);
            }
            result.add(own);
        }
        return result;
    }

    /** The number of tests in a family: its p-values that are not NaN. */
    public static int tests(List<? extends Map<?, Double>> family) {
        int n = 0;
        for (Map<?, Double> group : family) {
            for (double p : group.values()) {
                n += Double.isNaN(p) ? 0 : 1;
            }
        }
        return n;
    }

    /** Which tests are rejected at level q (a family-wise error rate or false discovery rate, per correction). */
    public static boolean[] reject(double[] pValues, double q, Correction correction) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("level must be within [0, 1], got " + q);
        }
        double[] adjusted = adjust(pValues, correction);
        boolean[] rejected = new boolean[adjusted.length];
        for (int i = 0; i < adjusted.length; i++) {
            rejected[i] = adjusted[i] <= q;
        }
        return rejected;
    }

    private static int[] indicesOfNonNaN(double[] pValues) {
        int[] indices = new int[pValues.length];
        int n = 0;
        for (int i = 0; i < pValues.length; i++) {
            if (!Double.isNaN(pValues[i])) {
                indices[n++] = i;
            }
        }
        return Arrays.copyOf(indices, n);
    }
}
