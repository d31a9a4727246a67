package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.jobs.state.PlumblineTypes;
import io.plumbline.schemas.codec.PayloadFormat;
import org.junit.jupiter.api.Test;

class KafkaIoTest {

    @Test
    void theLlmCallsSourceEmitsDecodedCallsTypedWithoutKryo() {
        assertThat(KafkaIo.llmCallsSource("localhost:9092", "plumbline.llm-calls", PayloadFormat.AUTO, "plumbline-llm")
                .build().getProducedType()).isEqualTo(PlumblineTypes.DECODED_LLM_CALL);
    }

    @Test
    void theLlmCallsSourceRefusesABlankNameNamingIt() {
        assertThatThrownBy(() -> KafkaIo.llmCallsSource(" ", "t", PayloadFormat.AUTO, "g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bootstrapServers is blank: give");
        assertThatThrownBy(() -> KafkaIo.llmCallsSource("b:9092", "", PayloadFormat.AUTO, "g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("topic is blank: give");
        assertThatThrownBy(() -> KafkaIo.llmCallsSource("b:9092", "t", PayloadFormat.AUTO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("groupId is null: give");
        assertThatThrownBy(() -> KafkaIo.llmCallsSource("b:9092", "t", null, "g"))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("format");
    }
}
