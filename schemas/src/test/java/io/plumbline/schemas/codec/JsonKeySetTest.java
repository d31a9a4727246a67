package io.plumbline.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonKeySetTest {

    @Test
    void addsAKeyOnce() {
        JsonKeySet set = new JsonKeySet();

        assertThat(set.add("age")).isTrue();
        assertThat(set.add("plan")).isTrue();
        assertThat(set.add(new String("age"))).isFalse();
    }

    @Test
    void clearingForgetsEveryKey() {
        JsonKeySet set = new JsonKeySet();
        set.add("age");

        set.clear();

        assertThat(set.add("age")).isTrue();
    }

    @Test
    void growsForWideEventsAndStaysCorrectForNarrowOnesAfter() {
        JsonKeySet set = new JsonKeySet();
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
