package io.plumbline.cli.demo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LlmWorkloadTest {

    private static LlmWorkload.Builder answer() {
        return LlmWorkload.builder("support-bot", "answer", "chat")
                .model("openai", "gpt-4o", "gpt-4o-2024-08-06").versions("v1", "v2").share(0.5)
                .latency(1, 0.3).input(100, 0.2);
    }

    @Test
    void refusesWorkloadsThatCannotBeDrawnNamingWhatIsWrong() {
        assertThatThrownBy(() -> answer().share(0).build())
                .hasMessage("support-bot/answer: share must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> answer().refusals(1.5).build())
                .hasMessage("support-bot/answer: rates and shares must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> answer().refusals(0.6).contentFilter(0.6).build())
                .hasMessageContaining("exceed every call");
        assertThatThrownBy(() -> answer().incident(LlmIncident.outage("v3", "slower").latency(2)).build())
                .hasMessage("support-bot/answer: the incident's version v3 is not among the versions served, [v1, v2]");
        assertThatThrownBy(() -> answer().incident(LlmIncident.release("v2", "again")).build())
                .hasMessage("support-bot/answer: the release's version v2 is already served");
        assertThatThrownBy(() -> LlmWorkload.builder("search-api", null, "embeddings").share(1).build())
                .hasMessageContaining("search-api/embeddings: model(provider, requestModel, responseModel) is required");
        assertThatThrownBy(() -> new Lognormal(0, 1)).hasMessageContaining("median > 0");
    }
}
