package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeatureNameSetTest {

    @Test
    void addsANameOnce() {
        FeatureNameSet set = new FeatureNameSet();

        assertThat(set.add("age")).isTrue();
        assertThat(set.add("plan")).isTrue();
        assertThat(set.add(new String("age"))).isFalse();
    }

    @Test
    void clearingForgetsEveryName() {
        FeatureNameSet set = new FeatureNameSet();
        set.add("age");

        set.clear();

        assertThat(set.add("age")).isTrue();
    }

    @Test
    void growsForWideEventsAndStaysCorrectForNarrowOnesAfter() {
        FeatureNameSet set = new FeatureNameSet();
        for (int i = 0; i < 5_000; i++) {
            assertThat(set.add("f" + i)).isTrue();
        }
        for (int i = 0; i < 5_000; i++) {
            assertThat(set.add("f" + i)).isFalse();
        }

        set.clear();

        assertThat(set.add("f1")).isTrue();
        assertThat(set.add("f2")).isTrue();
        assertThat(set.add("f1")).isFalse();
    }
}
