package io.plumbline.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import io.plumbline.jobs.state.PlumblineTypes;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.InstantiationUtil;
import io.plumbline.schemas.codec.PayloadFormat;
import org.junit.jupiter.api.Test;

class KafkaIoTest {

    @Test
    void theLlmCallsSourceEmitsDecodedCallsTypedWithoutKryo() {
        assertThat(KafkaIo.llmCallsSource("localhost:9092", "plumbline.llm-calls", PayloadFormat.AUTO, "plumbline-llm")
                .build().getProducedType()).isEqualTo(PlumblineTypes.DECODED_LLM_CALL);
    }

    /** Flink ships every source and sink to its tasks serialised: all of the config's must survive it. */
    @Test
    void everySourceAndSinkOfAConfigSerialises() throws Exception {
        PlumblineConfig config = ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "localhost:9092",
                "limits.llm.max-tokens-per-call", "5000"), Map.of());
        for (Object io : List.of(KafkaIo.predictionsSource(config).build(), KafkaIo.llmCallsSource(config).build(),
                KafkaIo.baselinesSource(config).build(), KafkaIo.deadLetterSink(config),
                KafkaIo.llmDeadLetterSink(config), KafkaIo.driftStatsSink(config), KafkaIo.llmStatsSink(config),
                KafkaIo.alertsSink(config), KafkaIo.llmAlertsSink(config))) {
            assertThat(InstantiationUtil.serializeObject(io)).as("%s", io).isNotEmpty();
        }
    }

    @Test
    void theLlmCallsSourceRefusesABlankNameNamingIt() {
        assertThatThrownBy(() -> KafkaIo.llmCallsSource(" ", "t", PayloadFormat.AUTO, "g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bootstrapServers is blank: give");
        assertThatThrownBy(() -> KafkaIo.llmCallsSource("b:9092", "", PayloadFormat.AUTO, "g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("topic is blank: give");
        assertThatThrownBy(() -> KafkaIo.llmCallsSource("b:9092", "t", PayloadFormat.AUTO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("groupId is null: give");
        assertThatThrownBy(() -> KafkaIo.llmCallsSource("b:9092", "t", PayloadFormat.CONFLUENT_AVRO, "g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("llmCallsSource(config)");
        assertThatThrownBy(() -> KafkaIo.llmCallsSource("b:9092", "t", null, "g"))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("format");
    }
}
