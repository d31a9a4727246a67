package io.plumbline.detectors.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallObservationTest {

    @Test
    void clearMakesEveryValueAbsent() {
        CallObservation call = new CallObservation().errorType("timeout").refusal(true).contentFiltered(true)
                .inputTokens(5).outputTokens(6).cacheReadTokens(1).reasoningTokens(2).costUsd(0.1)
                .latencySeconds(1).timeToFirstChunkSeconds(0.5).evalScore(0.7);

        call.clear();

        assertThat(call.isError()).isFalse();
        assertThat(call.refusal()).isFalse();
        assertThat(call.contentFiltered()).isFalse();
        assertThat(call.inputTokens() + call.outputTokens() + call.cacheReadTokens() + call.reasoningTokens()).isZero();
        assertThat(call.costUsd()).isNaN();
        assertThat(call.latencySeconds()).isNaN();
        assertThat(call.timeToFirstChunkSeconds()).isNaN();
        assertThat(call.evalScore()).isNaN();
    }

    @Test
    void refusesImpossibleValuesNamingTheField() {
        CallObservation call = new CallObservation();

        assertThatThrownBy(() -> call.inputTokens(-1)).hasMessage("gen_ai.usage.input_tokens must be ≥ 0, got -1");
        assertThatThrownBy(() -> call.costUsd(-0.5)).hasMessageContaining("cost.usd must be finite and ≥ 0");
        assertThatThrownBy(() -> call.latencySeconds(Double.POSITIVE_INFINITY)).hasMessageContaining("latency");
        assertThatThrownBy(() -> call.timeToFirstChunkSeconds(-1)).hasMessageContaining("gen_ai.response.time_to_first_chunk");
        assertThatThrownBy(() -> call.evalScore(1.5)).hasMessage("eval.score must be within [0, 1] (or absent), got 1.5");
        assertThat(call.evalScore(Double.NaN).evalScore()).isNaN();
    }
}
