package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelProfileTest {

    @Test
    void createsEachFeatureSketchOnceAndListsThemByName() {
        ModelProfile profile = new ModelProfile();
        NumericSketch age = profile.numericFeature("age");
        profile.categoricalFeature("country").add("NL");
        profile.numericFeature("age").add(41);

        assertThat(profile.numericFeature("age")).isSameAs(age);
        assertThat(age.count()).isEqualTo(1);
        assertThat(profile.features().keySet()).containsExactly("age", "country");
        assertThat(profile.feature("absent")).isNull();
        assertThatThrownBy(() -> profile.features().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesToRetypeAFeature() {
        ModelProfile profile = new ModelProfile();
        profile.numericFeature("age");
        profile.categoricalPrediction();

        assertThatThrownBy(() -> profile.categoricalFeature("age")).isInstanceOf(IllegalStateException.class)
                .hasMessage("feature 'age' is numeric, not categorical");
        assertThatThrownBy(profile::numericPrediction).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingValuesBeforeTheTypeIsKnownMoveIntoTheSketch() {
        ModelProfile profile = new ModelProfile();
        profile.addMissing("age");
        profile.addMissing("age");
        assertThat(profile.untypedMissing("age")).isEqualTo(2);
        assertThat(profile.feature("age")).isNull();

        NumericSketch age = profile.numericFeature("age");
        profile.addMissing("age");

        assertThat(age.missing()).isEqualTo(3);
        assertThat(profile.untypedMissing("age")).isZero();
        assertThat(profile.untypedMissing()).isEmpty();
    }

    @Test
    void missingPredictionsBeforeTheTypeIsKnownMoveIntoTheSketch() {
        ModelProfile profile = new ModelProfile();
        profile.addMissingPrediction();
        assertThat(profile.prediction()).isNull();
        assertThat(profile.untypedPredictionMissing()).isEqualTo(1);

        profile.categoricalPrediction().add("spam");

        assertThat(profile.prediction().missing()).isEqualTo(1);
        assertThat(profile.prediction().count()).isEqualTo(1);
        assertThat(profile.untypedPredictionMissing()).isZero();
    }

    @Test
    void mergeAddsEventsFeaturesMissingValuesAndThePrediction() {
        ModelProfile a = new ModelProfile();
        a.countEvent();
        a.numericFeature("age").add(30);
        a.addMissing("income");
        a.addMissingPrediction();
        ModelProfile b = new ModelProfile();
        b.countEvent();
        b.countEvent();
        b.numericFeature("age").add(40);
        b.numericFeature("income").add(1_000);
        b.categoricalFeature("country").add("NL");
        b.addMissing("zip");
        b.numericPrediction().add(0.7);

        a.merge(b);

        assertThat(a.events()).isEqualTo(3);
        assertThat(a.features().keySet()).containsExactly("age", "country", "income");
        assertThat(a.feature("age").count()).isEqualTo(2);
        assertThat(a.feature("income").count()).isEqualTo(1);
        assertThat(a.feature("income").missing()).isEqualTo(1);
        assertThat(a.untypedMissing()).containsExactly(entry("zip", 1L));
        assertThat(a.prediction().count()).isEqualTo(1);
        assertThat(a.prediction().missing()).isEqualTo(1);
    }

    @Test
    void mergeCopiesSketchesInsteadOfSharingThem() {
        ModelProfile a = new ModelProfile();
        ModelProfile b = new ModelProfile();
        b.categoricalFeature("country").add("NL");

        a.merge(b);
        b.categoricalFeature("country").add("DE");

        assertThat(a.feature("country").count()).isEqualTo(1);
        assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesOfADifferentlyTypedFeatureCountAsTypeMismatches() {
        ModelProfile a = new ModelProfile();
        a.numericFeature("code").add(1);
        ModelProfile b = new ModelProfile();
        CategoricalSketch code = b.categoricalFeature("code");
        code.add("x");
        code.add("y");
        code.addMissing();
        code.addTypeMismatch();

        a.merge(b);

        FeatureSketch merged = a.feature("code");
        assertThat(merged.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(merged.count()).isEqualTo(1);
        assertThat(merged.typeMismatches()).isEqualTo(3);
        assertThat(merged.missing()).isEqualTo(1);
    }

    @Test
    void rebuildsFromItsPartsAndRefusesImpossibleOnes() {
        NumericSketch age = new NumericSketch();
        age.add(3);

        ModelProfile profile = ModelProfile.of(7, Map.of("age", age), null, Map.of("zip", 2L), 1);

        assertThat(profile.events()).isEqualTo(7);
        assertThat(profile.feature("age")).isSameAs(age);
        assertThat(profile.untypedMissing("zip")).isEqualTo(2);
        assertThat(profile.untypedPredictionMissing()).isEqualTo(1);
        assertThatThrownBy(() -> ModelProfile.of(1, Map.of("age", age), null, Map.of("age", 1L), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("which has a sketch");
        assertThatThrownBy(() -> ModelProfile.of(-1, Map.of(), null, Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
