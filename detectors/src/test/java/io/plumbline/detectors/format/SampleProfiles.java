package io.plumbline.detectors.format;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.detectors.testing.Distribution;
import java.util.Map;
import java.util.Random;

/** A seeded profile holding every sketch form, for format tests and the golden files. */
final class SampleProfiles {
    static final int EVENTS = 20_000;

    private SampleProfiles() {
    }

    /**
     * 20 000 events: "age" exact values (one event in ten carries it, rounded to 0.1), "clicks" point
     * masses (integers 0..5), "income" a digest with a tied zero, "country" a categorical sketch past its
     * K of 3, "zip" only ever missing; a numeric prediction, missing in one event in a hundred.
     */
    static ModelProfile everyForm() {
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
