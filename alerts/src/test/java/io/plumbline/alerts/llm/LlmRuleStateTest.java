package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.llm.CallVariant;
import io.plumbline.detectors.llm.RouteProfile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LlmRuleStateTest {

    private static final CallVariant V7 = new CallVariant("openai", "gpt-4o", "v7");
    /** The variants a route profiles by name at the default limit, and its overflow. */
    private static final int REMEMBERED = RouteProfile.DEFAULT_MAX_VARIANTS + 1;

    private static byte[] golden() throws IOException {
        try (InputStream in = LlmRuleStateTest.class.getResourceAsStream(
                "/golden/" + LlmRuleStateGoldenFileGenerator.FILE)) {
            assertThat(in).as("golden file on the test classpath").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void streaksCountConsecutiveBreachesFromTheFirst() {
        LlmRuleState state = new LlmRuleState();

        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P95, 100)).isEqualTo(new LlmRuleState.Streak(1, 100));
        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P95, 200)).isEqualTo(new LlmRuleState.Streak(2, 100));
        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P99, 200)).isEqualTo(new LlmRuleState.Streak(1, 200));
        state.endStreak(V7, LlmRule.LATENCY_P95);
        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P95, 300)).isEqualTo(new LlmRuleState.Streak(1, 300));
    }

    @Test
    void roundTripsThroughItsBinaryForm() {
        LlmRuleState state = SampleRuleStates.golden();

        LlmRuleState copy = LlmRuleState.fromBytes(state.toBytes());

        assertThat(copy).isEqualTo(state);
        assertThat(copy.variants()).containsEntry(new CallVariant("", "", ""), 3_600_000L);
        assertThat(copy.extendStreak(new CallVariant("openai", "gpt-4o-2024-08-06", "v7"), LlmRule.LATENCY_P95, 0))
                .isEqualTo(new LlmRuleState.Streak(3, 3_600_000));
    }

    @Test
    void readsTheGoldenFileOfVersion1ByteForByte() throws IOException {
        byte[] golden = golden();

        assertThat(LlmRuleState.fromBytes(golden)).isEqualTo(SampleRuleStates.golden());
        assertThat(SampleRuleStates.golden().toBytes()).isEqualTo(golden);
    }

    @Test
    void namesTheVariantSeenLongestAgoPastTheLimitAndForgetsItWithItsStreaks() {
        LlmRuleState state = new LlmRuleState();
        state.seen(V7, 1);
        state.extendStreak(V7, LlmRule.LATENCY_P95, 0);
        for (int i = 0; i < REMEMBERED - 1; i++) {
            state.seen(new CallVariant("openai", "gpt-4o", "v" + (100 + i)), 2 + i);
        }
        assertThat(state.overLimit(REMEMBERED)).isEmpty();
        state.seen(new CallVariant("openai", "gpt-4o", "v999"), 500);
        assertThat(state.overLimit(REMEMBERED)).contains(V7);
        assertThat(state.overLimit(REMEMBERED + 1)).as("a larger limit keeps it").isEmpty();

        state.forget(V7);

        assertThat(state.overLimit(REMEMBERED)).isEmpty();
        assertThat(state.variants()).hasSize(REMEMBERED).doesNotContainKey(V7);
        assertThat(state.toString()).doesNotContain("LATENCY_P95");
        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P95, 5)).isEqualTo(new LlmRuleState.Streak(1, 5));
    }

    /**
     * The state does not know the limit it was kept under (limits.llm.max-variants): it reads back as many
     * variants as the largest limit remembers, and no more.
     */
    @Test
    void readsBackAsManyVariantsAsTheLargestLimitRemembers() {
        int largest = RouteProfile.MAX_VARIANTS_CEILING + 1;
        LlmRuleState state = new LlmRuleState();
        for (int i = 0; i < largest; i++) {
            state.seen(new CallVariant("openai", "gpt-4o", "v" + i), i);
        }
        assertThat(LlmRuleState.fromBytes(state.toBytes())).isEqualTo(state);

        state.seen(new CallVariant("openai", "gpt-4o", "one-more"), 0);
        assertThatThrownBy(() -> LlmRuleState.fromBytes(state.toBytes()))
                .hasMessageContaining(largest + 1 + " variants, at most " + largest + " are kept");
    }

    @Test
    void refusesForeignAndDamagedBytesWithAPreciseMessage() throws IOException {
        assertThatThrownBy(() -> LlmRuleState.fromBytes(new byte[] {1, 2, 3, 4, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an LLM rule state: expected magic bytes 50 4C 4C 53 (\"PLLS\"), found 01 02 03 04");
        byte[] future = golden();
        future[4] = 2;
        assertThatThrownBy(() -> LlmRuleState.fromBytes(future))
                .hasMessage("unsupported LLM rule state format version 2: this reader knows version 1");
        byte[] golden = golden();
        assertThatThrownBy(() -> LlmRuleState.fromBytes(Arrays.copyOf(golden, golden.length - 3)))
                .hasMessage("corrupt LLM rule state: truncated at offset " + (golden.length - 8)
                        + ", 8 more bytes needed, 5 left");
        assertThatThrownBy(() -> LlmRuleState.fromBytes(Arrays.copyOf(golden, golden.length + 1)))
                .hasMessage("corrupt LLM rule state: 1 unexpected bytes after the end, at offset " + golden.length);
    }

    @Test
    void refusesACountLargerThanTheBytesLeft() throws IOException {
        byte[] damaged = golden();
        damaged[5] = (byte) 0x80; // the streak count, now negative

        assertThatThrownBy(() -> LlmRuleState.fromBytes(damaged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("corrupt LLM rule state: count -21474836");
    }
}
