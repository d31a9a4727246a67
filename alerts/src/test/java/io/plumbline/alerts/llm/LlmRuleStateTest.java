package io.plumbline.alerts.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.detectors.llm.CallVariant;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LlmRuleStateTest {

    private static final CallVariant V7 = new CallVariant("openai", "gpt-4o", "v7");

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
        for (int i = 0; i < LlmRuleState.MAX_VARIANTS - 1; i++) {
            state.seen(new CallVariant("openai", "gpt-4o", "v" + (100 + i)), 2 + i);
        }
        assertThat(state.overLimit()).isEmpty();
        state.seen(new CallVariant("openai", "gpt-4o", "v999"), 500);
        assertThat(state.overLimit()).contains(V7);

        state.forget(V7);

        assertThat(state.overLimit()).isEmpty();
        assertThat(state.variants()).hasSize(LlmRuleState.MAX_VARIANTS).doesNotContainKey(V7);
        assertThat(state.toString()).doesNotContain("LATENCY_P95");
        assertThat(state.extendStreak(V7, LlmRule.LATENCY_P95, 5)).isEqualTo(new LlmRuleState.Streak(1, 5));
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
