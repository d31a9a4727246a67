package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.monitor.config.ConfigException;
import io.plumbline.monitor.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

/**
 * The config refuses a {@code kafka.properties.sasl.jaas.config} line before any Kafka client could fail on it
 * (and quote a piece of it): exactly the lines a Kafka client cannot read, no more, or a good login would be
 * refused.
 */
class JaasLinesTest {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    @Test
    void refusesJustTheLinesKafkaCannotRead() {
        List<String> lines = List.of(
                PLAIN + " required username=\"svc\" password=\"p a$$ word\";",
                PLAIN + " required username='svc' password='x';",
                PLAIN + " REQUIRED username=svc password=pa$$-word_1;",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"x\""
                        + " tokenauth=\"true\"; // rotated monthly",
                PLAIN + " /* the service's own */ required username=\"svc\" password=\"x\";",
                PLAIN + " optional;",
                PLAIN + " required username=\"svc\" password=hunter2 hunter3;",
                PLAIN + " required username=\"svc\" password=123456;",
                PLAIN + " required username=\"svc\" password=\"x\"",
                PLAIN + " required username=\"svc\" password=;",
                PLAIN + " mandatory username=\"svc\" password=\"x\";",
                PLAIN + " required username=\"a\" password=\"b\"; " + PLAIN + " required username=\"c\" password=\"d\";",
                PLAIN + ";",
                "\"\" required;",
                "username=\"svc\" password=\"x\";",
                "");

        for (String line : lines) {
            assertThat(configTakes(line)).as("the config takes %s", line).isEqualTo(kafkaReads(line));
        }
        assertThat(lines).filteredOn(JaasLinesTest::kafkaReads).as("lines Kafka reads").hasSize(6);
    }

    private static boolean configTakes(String line) {
        try {
            ConfigLoader.load(null, Map.of("kafka.bootstrap-servers", "broker-1:9092",
                    "kafka.properties.sasl.jaas.config", line), Map.of());
            return true;
        } catch (ConfigException e) {
            assertThat(e.problems()).singleElement().asString()
                    .startsWith("kafka.properties.sasl.jaas.config: expected one login line");
            return false;
        }
    }

    /** As a Kafka client reads its sasl.jaas.config. */
    private static boolean kafkaReads(String line) {
        try {
            JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(line)));
            return true;
        } catch (IllegalArgumentException | KafkaException e) {
            return false;
        }
    }
}
