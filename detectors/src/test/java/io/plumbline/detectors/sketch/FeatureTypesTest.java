package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureTypesTest {

    @Test
    void theFirstObservedTypeSticks() {
        FeatureTypes types = new FeatureTypes();

        assertThat(types.resolve("age", FeatureType.NUMERIC)).isEqualTo(FeatureType.NUMERIC);
        assertThat(types.resolve("age", FeatureType.CATEGORICAL)).isEqualTo(FeatureType.NUMERIC);
        assertThat(types.typeOf("age")).isEqualTo(FeatureType.NUMERIC);
        assertThat(types.typeOf("other")).isNull();
        assertThat(types.maxFeatures()).isEqualTo(FeatureTypes.DEFAULT_MAX_FEATURES);
    }

    @Test
    void featuresPastTheLimitAreDroppedAndCounted() {
        FeatureTypes types = new FeatureTypes(2);
        types.resolve("b", FeatureType.NUMERIC);
        types.resolve("a", FeatureType.CATEGORICAL);

        assertThat(types.resolve("c", FeatureType.NUMERIC)).isNull();
        assertThat(types.resolve("c", FeatureType.NUMERIC)).isNull();
        assertThat(types.resolve("a", FeatureType.NUMERIC)).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(types.size()).isEqualTo(2);
        assertThat(types.droppedFeatureValues()).isEqualTo(2);
        assertThat(types.types()).containsExactly(entry("a", FeatureType.CATEGORICAL), entry("b", FeatureType.NUMERIC));
    }

    @Test
    void thePredictionTypeIsFixedApart() {
        FeatureTypes types = new FeatureTypes(0);
        assertThat(types.predictionType()).isNull();

        assertThat(types.predictionType(FeatureType.CATEGORICAL)).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(types.predictionType(FeatureType.NUMERIC)).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(types.predictionType()).isEqualTo(FeatureType.CATEGORICAL);
    }

    @Test
    void rebuildsFromItsPartsAndRefusesImpossibleOnes() {
        FeatureTypes types = FeatureTypes.of(3, Map.of("a", FeatureType.NUMERIC), FeatureType.NUMERIC, 9);

        assertThat(types.typeOf("a")).isEqualTo(FeatureType.NUMERIC);
        assertThat(types.predictionType()).isEqualTo(FeatureType.NUMERIC);
        assertThat(types.droppedFeatureValues()).isEqualTo(9);
        assertThatThrownBy(() -> FeatureTypes.of(0, Map.of("a", FeatureType.NUMERIC), null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed the limit of 0");
    }

    @Test
    void wireNamesRoundTrip() {
        for (FeatureType type : FeatureType.values()) {
            assertThat(FeatureType.fromWireName(type.wireName())).isEqualTo(type);
        }
        assertThat(FeatureType.NUMERIC.wireName()).isEqualTo("numeric");
        assertThat(FeatureType.CATEGORICAL.wireName()).isEqualTo("categorical");
        assertThatThrownBy(() -> FeatureType.fromWireName("text")).isInstanceOf(IllegalArgumentException.class);
    }
}
