package io.plumbline.detectors.testing;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.ModelProfile;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Seeded samples of a feature of far more categories than a sketch names (user ids, merchants), the
 * case where every comparison but the new-category one sees little more than "other".
 */
public enum ManyCategories {
    /** Every category equally likely. */
    UNIFORM {
        @Override
        int[] draw(Random random, int categories, int values) {
            int[] drawn = new int[values];
            for (int i = 0; i < values; i++) {
                drawn[i] = random.nextInt(categories);
            }
            return drawn;
        }
    },
    /** Category k with weight 1/(k + 1): a head of a few heavy categories and a long tail. */
    ZIPF {
        @Override
        int[] draw(Random random, int categories, int values) {
            double[] cumulative = new double[categories];
            double total = 0;
            for (int k = 0; k < categories; k++) {
                total += 1.0 / (k + 1);
                cumulative[k] = total;
            }
            int[] drawn = new int[values];
            for (int i = 0; i < values; i++) {
                int k = Arrays.binarySearch(cumulative, random.nextDouble() * total);
                drawn[i] = Math.min(categories - 1, k < 0 ? -k - 1 : k);
            }
            return drawn;
        }
    };

    /** Indices of {@code values} categories of {@code categories}. */
    abstract int[] draw(Random random, int categories, int values);

    /** {@code values} category names {@code prefix + index}, drawn from {@code categories} categories. */
    public String[] sample(String prefix, int categories, int values, Random random) {
        int[] drawn = draw(random, categories, values);
        String[] sample = new String[values];
        for (int i = 0; i < values; i++) {
            sample[i] = prefix + drawn[i];
        }
        return sample;
    }

    /** A default sketch of {@link #sample}. */
    public CategoricalSketch sketch(String prefix, int categories, int values, Random random) {
        return sketchOf(sample(prefix, categories, values, random));
    }

    /** A profile of one event per value, its only feature {@code feature} holding a {@link #sketch}. */
    public ModelProfile profile(String feature, String prefix, int categories, int values, Random random) {
        return ModelProfile.of(values, Map.of(feature, sketch(prefix, categories, values, random)), null, Map.of(), 0);
    }

    public static CategoricalSketch sketchOf(String... values) {
        CategoricalSketch sketch = new CategoricalSketch();
        for (String v : values) {
            sketch.add(v);
        }
        return sketch;
    }
}
