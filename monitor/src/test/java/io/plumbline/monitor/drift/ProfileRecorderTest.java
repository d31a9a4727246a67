package io.plumbline.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.plumbline.detectors.sketch.CategoricalSketch;
import io.plumbline.detectors.sketch.FeatureType;
import io.plumbline.detectors.sketch.FeatureTypes;
import io.plumbline.detectors.sketch.ModelProfile;
import io.plumbline.detectors.sketch.NumericSketch;
import io.plumbline.schemas.event.PredictionRecord;
import org.junit.jupiter.api.Test;

class ProfileRecorderTest {

    private final FeatureTypes types = new FeatureTypes(3);
    private final ModelProfile window = new ModelProfile();
    private final ProfileRecorder recorder = new ProfileRecorder(CategoricalSketch.DEFAULT_MAX_DISTINCT);

    @Test
    void addsEachValueToItsFeaturesSketch() {
        record(event().addNumber("income", 10).addCategory("region", "eu").predictionNumber(0.2));
        record(event().addNumber("income", 30).addCategory("region", "us").predictionNumber(0.4));

        assertThat(window.events()).isEqualTo(2);
        NumericSketch income = (NumericSketch) window.feature("income");
        assertThat(income.count()).isEqualTo(2);
        assertThat(income.mean()).isEqualTo(20.0);
        assertThat(((CategoricalSketch) window.feature("region")).counts()).containsEntry("eu", 1L).containsEntry("us", 1L);
        assertThat(((NumericSketch) window.prediction()).mean()).isCloseTo(0.3, offset(1e-12));
    }

    @Test
    void theFirstNonMissingValueFixesTheTypeAndTheOtherTypeIsAMismatch() {
        record(event().addMissing("age").predictionCategory("yes"));
        record(event().addNumber("age", 41).predictionCategory("no"));
        record(event().addCategory("age", "forty").predictionNumber(1.0));
        record(event().addUnsupported("age").predictionCategory("yes"));

        assertThat(types.typeOf("age")).isEqualTo(FeatureType.NUMERIC);
        NumericSketch age = (NumericSketch) window.feature("age");
        assertThat(age.count()).isEqualTo(1);
        assertThat(age.missing()).isEqualTo(1);        // the missing value before the type was known
        assertThat(age.typeMismatches()).isEqualTo(2); // a string and an array
        CategoricalSketch prediction = (CategoricalSketch) window.prediction();
        assertThat(prediction.count()).isEqualTo(3);
        assertThat(prediction.typeMismatches()).isEqualTo(1);
    }

    @Test
    void theTypeHoldsAcrossWindowsOfTheSameKey() {
        record(event().addCategory("flag", "true"));
        ModelProfile next = new ModelProfile();

        recorder.record(event().addNumber("flag", 1), next, types);

        assertThat(next.feature("flag")).isInstanceOf(CategoricalSketch.class);
        assertThat(next.feature("flag").typeMismatches()).isEqualTo(1);
    }

    @Test
    void anUnsupportedValueOfAnUntypedFeatureCountsAsMissing() {
        record(event().addUnsupported("tags"));

        assertThat(window.untypedMissing("tags")).isEqualTo(1);
        assertThat(types.typeOf("tags")).isNull();
    }

    @Test
    void featuresBeyondTheLimitAreDroppedAndCounted() {
        record(event().addNumber("a", 1).addNumber("b", 2).addCategory("c", "x")
                .addNumber("d", 4).addCategory("e", "y").addMissing("f"));

        assertThat(window.features()).containsOnlyKeys("a", "b", "c");
        assertThat(window.untypedMissing()).isEmpty();
        assertThat(types.droppedFeatureValues()).isEqualTo(2);
    }

    @Test
    void aMissingPredictionIsCounted() {
        record(event().predictionNumber(0.5));
        record(event().predictionMissing());

        assertThat(window.prediction().missing()).isEqualTo(1);
    }

    @Test
    void categoricalSketchesNameAsManyCategoriesAsConfigured() {
        ProfileRecorder fewCategories = new ProfileRecorder(2);

        fewCategories.record(event().addCategory("region", "eu").addMissing("plan").predictionCategory("yes"), window, types);
        fewCategories.record(event().addNumber("region", 1).addCategory("plan", "pro").predictionCategory("no"), window, types);

        assertThat(((CategoricalSketch) window.feature("region")).maxDistinct()).isEqualTo(2);
        assertThat(((CategoricalSketch) window.feature("plan")).maxDistinct()).isEqualTo(2);
        assertThat(((CategoricalSketch) window.prediction()).maxDistinct()).isEqualTo(2);
        assertThatThrownBy(() -> new ProfileRecorder(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCategories");
    }

    /**
     * Past features.max-categories a new category takes the lightest one's slot, whose values go to "other":
     * what the job counts as turned away by that limit.
     */
    @Test
    void saysHowManyValuesACategoryPastTheLimitPushedIntoOther() {
        ProfileRecorder twoCategories = new ProfileRecorder(2);

        assertThat(twoCategories.record(event().addCategory("region", "eu").predictionCategory("yes"), window, types))
                .isZero();
        twoCategories.record(event().addCategory("region", "eu").predictionCategory("no"), window, types);
        twoCategories.record(event().addCategory("region", "us").predictionCategory("no"), window, types);
        long pushed = twoCategories.record(event().addCategory("region", "apac").predictionCategory("maybe"), window,
                types);

        assertThat(pushed).as("us (1 value) for apac, and yes (1) for maybe").isEqualTo(2);
        assertThat(((CategoricalSketch) window.feature("region")).otherCount()).isEqualTo(1);
        assertThat(((CategoricalSketch) window.prediction()).otherCount()).isEqualTo(1);
    }

    private void record(PredictionRecord event) {
        recorder.record(event, window, types);
    }

    private static PredictionRecord event() {
        return new PredictionRecord().reset("e", 1_735_689_600_000L, "m", "v1");
    }
}
