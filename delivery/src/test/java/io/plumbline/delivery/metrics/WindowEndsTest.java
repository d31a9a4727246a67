package io.plumbline.delivery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowEndsTest {

    @Test
    void eachWindowEndIsFirstOnlyOnce() {
        WindowEnds ends = new WindowEnds(3);

        assertThat(ends.firstTime(10)).isTrue();
        assertThat(ends.firstTime(20)).isTrue();
        assertThat(ends.firstTime(10)).isFalse();
        assertThat(ends.firstTime(15)).isTrue();
    }

    @Test
    void aWindowOlderThanAllItRemembersIsRefusedOnceFull() {
        WindowEnds ends = new WindowEnds(2);
        ends.firstTime(10);
        ends.firstTime(20);
        ends.firstTime(30);

        // 10 was forgotten to keep the memory bounded: it may have been added, so it is not added again
        assertThat(ends.firstTime(10)).isFalse();
        assertThat(ends.firstTime(5)).isFalse();
        assertThat(ends.firstTime(25)).isTrue();
        assertThat(ends.firstTime(40)).isTrue();
    }
}
