package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputKeyTest {

    /** Joined as they were, "a/b" + "c" and "a" + "b/c" were both a/b/c: two series under one key. */
    @Test
    void aSlashInsideAnIdCannotMakeTwoSeriesShareAKey() {
        assertThat(OutputKey.of("a/b", "c", "x")).isEqualTo("a%2Fb/c/x");
        assertThat(OutputKey.of("a", "b/c", "x")).isEqualTo("a/b%2Fc/x");
        assertThat(OutputKey.of("a%2Fb", "c", "x")).as("an id that looks encoded stays apart").isEqualTo("a%252Fb/c/x");
    }

    @Test
    void idsWithoutSlashOrPercentReadAsTheyAre() {
        assertThat(OutputKey.of("credit-risk", "v3", "income")).isEqualTo("credit-risk/v3/income");
        assertThat(OutputKey.of("support-bot", "", "chat")).isEqualTo("support-bot//chat");
    }
}
