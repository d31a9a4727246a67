package io.plumbline.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.schemas.event.PredictionRecord;
import org.junit.jupiter.api.Test;

/**
 * Partials merged into a pane against recording the same events one by one: the same counts, types and
 * dropped values, and, while the numeric sketches hold exact values, the same distributions.
 */
class PartialProfileTest {

    private static final int MAX_CATEGORIES = 8;

    @Test
    void seededCleanStreamsGiveTheSameProfileAsEventByEvent() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            List<PredictionRecord> events = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(600); i++) {
                events.add(cleanEvent(random));
            }
            assertSameProfile(events, 1000, random, "seed " + seed);
        }
    }

    @Test
    void mixedTypesCountTheSameMismatchesWhicheverKindAPartialSeesFirst() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            List<PredictionRecord> events = new ArrayList<>();
            events.add(event().addNumber("age", 30).addCategory("tier", "gold").predictionNumber(0.5));
            for (int i = 0; i < 300; i++) {
                PredictionRecord e = event();
                switch (random.nextInt(5)) {
                    case 0 -> e.addCategory("age", "forty");
                    case 1 -> e.addMissing("age");
                    default -> e.addNumber("age", random.nextInt(90));
                }
                if (random.nextInt(10) == 0) {
                    e.addNumber("tier", 3);
                } else {
                    e.addCategory("tier", "t" + random.nextInt(MAX_CATEGORIES - 2));
                }
                if (random.nextInt(7) == 0) {
                    e.predictionCategory("yes");
                } else {
                    e.predictionNumber(random.nextDouble());
                }
                events.add(e);
            }
            assertSameProfile(events, 1000, random, "seed " + seed);
        }
    }

    @Test
    void featuresPastTheSlotsAreDroppedAndCountedAsEventByEvent() {
        Random random = new Random(7);
        List<PredictionRecord> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            PredictionRecord e = event();
            for (int f = 0; f < 6; f++) {
                e.addNumber("f" + ((i + f) % 9), random.nextGaussian());
            }
            events.add(e.predictionNumber(random.nextDouble()));
        }
        assertSameProfile(events, 4, random, "four slots");
    }

    @Test
    void aPublishedReferencesTypesJudgeThePartialsValues() {
        FeatureTypes reference = FeatureTypes.of(5, Map.of("age", FeatureType.CATEGORICAL), null, 0);
        reference.makeAuthoritative();
        PartialProfile partial = new PartialProfile(5, MAX_CATEGORIES);
        partial.record(event().addNumber("age", 41).addNumber("height", 180));
        partial.record(event().addCategory("age", "old").addNumber("height", 170));
        ModelProfile pane = new ModelProfile();

        partial.mergeInto(pane, reference);

        CategoricalSketch age = (CategoricalSketch) pane.feature("age");
        assertThat(age.counts()).containsExactly(Map.entry("old", 1L));
        assertThat(age.typeMismatches()).isEqualTo(1);
        assertThat(pane.feature("height")).isNull();
        assertThat(reference.droppedFeatureValues()).isEqualTo(2);
    }

    @Test
    void ofRefusesANumericSketchAmongTheCategories() {
        ModelProfile categories = new ModelProfile();
        categories.numericFeature("age").add(1);

        assertThatThrownBy(() -> PartialProfile.of(new ModelProfile(), categories, new FeatureTypes(), Map.of(),
                Map.of(), 0, 0, MAX_CATEGORIES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a numeric sketch among the categories");
    }

    /** Records the events one by one, and again in partials of random sizes; the two panes must agree. */
    private static void assertSameProfile(List<PredictionRecord> events, int maxFeatures, Random random, String what) {
        ProfileRecorder recorder = new ProfileRecorder(MAX_CATEGORIES);
        ModelProfile expected = new ModelProfile();
        FeatureTypes expectedTypes = new FeatureTypes(maxFeatures);
        long expectedOther = 0;
        for (PredictionRecord e : events) {
            expectedOther += recorder.record(e, expected, expectedTypes);
        }
        ModelProfile merged = new ModelProfile();
        FeatureTypes mergedTypes = new FeatureTypes(maxFeatures);
        int at = 0;
        while (at < events.size()) {
            int end = Math.min(events.size(), at + 1 + random.nextInt(80));
            PartialProfile partial = new PartialProfile(maxFeatures, MAX_CATEGORIES);
            events.subList(at, end).forEach(partial::record);
            partial.mergeInto(merged, mergedTypes);
            at = end;
        }
        assertThat(merged.events()).as(what).isEqualTo(expected.events());
        assertThat(mergedTypes.types()).as(what).isEqualTo(expectedTypes.types());
        assertThat(mergedTypes.predictionType()).as(what).isEqualTo(expectedTypes.predictionType());
        assertThat(mergedTypes.droppedFeatureValues()).as(what).isEqualTo(expectedTypes.droppedFeatureValues());
        assertThat(merged.untypedMissing()).as(what).isEqualTo(expected.untypedMissing());
        assertThat(merged.untypedPredictionMissing()).as(what).isEqualTo(expected.untypedPredictionMissing());
        assertThat(merged.features().keySet()).as(what).isEqualTo(expected.features().keySet());
        expected.features().forEach((name, sketch) -> assertSameSketch(merged.feature(name), sketch, what + " " + name));
        assertSameSketch(merged.prediction(), expected.prediction(), what + " prediction");
        if (expectedOther == 0) {
            assertThat(categoryOthers(merged)).as(what).isZero();
        }
    }

    private static void assertSameSketch(FeatureSketch actual, FeatureSketch expected, String what) {
        if (expected == null) {
            assertThat(actual).as(what).isNull();
            return;
        }
        assertThat(actual).as(what).isInstanceOf(expected.getClass());
        assertThat(actual.count()).as(what + " count").isEqualTo(expected.count());
        assertThat(actual.missing()).as(what + " missing").isEqualTo(expected.missing());
        assertThat(actual.typeMismatches()).as(what + " mismatches").isEqualTo(expected.typeMismatches());
        if (expected instanceof NumericSketch numeric && numeric.count() > 0) {
            NumericSketch other = (NumericSketch) actual;
            assertThat(other.isExact()).as(what).isTrue();
            assertThat(other.min()).as(what).isEqualTo(numeric.min());
            assertThat(other.max()).as(what).isEqualTo(numeric.max());
            assertThat(other.mean()).as(what).isCloseTo(numeric.mean(), offset(1e-9));
            for (double q = 0; q <= 1; q += 0.125) {
                assertThat(other.quantile(q)).as(what + " q" + q).isEqualTo(numeric.quantile(q));
            }
        } else if (expected instanceof CategoricalSketch categorical) {
            assertThat(((CategoricalSketch) actual).counts()).as(what).isEqualTo(categorical.counts());
        }
    }

    private static long categoryOthers(ModelProfile profile) {
        long other = 0;
        for (FeatureSketch sketch : profile.features().values()) {
            if (sketch instanceof CategoricalSketch categorical) {
                other += categorical.otherCount();
            }
        }
        return other;
    }

    /** Fixed types per feature, some values missing, a few categories (fewer than K), up to 4 features. */
    private static PredictionRecord cleanEvent(Random random) {
        PredictionRecord e = event();
        if (random.nextInt(4) > 0) {
            e.addNumber("income", Math.round(random.nextGaussian() * 1000) / 10.0);
        } else {
            e.addMissing("income");
        }
        if (random.nextInt(3) > 0) {
            e.addCategory("region", "r" + random.nextInt(MAX_CATEGORIES - 1));
        }
        if (random.nextInt(10) == 0) {
            e.addMissing("notes");
        }
        e.addNumber("score", random.nextInt(20));
        if (random.nextInt(20) == 0) {
            e.predictionMissing();
        } else {
            e.predictionNumber(random.nextDouble());
        }
        return e;
    }

    private static PredictionRecord event() {
        return new PredictionRecord().reset("e", 0, "m", "v1");
    }
}
