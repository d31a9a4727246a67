package io.plumbline.detectors.format;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.testing.Distribution;
import io.plumbline.detectors.testing.ManyCategories;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Seeded profiles holding every sketch form, for format tests and the golden files. */
final class SampleProfiles {
    static final int EVENTS = 20_000;
    /** Equally likely categories of "merchant": far more than its sample holds. */
    static final int MERCHANTS = 5_000;

    private SampleProfiles() {
    }

    /**
     * {@link #versionTwoForms()} and "merchant", a categorical sketch past its K whose sample of
     * distinct categories is full: one value an event, of {@link #MERCHANTS} equally likely categories.
     */
    static ModelProfile everyForm() {
        ModelProfile versionTwo = versionTwoForms();
        Map<String, FeatureSketch> features = new HashMap<>(versionTwo.features());
        features.put("merchant", ManyCategories.sketchOf(merchants()));
        return ModelProfile.of(EVENTS, features, versionTwo.prediction(), versionTwo.untypedMissing(), 0);
    }

    /** The values of "merchant" in {@link #everyForm()}: "m0" to "m4999". */
    static String[] merchants() {
        return ManyCategories.UNIFORM.sample("m", MERCHANTS, EVENTS, new Random(20_251_124));
    }

    /**
     * The forms up to profile version 2, of which its golden files (and those of version 1) were written.
     * 20 000 events: "age" exact values (one event in ten carries it, rounded to 0.1), "clicks" point
     * masses (integers 0..5), "income" a digest with a tied zero, "country" a categorical sketch past its
     * K of 3, "zip" only ever missing; a numeric prediction, missing in one event in a hundred.
     */
    static ModelProfile versionTwoForms() {
        Random random = new Random(20_240_611);
        NumericSketch age = new NumericSketch();
        NumericSketch clicks = new NumericSketch();
        NumericSketch income = new NumericSketch();
        CategoricalSketch country = new CategoricalSketch(3);
        NumericSketch prediction = new NumericSketch();
        String[] countries = {"NL", "DE", "FR", "BE", "LU"};
        for (int i = 0; i < EVENTS; i++) {
            if (i % 10 == 0) {
                age.add(Math.rint(Distribution.NORMAL.draw(random, 0) * 120 + 400) / 10);
            } else {
                age.addMissing();
            }
            clicks.add(Distribution.INTEGERS_0_TO_5.draw(random, 0));
            income.add(Distribution.ZERO_INFLATED.draw(random, 0) * 30_000);
            country.add(countries[(int) Math.min(4, Math.abs(random.nextGaussian()) * 2)]);
            if (i % 100 == 7) {
                prediction.addMissing();
            } else {
                prediction.add(random.nextDouble());
            }
        }
        income.addTypeMismatch();
        Map<String, FeatureSketch> features = Map.of("age", age, "clicks", clicks, "income", income, "country", country);
        return ModelProfile.of(EVENTS, features, prediction, Map.of("zip", (long) EVENTS), 0);
    }
}
