package io.plumbline.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmCallRecordTest {

    private static final long END = 1_748_735_940_123_456_789L;

    private static LlmCallRecord.Builder required() {
        return LlmCallRecord.builder().eventId("c-1").startTimeNanos(END - 1_500_000_000L).endTimeNanos(END)
                .service("support-bot").operation("chat").provider("openai").requestModel("gpt-4o");
    }

    @Test
    void absentOptionalFieldsReadAsTheirDocumentedSentinels() {
        LlmCallRecord r = required().build();

        assertThat(r.responseModel()).isEqualTo("gpt-4o");
        assertThat(r.promptName()).isEqualTo(LlmCallRecord.NO_PROMPT);
        assertThat(r.promptVersion()).isEqualTo(LlmCallRecord.NO_PROMPT_VERSION);
        assertThat(r.inputTokens()).isEqualTo(LlmCallRecord.NO_COUNT);
        assertThat(r.reasoningTokens()).isEqualTo(LlmCallRecord.NO_COUNT);
        assertThat(r.finishReasons()).isEmpty();
        assertThat(r.ttftSeconds()).isNaN();
        assertThat(r.costUsd()).isNaN();
        assertThat(r.evalScore()).isNaN();
        assertThat(r.errorType()).isNull();
        assertThat(r.tenant()).isNull();
        assertThat(r.refusal()).isFalse();
    }

    @Test
    void latencyAndEventTimeComeFromTheNanos() {
        LlmCallRecord r = required().build();

        assertThat(r.latencySeconds()).isEqualTo(1.5);
        assertThat(r.eventTimeMillis()).isEqualTo(1_748_735_940_123L);
    }

    @Test
    void contentFilteredIsAFinishReason() {
        assertThat(required().finishReasons(List.of("length", "content_filter")).build().contentFiltered()).isTrue();
        assertThat(required().finishReasons(List.of("stop")).build().contentFiltered()).isFalse();
    }

    @Test
    void theFinishReasonsAreACopyTheCallerCannotChange() {
        List<String> reasons = new ArrayList<>(List.of("stop"));
        LlmCallRecord r = required().finishReasons(reasons).build();

        reasons.add("content_filter");

        assertThat(r.finishReasons()).containsExactly("stop");
        assertThat(r.contentFiltered()).isFalse();
        assertThatThrownBy(() -> r.finishReasons().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalRecordsHaveEqualHashesAndNaNEqualsNaN() {
        LlmCallRecord a = required().inputTokens(10).costUsd(Double.NaN).tenant("acme").build();
        LlmCallRecord b = required().inputTokens(10).tenant("acme").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(required().inputTokens(11).tenant("acme").build());
        assertThat(a).isNotEqualTo(required().inputTokens(10).build());
        assertThat(a).isNotEqualTo(required().inputTokens(10).tenant("acme").evalScore(0.5).build());
        assertThat(a).isNotEqualTo(required().inputTokens(10).tenant("acme").responseModel("gpt-4o-mini").build());
    }

    @Test
    void anExplicitResponseModelEqualToTheRequestedOneIsTheSameRecord() {
        assertThat(required().responseModel("gpt-4o").build()).isEqualTo(required().build());
    }

    @Test
    void toStringNamesTheFields() {
        assertThat(required().costUsd(0.25).build().toString()).contains("eventId=c-1", "service=support-bot",
                "responseModel=gpt-4o", "costUsd=0.25", "input=-1");
    }

    @Test
    void clearForgetsTheOptionalFieldsOfThePreviousCall() {
        LlmCallRecord.Builder builder = required().tenant("acme").costUsd(1).inputTokens(3).promptName("p");

        LlmCallRecord r = builder.clear().eventId("c-2").startTimeNanos(END).endTimeNanos(END).service("s")
                .operation("chat").provider("openai").requestModel("m").build();

        assertThat(r.tenant()).isNull();
        assertThat(r.costUsd()).isNaN();
        assertThat(r.inputTokens()).isEqualTo(LlmCallRecord.NO_COUNT);
        assertThat(r.promptName()).isEqualTo(LlmCallRecord.NO_PROMPT);
    }

    @Test
    void buildingFailsFastNamingTheField() {
        assertThatThrownBy(() -> required().provider(null).build()).isInstanceOf(NullPointerException.class)
                .hasMessage("provider is required");
        assertThatThrownBy(() -> required().outputTokens(-2).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outputTokens is -2: a token count is >= 0, or NO_COUNT (-1) when not reported");
    }
}
