package io.plumbline.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.cli.demo.EmbeddedBroker;
import io.plumbline.monitor.config.ConfigLoader;
import io.plumbline.monitor.config.PlumblineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaPreflightTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void passesWhenThePredictionsTopicExistsAndNamesItWhenItDoesNot() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("scoring"));

            assertThatCode(() -> KafkaPreflight.check(config(broker.bootstrapServers(), "scoring"), TIMEOUT))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> KafkaPreflight.check(config(broker.bootstrapServers(), "absent"), TIMEOUT))
                    .hasMessage("Topic absent does not exist on " + broker.bootstrapServers()
                            + ": create it (e.g. plumbline produce --create-topic --topic absent --file events.jsonl)");
        }
    }

    @Test
    void saysWhenKafkaDoesNotAnswer() throws Exception {
        PlumblineConfig config = config("127.0.0.1:1", "scoring");

        assertThatThrownBy(() -> KafkaPreflight.check(config, TIMEOUT))
                .hasMessage("Kafka at 127.0.0.1:1 did not answer within 3s; is it running there?");
    }

    /** serve asks only for the cluster id; the admin client's own timeout must read as the same sentence. */
    @Test
    void saysWhenKafkaDoesNotAnswerTheClusterIdQuestion() throws Exception {
        PlumblineConfig config = config("127.0.0.1:1", "scoring");

        assertThatThrownBy(() -> KafkaPreflight.clusterId(config, TIMEOUT))
                .hasMessage("Kafka at 127.0.0.1:1 did not answer within 3s; is it running there?");
    }

    @Test
    void checksTheLlmCallsTopicOfAnEnabledLlmJobAndOnlyThen() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, null)) {
            broker.createTopics(List.of("scoring", "calls"));
            String kafka = broker.bootstrapServers();

            assertThatCode(() -> KafkaPreflight.check(ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", kafka,
                    "topics.predictions", "scoring", "topics.llm-calls", "calls")), TIMEOUT)).doesNotThrowAnyException();
            assertThatCode(() -> KafkaPreflight.check(ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", kafka,
                    "topics.predictions", "absent", "topics.llm-calls", "calls", "job.enabled", "llm")), TIMEOUT))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> KafkaPreflight.check(ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", kafka,
                    "topics.predictions", "scoring", "topics.llm-calls", "no-calls")), TIMEOUT))
                    .hasMessage("Topic no-calls does not exist on " + kafka
                            + ": create it, or run the drift job alone (job.enabled: drift)");
        }
    }

    @Test
    void namesTheKafkaClusterThatAnswered() throws Exception {
        try (EmbeddedBroker a = EmbeddedBroker.start(0, null); EmbeddedBroker b = EmbeddedBroker.start(0, null)) {
            a.createTopics(List.of("scoring"));
            b.createTopics(List.of("scoring"));

            String clusterA = KafkaPreflight.checkAndGetClusterId(config(a.bootstrapServers(), "scoring"), TIMEOUT);
            String clusterB = KafkaPreflight.checkAndGetClusterId(config(b.bootstrapServers(), "scoring"), TIMEOUT);

            assertThat(clusterA).isNotBlank().isNotEqualTo(clusterB)
                    .isEqualTo(KafkaPreflight.checkAndGetClusterId(config(a.bootstrapServers(), "scoring"), TIMEOUT));
        }
    }

    /** The drift job alone, reading {@code topic}. */
    private static PlumblineConfig config(String bootstrapServers, String topic) throws Exception {
        return ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", bootstrapServers, "topics.predictions", topic,
                "job.enabled", "drift"));
    }
}
