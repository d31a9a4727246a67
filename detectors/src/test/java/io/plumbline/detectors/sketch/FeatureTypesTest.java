package io.plumbline.detectors.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
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

    /**
     * An attacker's first event of a new version carries a thousand junk names and takes every slot; the
     * model's real features, sent with every later event, are dropped (and counted) until the window closes,
     * then take the slots of junk seen in fewer than the minimum share of that window's events.
     */
    @Test
    void slotsGoByEvidenceSoJunkSentOnceCannotKeepRealFeaturesOut() {
        FeatureTypes types = new FeatureTypes(1000);
        types.countEvent();
        for (int i = 0; i < 1000; i++) {
            types.resolve("junk-" + i, FeatureType.NUMERIC);
        }
        for (int e = 0; e < 500; e++) {
            types.countEvent();
            assertThat(types.resolve("income", FeatureType.NUMERIC)).isNull();
            assertThat(types.resolve("region", FeatureType.CATEGORICAL)).isNull();
        }
        assertThat(types.droppedSinceRebalance()).isEqualTo(1000);
        assertThat(types.candidates()).containsOnlyKeys("income", "region");

        List<String> evicted = types.rebalance(f -> f.startsWith("junk-") ? 1 : 0, 501, 0.01);

        assertThat(evicted).hasSize(2).allMatch(f -> f.startsWith("junk-"));
        assertThat(types.typeOf("income")).isEqualTo(FeatureType.NUMERIC);
        assertThat(types.typeOf("region")).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(types.size()).isEqualTo(1000);
        assertThat(types.droppedSinceRebalance()).isZero();
        assertThat(types.candidates()).isEmpty();
        assertThat(types.droppedFeatureValues()).as("since the version started").isEqualTo(1000);
    }

    @Test
    void aFeatureSeenEnoughKeepsItsSlotAndARareCandidateGetsNone() {
        FeatureTypes types = new FeatureTypes(2);
        types.resolve("a", FeatureType.NUMERIC);
        types.resolve("b", FeatureType.NUMERIC);
        for (int e = 0; e < 1000; e++) {
            types.countEvent();
        }
        types.resolve("rare", FeatureType.NUMERIC); // in 1 of 1 000 events: below a 1 % share

        assertThat(types.rebalance(f -> 1000, 1000, 0.01)).isEmpty();
        assertThat(types.types()).containsOnlyKeys("a", "b");
    }

    /** Names sent once each cost every candidate an event, so they never crowd out one sent with every event. */
    @Test
    void aFloodOfNewNamesCannotPushARepeatedCandidateOut() {
        FeatureTypes types = new FeatureTypes(0);
        for (int e = 0; e < 10_000; e++) {
            types.countEvent();
            types.resolve("real", FeatureType.NUMERIC);
            types.resolve("flood-" + e, FeatureType.NUMERIC);
        }

        assertThat(types.candidates()).containsKey("real").hasSizeLessThanOrEqualTo(FeatureTypes.CANDIDATES);
        assertThat(types.candidates().get("real").events()).isGreaterThan(9_000);
    }

    /** A published reference lists the model's features: nothing else takes a slot, however often it is sent. */
    @Test
    void authoritativeTypesAdmitNoOtherFeature() {
        FeatureTypes types = new FeatureTypes(1000);
        types.resolve("income", FeatureType.NUMERIC);
        types.makeAuthoritative();

        for (int e = 0; e < 100; e++) {
            types.countEvent();
            assertThat(types.resolve("surprise", FeatureType.NUMERIC)).isNull();
        }
        assertThat(types.mayType("surprise")).isFalse();
        assertThat(types.rebalance(f -> 0, 100, 0.01)).isEmpty();
        assertThat(types.types()).containsOnlyKeys("income");
        assertThat(types.droppedFeatureValues()).isEqualTo(100);
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

    /** Restored evidence rebalances as the evidence counted in place would have. */
    @Test
    void restoredEvidenceRebalancesAsTheCountedEvidence() {
        FeatureTypes counted = new FeatureTypes(1);
        counted.resolve("junk", FeatureType.NUMERIC);
        for (int e = 0; e < 10; e++) {
            counted.countEvent();
            counted.resolve("real", FeatureType.CATEGORICAL);
        }
        FeatureTypes restored = FeatureTypes.of(1, counted.types(), null, counted.droppedFeatureValues());
        restored.restoreEvidence(counted.eventsSinceRebalance(), counted.droppedSinceRebalance(), counted.candidates());

        assertThat(restored.rebalance(f -> 0, 10, 0.5)).isEqualTo(counted.rebalance(f -> 0, 10, 0.5))
                .containsExactly("junk");
        assertThat(restored.types()).isEqualTo(counted.types()).containsOnlyKeys("real");
    }

    @Test
    void refusesEvidenceForAFeatureWithASlot() {
        FeatureTypes types = FeatureTypes.of(2, Map.of("age", FeatureType.NUMERIC), null, 3);

        assertThatThrownBy(() -> types.restoreEvidence(5, 1,
                Map.of("age", new FeatureTypes.Candidate(FeatureType.NUMERIC, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candidate 'age'");
        assertThatThrownBy(() -> types.restoreEvidence(5, 4, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 dropped values");
    }
}
